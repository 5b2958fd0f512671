package dev.kongsync.platform;

import dev.kongsync.schema.Values;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Helm release of a chart the platform uses, and the Kubernetes names it creates, derived with the charts' own
 * naming rules (bitnami/postgresql 15.x-17.x, bitnami/redis 20.x-23.x, kong/kong 2.x-3.x, cloudnative-pg 0.2x; see
 * shared/docs/platform-charts-and-seed-bugs.md §1).
 *
 * @param chart     "bitnami/postgresql", "bitnami/redis", "kong/kong" or "cloudnative-pg/cloudnative-pg"
 * @param release   the Helm release name
 * @param namespace the namespace it is installed in
 * @param values    the release's values
 * @param file      the values file, for messages
 */
public record ChartRelease(String chart, String release, String namespace, Map<String, Object> values, String file)
        implements NameSource {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Kong's own default for admin_gui_listen (kong/templates/kong_defaults.lua, Kong 3.9.1). */
    public static final String KONG_DEFAULT_ADMIN_GUI_LISTEN = "0.0.0.0:8002, 0.0.0.0:8445 ssl";

    @Override
    public String label() {
        return "release " + release + " of " + chart;
    }

    @Override
    public String describe() {
        return label() + " (" + file + ")";
    }

    public String chartName() {
        return chart.substring(chart.indexOf('/') + 1);
    }

    /** {@code fullnameOverride}, else the chart's rule for combining release and chart name. */
    public String fullname() {
        Object override = get("fullnameOverride");
        if (override instanceof String s && !s.isBlank()) {
            return trunc(s);
        }
        if (chartName().equals("kong")) {
            return trunc(release + "-kong");
        }
        Object nameOverride = get("nameOverride");
        String name = nameOverride instanceof String s && !s.isBlank() ? s : chartName();
        return trunc(release.contains(name) ? release : release + "-" + name);
    }

    public boolean pinsFullname() {
        return get("fullnameOverride") instanceof String s && !s.isBlank();
    }

    /** Service names the release creates, each with the ports it exposes. */
    public Map<String, Set<Integer>> services() {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        String f = fullname();
        switch (chartName()) {
            case "postgresql" -> {
                int port = intAt(5432, "primary", "service", "ports", "postgresql");
                boolean metrics = Boolean.TRUE.equals(get("metrics", "enabled"));
                if ("replication".equals(get("architecture"))) {
                    for (String role : List.of("primary", "read")) {
                        out.put(f + "-" + role, Set.of(port));
                        out.put(f + "-" + role + "-hl", Set.of(port));
                        if (metrics) {
                            out.put(f + "-" + role + "-metrics", Set.of(9187));
                        }
                    }
                } else {
                    out.put(f, Set.of(port));
                    out.put(f + "-hl", Set.of(port));
                    if (metrics) {
                        out.put(f + "-metrics", Set.of(9187));
                    }
                }
            }
            case "redis" -> {
                boolean metrics = Boolean.TRUE.equals(get("metrics", "enabled"));
                if (sentinel()) {
                    out.put(f, Set.of(6379, 26379));
                    out.put(f + "-headless", Set.of(6379, 26379));
                } else {
                    out.put(f + "-master", Set.of(6379));
                    out.put(f + "-headless", Set.of(6379));
                    if (!"standalone".equals(get("architecture"))) {
                        out.put(f + "-replicas", Set.of(6379));
                    }
                }
                if (metrics) {
                    out.put(f + "-metrics", Set.of(9121));
                }
            }
            case "kong" -> {
                if (!Boolean.FALSE.equals(get("proxy", "enabled"))) {
                    out.put(f + "-proxy", new LinkedHashSet<>(List.of(intAt(80, "proxy", "http", "servicePort"),
                            intAt(443, "proxy", "tls", "servicePort"))));
                }
                if (Boolean.TRUE.equals(get("admin", "enabled")) && (Boolean.TRUE.equals(get("admin", "http", "enabled"))
                        || !Boolean.FALSE.equals(get("admin", "tls", "enabled")))) {
                    out.put(f + "-admin", new LinkedHashSet<>(List.of(intAt(8001, "admin", "http", "servicePort"),
                            intAt(8444, "admin", "tls", "servicePort"))));
                }
                if (!Boolean.FALSE.equals(get("manager", "enabled"))) {
                    out.put(f + "-manager", Set.of(8002, 8445));
                }
            }
            case "cloudnative-pg" -> out.put(get("service", "name") instanceof String n && !n.isBlank() ? n
                    : "cnpg-webhook-service", Set.of(intAt(443, "service", "port")));
            default -> {
            }
        }
        return out;
    }

    /** Secret names the release creates (none when it uses an existing Secret), with their keys. */
    public Map<String, Set<String>> secrets() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        switch (chartName()) {
            case "postgresql" -> {
                if (get("auth", "existingSecret") instanceof String s && !s.isBlank()) {
                    return out;
                }
                Set<String> keys = new LinkedHashSet<>();
                if (!Boolean.FALSE.equals(get("auth", "enablePostgresUser"))) {
                    keys.add("postgres-password");
                }
                if (get("auth", "username") instanceof String u && !u.isBlank() && !u.equals("postgres")) {
                    keys.add("password");
                }
                if ("replication".equals(get("architecture"))) {
                    keys.add("replication-password");
                }
                out.put(fullname(), keys);
            }
            case "redis" -> {
                if (!(get("auth", "existingSecret") instanceof String s && !s.isBlank())
                        && !Boolean.FALSE.equals(get("auth", "enabled"))) {
                    out.put(fullname(), Set.of("redis-password"));
                }
            }
            default -> {
            }
        }
        return out;
    }

    @Override
    public boolean ownsSecretName(String name, String fromNamespace) {
        return name.endsWith("-" + chartName()) || name.equals(chartName());
    }

    @Override
    public String hostHint(String svc) {
        if (chartName().equals("postgresql") && svc.equals(fullname())) {
            return " (with architecture: replication there is no " + svc + " Service: use " + svc
                    + "-primary for writes, " + svc + "-read for reads)";
        }
        if (sentinel() && svc.equals(fullname() + "-master")) {
            return " (with Sentinel there is no -master Service: ask Sentinel at " + fullname() + "." + namespace
                    + ".svc.cluster.local:26379 for the master)";
        }
        return "";
    }

    public boolean sentinel() {
        return chartName().equals("redis") && Boolean.TRUE.equals(get("sentinel", "enabled"));
    }

    // ---- what the charts render, for the rules the platform relies on ---------------------------------------

    /**
     * The ingress side of the NetworkPolicies the chart renders, built as its templates build them:
     * bitnami/redis 23.1.1 templates/networkpolicy.yaml (one policy {@code <fullname>}: Redis and Sentinel ports,
     * then the exporter's port 9121 under {@code networkPolicy.metrics.*}, then {@code extraIngress}) and
     * bitnami/postgresql 17.1.0 templates/primary/networkpolicy.yaml and read/networkpolicy.yaml (5432 and the
     * exporter's 9187 in one rule, then {@code extraIngress}). A rule rendered without {@code from} admits every Pod
     * of the cluster. The Pod selectors are the charts' match labels (app.kubernetes.io/name and instance, plus the
     * component for PostgreSQL); {@code commonLabels} overriding those two labels is not modelled, nor is egress.
     */
    public List<NetworkPolicy> networkPolicies() {
        List<NetworkPolicy> out = new ArrayList<>();
        Map<String, Object> match = new LinkedHashMap<>();
        match.put("app.kubernetes.io/name", get("nameOverride") instanceof String n && !n.isBlank() ? n : chartName());
        match.put("app.kubernetes.io/instance", release);
        switch (chartName()) {
            case "redis" -> {
                if (Boolean.FALSE.equals(get("networkPolicy", "enabled"))) {
                    return out;
                }
                List<Object> rules = new ArrayList<>();
                List<Object> ports = new ArrayList<>(List.of(port(intAt(6379, "master", "containerPorts", "redis"))));
                if (sentinel()) {
                    ports.add(port(intAt(26379, "sentinel", "containerPorts", "sentinel")));
                }
                Map<String, Object> main = rule(ports);
                if (Boolean.FALSE.equals(get("networkPolicy", "allowExternal"))) {
                    List<Object> from = new ArrayList<>();
                    from.add(Map.of("podSelector", Map.of("matchLabels", Map.of(fullname() + "-client", "true"))));
                    from.add(Map.of("podSelector", Map.of("matchLabels", match)));
                    Object nsPeer = namespacePeer(List.of("networkPolicy"), true);
                    if (nsPeer != null) {
                        from.add(nsPeer);
                    }
                    main.put("from", from);
                }
                rules.add(main);
                if (Boolean.TRUE.equals(get("metrics", "enabled"))) {
                    Map<String, Object> metrics = rule(List.of(port(intAt(9121, "metrics", "containerPorts", "http"))));
                    if (Boolean.FALSE.equals(get("networkPolicy", "metrics", "allowExternal"))) {
                        Object nsPeer = namespacePeer(List.of("networkPolicy", "metrics"), true);
                        if (nsPeer != null) {
                            metrics.put("from", List.of(nsPeer));
                        }
                    }
                    rules.add(metrics);
                }
                extraIngress(rules, "networkPolicy", "extraIngress");
                out.add(policy(fullname(), match, rules));
            }
            case "postgresql" -> {
                List<String> roles = "replication".equals(get("architecture")) ? List.of("primary", "readReplicas")
                        : List.of("primary");
                for (String role : roles) {
                    if (Boolean.FALSE.equals(get(role, "networkPolicy", "enabled"))) {
                        continue;
                    }
                    String component = role.equals("primary") ? "primary" : "read";
                    Map<String, Object> selector = new LinkedHashMap<>(match);
                    selector.put("app.kubernetes.io/component", component);
                    List<Object> ports = new ArrayList<>(List.of(port(intAt(5432, "containerPorts", "postgresql"))));
                    if (Boolean.TRUE.equals(get("metrics", "enabled"))) {
                        ports.add(port(intAt(9187, "metrics", "containerPorts", "metrics")));
                    }
                    Map<String, Object> main = rule(ports);
                    String name = postgresqlRoleFullname(component);
                    if (Boolean.FALSE.equals(get(role, "networkPolicy", "allowExternal"))) {
                        List<Object> from = new ArrayList<>();
                        from.add(Map.of("podSelector", Map.of("matchLabels", match)));
                        from.add(Map.of("podSelector", Map.of("matchLabels", Map.of(name + "-client", "true"))));
                        Object nsPeer = namespacePeer(List.of(role, "networkPolicy"), false);
                        if (nsPeer != null) {
                            from.add(nsPeer);
                        }
                        main.put("from", from);
                    }
                    List<Object> rules = new ArrayList<>(List.of(main));
                    extraIngress(rules, role, "networkPolicy", "extraIngress");
                    out.add(policy(name, selector, rules));
                }
            }
            default -> {
            }
        }
        return out;
    }

    /** {@code <fullname>-primary} and {@code <fullname>-read} with replication, else the fullname (_helpers.tpl). */
    public String postgresqlRoleFullname(String component) {
        if (!"replication".equals(get("architecture")) && component.equals("primary")) {
            return fullname();
        }
        String key = component.equals("primary") ? "primary" : "readReplicas";
        return fullname() + "-" + (get(key, "name") instanceof String n && !n.isBlank() ? n : component);
    }

    /**
     * The value of one KONG_* variable in Kong's containers, composed as kong/kong 3.4.1's {@code kong.env} helper
     * (templates/_helpers.tpl) composes it: the chart's own variables first, then every {@code env.<key>} as
     * {@code KONG_<KEY>}, then {@code customEnv.<key>} as {@code <KEY>}, a later one replacing an earlier one. Of the
     * chart's own variables only {@code KONG_ADMIN_GUI_LISTEN} is modelled: the chart sets it inside its Enterprise
     * block only ({@code enterprise.enabled}), so without Enterprise it comes from {@code env} or not at all.
     *
     * @return the value, or null when the container has no such variable
     */
    public Object kongEnv(String variable) {
        Object value = null;
        if (variable.equals("KONG_ADMIN_GUI_LISTEN") && Boolean.TRUE.equals(get("enterprise", "enabled"))) {
            value = "(the chart's manager listeners)";
        }
        if (get("env") instanceof Map<?, ?> env) {
            for (Map.Entry<?, ?> e : env.entrySet()) {
                if (("KONG_" + e.getKey().toString().toUpperCase()).equals(variable)) {
                    value = e.getValue();
                }
            }
        }
        if (get("customEnv") instanceof Map<?, ?> custom) {
            for (Map.Entry<?, ?> e : custom.entrySet()) {
                if (e.getKey().toString().toUpperCase().equals(variable)) {
                    value = e.getValue();
                }
            }
        }
        return value;
    }

    /** Kong Manager's listeners in every Kong container: KONG_ADMIN_GUI_LISTEN, else Kong's own default. */
    public String kongAdminGuiListen() {
        Object v = kongEnv("KONG_ADMIN_GUI_LISTEN");
        return v == null ? KONG_DEFAULT_ADMIN_GUI_LISTEN : v.toString();
    }

    private static Map<String, Object> port(int p) {
        return Map.of("port", p);
    }

    private static Map<String, Object> rule(List<Object> ports) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("ports", ports);
        return r;
    }

    /**
     * The namespace peer the Bitnami templates build from {@code <block>.ingressNSMatchLabels} and
     * {@code <block>.ingressNSPodMatchLabels}: redis renders it when either is set (an empty namespace selector when
     * only the Pod labels are), postgresql only when the namespace labels are.
     */
    private Object namespacePeer(List<String> block, boolean eitherKey) {
        List<String> nsPath = new ArrayList<>(block);
        nsPath.add("ingressNSMatchLabels");
        List<String> podPath = new ArrayList<>(block);
        podPath.add("ingressNSPodMatchLabels");
        Object ns = Values.at(values, nsPath);
        Object pods = Values.at(values, podPath);
        boolean hasNs = ns instanceof Map<?, ?> m && !m.isEmpty();
        boolean hasPods = pods instanceof Map<?, ?> m && !m.isEmpty();
        if (!(hasNs || (eitherKey && hasPods))) {
            return null;
        }
        Map<String, Object> peer = new LinkedHashMap<>();
        peer.put("namespaceSelector", hasNs ? Map.of("matchLabels", ns) : Map.of());
        if (hasPods) {
            peer.put("podSelector", Map.of("matchLabels", pods));
        }
        return peer;
    }

    private void extraIngress(List<Object> rules, String... path) {
        if (get(path) instanceof List<?> extra) {
            for (Object rule : extra) {
                rules.add(ints(rule));
            }
        }
    }

    /** Values as parsed hold Long or Double numbers; the Kubernetes models' ports want Integer. */
    private static Object ints(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, ints(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ChartRelease::ints).toList();
        }
        return v instanceof Number n && !(v instanceof Integer) && n.doubleValue() == Math.rint(n.doubleValue())
                && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE ? (Object) n.intValue() : v;
    }

    private NetworkPolicy policy(String name, Map<String, Object> podLabels, List<Object> rules) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", Map.of("matchLabels", podLabels));
        spec.put("policyTypes", List.of("Ingress"));
        spec.put("ingress", rules);
        Map<String, Object> np = new LinkedHashMap<>();
        np.put("apiVersion", "networking.k8s.io/v1");
        np.put("kind", "NetworkPolicy");
        np.put("metadata", Map.of("name", name, "namespace", namespace));
        np.put("spec", spec);
        return SERIALIZATION.convertValue(np, NetworkPolicy.class);
    }

    Object get(String... path) {
        return Values.at(values, List.of(path));
    }

    private int intAt(int dflt, String... path) {
        Object v = get(path);
        if (v instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof String s && s.matches("\\d+")) {
            return Integer.parseInt(s);
        }
        return dflt;
    }

    private static String trunc(String s) {
        String t = s.length() > 63 ? s.substring(0, 63) : s;
        while (t.endsWith("-")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
