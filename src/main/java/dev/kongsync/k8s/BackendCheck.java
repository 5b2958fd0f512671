package dev.kongsync.k8s;

import dev.kongsync.kind.Kinds;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks, before anything is written to Kong, that every backend the files send traffic to exists in the cluster:
 * each service host of the form {@code <name>.<namespace>.svc[.<cluster domain>]} (or, for a service pointing at an
 * upstream, each of its targets) must be a Service that exposes the port and has at least one ready endpoint
 * (EndpointSlices). Hosts outside the cluster domain are reported and left alone.
 */
public final class BackendCheck {

    /** One backend: where traffic goes, which file entity sends it there, and the routes that depend on it. */
    public record Backend(String host, int port, String via, List<String> routes) {}

    /** The outcome for one backend: {@code problem} is null when it is fine. */
    public record Finding(Backend backend, String namespace, String service, String problem) {
        public String describe() {
            String routes = backend.routes().isEmpty() ? "no route" : "route" + (backend.routes().size() > 1 ? "s " : " ")
                    + String.join(", ", backend.routes());
            return backend.host() + ":" + backend.port() + " (" + backend.via() + "): " + problem + "; " + routes
                    + " would break";
        }
    }

    /** What the check found: problems, fine backends, and hosts outside the cluster it did not check. */
    public record Result(List<Finding> problems, List<Finding> ok, List<Backend> outside) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private final Pattern clusterHost;

    public BackendCheck(String clusterDomain) {
        this.clusterHost = Pattern.compile("^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\\.svc(\\."
                + Pattern.quote(clusterDomain) + ")?\\.?$");
    }

    /** The backends the files send traffic to. */
    public static List<Backend> backends(DesiredState desired) {
        Map<DesiredEntity, List<String>> routesByService = new IdentityHashMap<>();
        for (DesiredEntity r : desired.of(Kinds.ROUTE)) {
            DesiredEntity s = r.target("service");
            if (s != null) {
                routesByService.computeIfAbsent(s, k -> new ArrayList<>()).add(r.label());
            }
        }
        Map<String, List<DesiredEntity>> targetsByUpstream = new LinkedHashMap<>();
        for (DesiredEntity u : desired.of(Kinds.UPSTREAM)) {
            targetsByUpstream.put(u.label(), new ArrayList<>());
        }
        for (DesiredEntity t : desired.of(Kinds.TARGET)) {
            DesiredEntity u = t.target("upstream");
            if (u != null && targetsByUpstream.containsKey(u.label())) {
                targetsByUpstream.get(u.label()).add(t);
            }
        }
        List<Backend> out = new ArrayList<>();
        for (DesiredEntity s : desired.of(Kinds.SERVICE)) {
            String host = Objects.toString(s.fields().get("host"), null);
            if (host == null) {
                continue;
            }
            List<String> routes = routesByService.getOrDefault(s, List.of());
            List<DesiredEntity> targets = targetsByUpstream.get(host);
            if (targets != null) {
                for (DesiredEntity t : targets) {
                    String target = t.label();
                    int colon = target.lastIndexOf(':');
                    out.add(new Backend(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)),
                            "target of upstream " + host + " used by service " + s.label(), routes));
                }
                continue;
            }
            int port = s.fields().get("port") instanceof Number n ? n.intValue() : 80;
            out.add(new Backend(host, port, "service " + s.label(), routes));
        }
        return out;
    }

    public Result check(KubernetesClient client, List<Backend> backends) {
        List<Finding> problems = new ArrayList<>();
        List<Finding> ok = new ArrayList<>();
        List<Backend> outside = new ArrayList<>();
        for (Backend b : backends) {
            Matcher m = clusterHost.matcher(b.host().toLowerCase());
            if (!m.matches()) {
                outside.add(b);
                continue;
            }
            String name = m.group(1);
            String ns = m.group(3);
            String problem;
            try {
                problem = problem(client, ns, name, b.port());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 0) {
                    throw new IllegalStateException("cannot reach the Kubernetes API at "
                            + client.getConfiguration().getMasterUrl() + ": " + rootMessage(e));
                }
                problem = "cannot check Service " + ns + "/" + name + ": " + (e.getCode() == 403
                        ? "forbidden (the ServiceAccount needs get on services and list on endpointslices in " + ns + ")"
                        : e.getMessage());
            }
            (problem == null ? ok : problems).add(new Finding(b, ns, name, problem));
        }
        return new Result(problems, ok, outside);
    }

    private static String problem(KubernetesClient client, String ns, String name, int port) {
        Service svc = client.services().inNamespace(ns).withName(name).get();
        if (svc == null) {
            return "no Service " + name + " in namespace " + ns;
        }
        if ("ExternalName".equals(svc.getSpec().getType())) {
            return null;
        }
        ServicePort sp = svc.getSpec().getPorts().stream().filter(p -> p.getPort() != null && p.getPort() == port)
                .findFirst().orElse(null);
        if (sp == null) {
            return "Service " + ns + "/" + name + " does not expose port " + port + " (it exposes "
                    + svc.getSpec().getPorts().stream().map(p -> String.valueOf(p.getPort())).toList() + ")";
        }
        List<EndpointSlice> slices = client.discovery().v1().endpointSlices().inNamespace(ns)
                .withLabel("kubernetes.io/service-name", name).list().getItems();
        for (EndpointSlice slice : slices) {
            boolean servesPort = slice.getPorts() == null || slice.getPorts().isEmpty()
                    || slice.getPorts().stream().map(EndpointPort::getName)
                    .anyMatch(n -> Objects.equals(emptyToNull(n), emptyToNull(sp.getName())));
            if (!servesPort || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                if (e.getConditions() == null || e.getConditions().getReady() == null
                        || Boolean.TRUE.equals(e.getConditions().getReady())) {
                    return null;
                }
            }
        }
        return "Service " + ns + "/" + name + " has no ready endpoint for port " + port;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Checks until every backend is fine or {@code wait} has passed, pausing {@code interval} between tries. */
    public Result waitFor(KubernetesClient client, List<Backend> backends, Duration wait, Duration interval,
                          java.util.function.Consumer<Result> onRetry) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Result r = check(client, backends);
            if (r.passed() || System.nanoTime() + interval.toNanos() > deadline) {
                return r;
            }
            onRetry.accept(r);
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
    }
}
