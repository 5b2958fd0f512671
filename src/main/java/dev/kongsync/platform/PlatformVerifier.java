package dev.kongsync.platform;

import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Location;
import dev.kongsync.file.SourceDocument;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline checks of a platform's Helm values and manifests: derives every Service and Secret the charts and the
 * CloudNativePG operator will create (with their naming rules, see {@link ChartRelease} and {@link CnpgCluster}) and
 * reports each reference that does not resolve, plain {@code redis://} URLs to a Sentinel setup, plaintext
 * passwords, a public Admin API or Kong Manager, NetworkPolicy rules the charts render open to every Pod,
 * inconsistent storage classes, unpinned or no-longer-served images, and names that depend on the release name.
 * Every finding has file and line.
 */
public final class PlatformVerifier {

    /** One finding: where, a stable category, and what to do. */
    public record Finding(Location location, String category, String message) {
        @Override
        public String toString() {
            return location + ": [" + category + "] " + message;
        }
    }

    private static final Pattern HELM = Pattern.compile(
            "helm\\s+(?:upgrade\\s+(?:-i|--install)|install)\\s+([a-z0-9][-a-z0-9]*)\\s+([\\w.-]+/(postgresql|redis|kong"
            + "|cloudnative-pg))(?![\\w-])(.*)");
    private static final Pattern NAMESPACE = Pattern.compile("(?:-n|--namespace)[\\s=]+([a-z0-9][-a-z0-9]*)");
    private static final Pattern FQDN = Pattern.compile(
            "\\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.svc(?:\\.cluster\\.local)?(?::(\\d+))?");
    private static final Pattern PLAIN_REDIS = Pattern.compile("redis://[^\\s\"']*?([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc[^\\s\"']*?:6379");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"']+:([^@\\s\"'/]+)@");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|token)$");
    private static final Set<String> NOT_SECRET_KEYS = Set.of("existingSecretPasswordKey", "adminPasswordKey",
            "userPasswordKey", "replicationPasswordKey", "usePasswordFiles");

    private final List<Finding> findings = new ArrayList<>();
    private final Map<CnpgCluster, SourceDocument> clusterDocs = new java.util.IdentityHashMap<>();

    private PlatformVerifier() {}

    /**
     * Verifies every .yml/.yaml file under the given files or directories; shell scripts (.sh) and Helm chart
     * templates are scanned for the host names and URLs they use.
     */
    public static List<Finding> verify(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path r : roots) {
            if (Files.isDirectory(r)) {
                try (Stream<Path> s = Files.walk(r)) {
                    s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")
                            || p.toString().endsWith(".sh")).filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(r);
            }
        }
        PlatformVerifier v = new PlatformVerifier();
        Map<Path, String> texts = new LinkedHashMap<>();
        Map<Path, List<SourceDocument>> docs = new LinkedHashMap<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            texts.put(f, text);
            if (f.toString().endsWith(".sh") || helmTemplate(f)) {
                docs.put(f, List.of());
                continue;
            }
            try {
                docs.put(f, SourceDocument.parseAll(f.toString(), text));
            } catch (InvalidConfigException e) {
                e.problems().forEach(p -> v.findings.add(new Finding(p.location(), "syntax", p.message())));
                docs.put(f, List.of());
            }
        }
        List<ChartRelease> releases = v.releases(texts, docs);
        List<CnpgCluster> clusters = v.clusters(docs);
        List<NameSource> sources = new ArrayList<>(releases);
        sources.addAll(clusters);
        for (Path f : files) {
            v.scanText(f, texts.get(f), sources);
            for (SourceDocument d : docs.get(f)) {
                v.walk(d, "", d.root(), sources);
            }
        }
        v.chartChecks(releases, docs, texts);
        v.clusterChecks(clusters);
        v.findings.sort(Comparator.comparing((Finding x) -> x.location().file())
                .thenComparingInt(x -> x.location().line()).thenComparing(Finding::category));
        return v.findings;
    }

    /** A file of a Helm chart's templates/ folder: Go templates, not YAML; only its text is scanned. */
    private static boolean helmTemplate(Path f) {
        Path dir = f.toAbsolutePath().getParent();
        return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("templates")
                && Files.exists(dir.resolveSibling("Chart.yaml"));
    }

    // ---- releases -------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<ChartRelease> releases(Map<Path, String> texts, Map<Path, List<SourceDocument>> docs) {
        List<ChartRelease> out = new ArrayList<>();
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            Matcher m = HELM.matcher(e.getValue());
            if (!m.find() || docs.get(e.getKey()).isEmpty()) {
                continue;
            }
            Matcher ns = NAMESPACE.matcher(m.group(4));
            if (!m.group(4).matches(".*--version[\\s=]+[0-9][^\\s]*.*")) {
                int line = (int) e.getValue().substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                findings.add(new Finding(new Location(e.getKey().toString(), line, 1), "unpinned-chart",
                        "the chart version is not pinned: add --version (the naming rules and defaults this file "
                        + "relies on change between chart versions)"));
            }
            Object root = docs.get(e.getKey()).get(0).root();
            out.add(new ChartRelease(m.group(2).replaceFirst("^[^/]+/", chartRepo(m.group(3)) + "/"), m.group(1),
                    ns.find() ? ns.group(1) : "default",
                    root instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(), e.getKey().toString()));
        }
        return out;
    }

    private static String chartRepo(String chart) {
        return switch (chart) {
            case "kong" -> "kong";
            case "cloudnative-pg" -> "cloudnative-pg";
            default -> "bitnami";
        };
    }

    /** Every CloudNativePG Cluster defined in the YAML files, each document of a multi-document file included. */
    private List<CnpgCluster> clusters(Map<Path, List<SourceDocument>> docs) {
        List<CnpgCluster> out = new ArrayList<>();
        for (List<SourceDocument> list : docs.values()) {
            for (SourceDocument d : list) {
                CnpgCluster c = CnpgCluster.of(d.root(), d.locate("/metadata/name"));
                if (c != null) {
                    out.add(c);
                    clusterDocs.put(c, d);
                }
            }
        }
        return out;
    }

    // ---- text: host names and URLs, comments included ------------------------------------------------------

    private void scanText(Path file, String text, List<NameSource> sources) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Location here = new Location(file.toString(), i + 1, 1);
            Matcher m = FQDN.matcher(line);
            while (m.find()) {
                String svc = m.group(1);
                String ns = m.group(2);
                Location at = new Location(file.toString(), i + 1, m.start() + 1);
                List<NameSource> inNamespace = sources.stream().filter(r -> r.namespace().equals(ns)).toList();
                List<NameSource> creators = inNamespace.stream().filter(r -> r.services().containsKey(svc)).toList();
                if (inNamespace.isEmpty()) {
                    continue;
                }
                if (creators.isEmpty()) {
                    List<String> what = new ArrayList<>();
                    StringBuilder hints = new StringBuilder();
                    for (NameSource r : inNamespace) {
                        what.add(r.describe() + " creates " + r.services().keySet());
                        hints.append(r.hostHint(svc));
                    }
                    findings.add(new Finding(at, "unresolved-host", svc + "." + ns + ".svc does not exist: "
                            + String.join("; ", what) + hints));
                } else if (m.group(3) != null && creators.stream().noneMatch(r -> r.services().get(svc)
                        .contains(Integer.parseInt(m.group(3))))) {
                    findings.add(new Finding(at, "wrong-port", svc + "." + ns + ".svc has no port " + m.group(3)
                            + " (it exposes " + creators.get(0).services().get(svc) + ")"));
                }
            }
            Matcher r = PLAIN_REDIS.matcher(line);
            while (r.find()) {
                String ns = r.group(2);
                for (NameSource source : sources) {
                    if (source instanceof ChartRelease rel && rel.sentinel() && rel.namespace().equals(ns)) {
                        findings.add(new Finding(new Location(file.toString(), i + 1, r.start() + 1), "redis-sentinel",
                                "a plain redis:// URL to port 6379 of a Sentinel setup reaches any node: writes to "
                                + "replicas fail with READONLY; use a Sentinel-aware client: sentinel://:<password>@"
                                + rel.fullname() + "." + ns + ".svc.cluster.local:26379/0/mymaster"));
                    }
                }
            }
            Matcher c = URL_CREDENTIALS.matcher(line);
            while (c.find()) {
                String pw = c.group(1);
                if (!pw.startsWith("$") && !pw.startsWith("{{") && !pw.startsWith("<")) {
                    findings.add(new Finding(new Location(file.toString(), i + 1, c.start() + 1), "plaintext-password",
                            "a password written into a URL; build URLs from a Secret at run time"));
                }
            }
            if (line.contains("0.0.0.0:8001") || line.contains("0.0.0.0:8444")) {
                findings.add(new Finding(here, "public-admin-api", "the Admin API listens on every interface; with "
                        + "OSS Kong it has no authentication: keep it on the Pod network behind a ClusterIP Service "
                        + "reachable only by the sync Job (NetworkPolicy), never on an Ingress"));
            }
        }
    }

    // ---- values: passwords and images ---------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void walk(SourceDocument doc, String pointer, Object v, List<NameSource> releases) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String p = pointer + "/" + SourceDocument.escape(e.getKey());
                if (e.getValue() instanceof String s && SECRET_KEY.matcher(e.getKey()).matches()
                        && !NOT_SECRET_KEYS.contains(e.getKey()) && !s.isBlank() && !templated(s)) {
                    findings.add(new Finding(doc.locate(p), "plaintext-password", e.getKey() + " is written in plain "
                            + "text; reference a Secret (auth.existingSecret, valueFrom.secretKeyRef)"));
                }
                walk(doc, p, e.getValue(), releases);
            }
            if (map.get("secretKeyRef") instanceof Map<?, ?> ref && ref.get("name") instanceof String name) {
                secretRef(doc, pointer + "/secretKeyRef", name, ref.get("key") instanceof String k ? k : null, releases);
            }
            if (map.get("repository") instanceof String repo && (map.containsKey("tag") || map.containsKey("registry")
                    || repo.contains("/"))) {
                Object tag = map.get("tag");
                if (!(tag instanceof String t) || t.isBlank() || t.equals("latest")) {
                    if (!(map.get("digest") instanceof String d && !d.isBlank())) {
                        findings.add(new Finding(doc.locate(pointer + "/repository"), "unpinned-image", "image " + repo
                                + " has no pinned tag or digest"));
                    }
                }
                String registry = map.get("registry") instanceof String r ? r : "docker.io";
                if (registry.equals("docker.io") && repo.startsWith("bitnami/")) {
                    findings.add(new Finding(doc.locate(pointer + "/repository"), "image-unavailable", "docker.io/" + repo
                            + " is no longer published since the Bitnami catalog change (2025-08-28): use "
                            + "bitnamilegacy/" + repo.substring(8) + " with a pinned tag, or another image source"));
                }
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(doc, pointer + "/" + i, l.get(i), releases);
            }
        }
    }

    /**
     * A secretKeyRef that names a Secret of a chart or of a CloudNativePG Cluster must name one it creates (or
     * reads), and one of its keys where they are known.
     */
    private void secretRef(SourceDocument doc, String pointer, String name, String key, List<NameSource> sources) {
        String fromNamespace = doc.root() instanceof Map<?, ?> root && root.get("metadata") instanceof Map<?, ?> md
                && md.get("namespace") instanceof String ns ? ns : null;
        for (NameSource r : sources) {
            Map<String, Set<String>> secrets = r.secrets();
            if (secrets.containsKey(name)) {
                if (r instanceof CnpgCluster c && fromNamespace != null && !fromNamespace.equals(c.namespace())) {
                    findings.add(new Finding(doc.locate(pointer + "/name"), "unresolved-secret", "Secret " + name
                            + " (" + r.label() + ") lives in namespace " + c.namespace() + "; a Pod in "
                            + fromNamespace + " cannot read it: copy what it needs into a Secret of " + fromNamespace
                            + " (as bootstrap.sh does for the apps)"));
                    return;
                }
                Set<String> keys = secrets.get(name);
                if (key != null && keys != null && !keys.contains(key)) {
                    findings.add(new Finding(doc.locate(pointer + "/key"), "unresolved-secret", "Secret " + name
                            + " (" + r.label() + ") has no key " + key + "; it has " + new TreeSet<>(keys)));
                }
                return;
            }
        }
        for (NameSource r : sources) {
            if (r.ownsSecretName(name, fromNamespace)) {
                String creates = r.secrets().isEmpty() ? "no Secret (it uses auth.existingSecret)"
                        : r.secrets().keySet().toString();
                String hint = r instanceof CnpgCluster c && name.endsWith("-superuser") && !c.superuserAccess()
                        ? " (a -superuser Secret exists only with spec.enableSuperuserAccess: true)" : "";
                findings.add(new Finding(doc.locate(pointer + "/name"), "unresolved-secret", "Secret " + name
                        + " does not exist: " + r.label() + " creates " + creates + hint));
            }
        }
    }

    private static boolean templated(String s) {
        return s.contains("{{") || s.contains("$(") || s.contains("${") || s.startsWith("$") || s.startsWith("<");
    }

    // ---- per release --------------------------------------------------------------------------------------

    private void chartChecks(List<ChartRelease> releases, Map<Path, List<SourceDocument>> docs,
                             Map<Path, String> texts) {
        Map<String, List<Location>> storageClasses = new TreeMap<>();
        for (ChartRelease r : releases) {
            SourceDocument doc = docs.get(Path.of(r.file())).get(0);
            if (!r.pinsFullname()) {
                findings.add(new Finding(new Location(r.file(), 1, 1), "release-dependent-names", "no fullnameOverride:"
                        + " every Service and Secret name depends on the release name (" + r.release() + " gives "
                        + r.fullname() + ", another release name gives other names); pin fullnameOverride"));
            }
            if (r.chartName().equals("kong")) {
                if (Boolean.TRUE.equals(r.get("admin", "ingress", "enabled"))) {
                    findings.add(new Finding(doc.locate("/admin/ingress/enabled"), "public-admin-api",
                            "the Admin API is published through an Ingress"));
                }
                if (r.get("admin", "type") instanceof String t && !t.equals("ClusterIP")) {
                    findings.add(new Finding(doc.locate("/admin/type"), "public-admin-api",
                            "the Admin API Service is " + t + "; use ClusterIP"));
                }
                Object managerType = r.get("manager", "type");
                if (!Boolean.FALSE.equals(r.get("manager", "enabled"))
                        && !(managerType instanceof String mt && mt.equals("ClusterIP"))) {
                    Location at = managerType != null ? doc.locate("/manager/type") : new Location(r.file(), 1, 1);
                    findings.add(new Finding(at, "public-admin-api", "Kong Manager is exposed as "
                            + (managerType != null ? managerType : "NodePort (the chart's default)")
                            + " on every node; set manager.enabled: false or manager.type: ClusterIP"));
                }
                if (Boolean.FALSE.equals(r.get("manager", "enabled")) && !"off".equals(r.kongAdminGuiListen())) {
                    Location at = r.get("env", "admin_gui_listen") != null ? doc.locate("/env/admin_gui_listen")
                            : doc.locate("/manager/enabled");
                    findings.add(new Finding(at, "kong-manager-listening", "manager.enabled: false removes the "
                            + "Service only: Kong Manager still listens on " + r.kongAdminGuiListen() + " in every "
                            + "Kong Pod (the chart sets KONG_ADMIN_GUI_LISTEN in its Enterprise block only); set "
                            + "env.admin_gui_listen: \"off\""));
                }
                yamlBooleans(r, doc, texts.get(Path.of(r.file())));
            }
            if (r.chartName().equals("postgresql") || r.chartName().equals("redis")) {
                openPolicies(r, doc);
            }
            if ((r.chartName().equals("postgresql") || r.chartName().equals("redis"))
                    && r.get("image", "repository") == null) {
                findings.add(new Finding(new Location(r.file(), 1, 1), "image-unavailable", "no image override: the "
                        + r.chart() + " chart defaults to docker.io/bitnami images, no longer published since the "
                        + "Bitnami catalog change (2025-08-28)"));
            }
            collectStorageClasses(doc, "", doc.root(), storageClasses);
        }
        if (storageClasses.size() > 1) {
            for (Map.Entry<String, List<Location>> e : storageClasses.entrySet()) {
                for (Location l : e.getValue()) {
                    findings.add(new Finding(l, "storage-class", "storage class " + e.getKey() + " differs from the "
                            + "others used " + new TreeSet<>(storageClasses.keySet()) + "; use one class per "
                            + "environment"));
                }
            }
        }
    }

    /**
     * An env value written as a YAML 1.1 boolean (on/off/yes/no/true/false, unquoted) is a boolean to Helm, and the
     * chart renders it "true" or "false": Kong then gets no "off" (e.g. admin_gui_listen: off becomes "false", not a
     * listener Kong accepts). The chart itself refuses this for the *_log keys only.
     */
    private void yamlBooleans(ChartRelease r, SourceDocument doc, String text) {
        if (!(r.get("env") instanceof Map<?, ?> env) || text == null) {
            return;
        }
        String[] lines = text.split("\n", -1);
        for (Map.Entry<?, ?> e : env.entrySet()) {
            if (!(e.getValue() instanceof Boolean b)) {
                continue;
            }
            Location at = doc.locate("/env/" + SourceDocument.escape(e.getKey().toString()));
            String line = at.line() <= lines.length ? lines[at.line() - 1] : "";
            Matcher m = Pattern.compile("^\\s*" + Pattern.quote(e.getKey().toString()) + "\\s*:\\s*([^\\s#]+)")
                    .matcher(line);
            String written = m.find() ? m.group(1) : b.toString();
            findings.add(new Finding(at, "yaml-boolean", "env." + e.getKey() + ": " + written + " is a boolean to Helm "
                    + "(YAML 1.1), so Kong receives \"" + b + "\"; quote it: \"" + written + "\""));
        }
    }

    /** A NetworkPolicy rule the chart renders with ports and no peers admits those ports from every Pod. */
    private void openPolicies(ChartRelease r, SourceDocument doc) {
        for (NetworkPolicy np : r.networkPolicies()) {
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress()) {
                if (rule.getFrom() != null && !rule.getFrom().isEmpty()) {
                    continue;
                }
                List<Integer> ports = rule.getPorts() == null ? List.of() : rule.getPorts().stream()
                        .map(p -> p.getPort() == null ? null : p.getPort().getIntVal()).toList();
                boolean metrics = r.chartName().equals("redis") && ports.equals(List.of(
                        r.get("metrics", "containerPorts", "http") instanceof Number n ? n.intValue() : 9121));
                String fix = metrics ? "set networkPolicy.metrics.allowExternal: false and "
                        + "networkPolicy.metrics.ingressNSMatchLabels (your Prometheus' namespace)"
                        : "set allowExternal: false and ingressNSMatchLabels for the namespaces of its clients";
                String key = metrics ? "/networkPolicy/metrics" : r.chartName().equals("redis") ? "/networkPolicy"
                        : "/" + (np.getMetadata().getName().endsWith("-read") ? "readReplicas" : "primary")
                        + "/networkPolicy";
                findings.add(new Finding(doc.locate(key), "open-network-policy", "NetworkPolicy "
                        + np.getMetadata().getName() + " (" + r.label() + ") admits port(s) " + ports + " from every "
                        + "Pod of the cluster (a rule with ports and no from); " + fix));
            }
        }
    }

    // ---- CloudNativePG Clusters --------------------------------------------------------------------------------

    private void clusterChecks(List<CnpgCluster> clusters) {
        for (CnpgCluster c : clusters) {
            SourceDocument doc = clusterDocs.get(c);
            Object image = c.get("imageName");
            if (image instanceof String i && !i.matches("[^:@\\s]+:[\\w.-]+(@sha256:[0-9a-f]{64})?|[^:@\\s]+@sha256:[0-9a-f]{64}")
                    || image instanceof String j && j.matches(".*:latest(@.*)?")) {
                findings.add(new Finding(doc.locate("/spec/imageName"), "unpinned-image", "imageName " + image
                        + " has no pinned tag or digest"));
            }
        }
    }

    private static void collectStorageClasses(SourceDocument doc, String pointer, Object v,
                                              Map<String, List<Location>> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = pointer + "/" + SourceDocument.escape(e.getKey().toString());
                if (e.getKey().equals("storageClass") && e.getValue() instanceof String s && !s.isBlank()) {
                    out.computeIfAbsent(s, k -> new ArrayList<>()).add(doc.locate(p));
                }
                collectStorageClasses(doc, p, e.getValue(), out);
            }
        }
    }
}
