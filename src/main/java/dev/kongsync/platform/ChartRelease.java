package dev.kongsync.platform;

import dev.kongsync.schema.Values;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Helm release of a chart the platform uses, and the Kubernetes names it creates, derived with the charts' own
 * naming rules (bitnami/postgresql 15.x-17.x, bitnami/redis 20.x-23.x, kong/kong 2.x-3.x; see
 * shared/docs/platform-charts-and-seed-bugs.md §1).
 *
 * @param chart     "bitnami/postgresql", "bitnami/redis" or "kong/kong"
 * @param release   the Helm release name
 * @param namespace the namespace it is installed in
 * @param values    the release's values
 * @param file      the values file, for messages
 */
public record ChartRelease(String chart, String release, String namespace, Map<String, Object> values, String file) {

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

    public boolean sentinel() {
        return chartName().equals("redis") && Boolean.TRUE.equals(get("sentinel", "enabled"));
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
