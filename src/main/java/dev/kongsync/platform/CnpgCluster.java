package dev.kongsync.platform;

import dev.kongsync.file.Location;
import dev.kongsync.schema.Values;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CloudNativePG {@code Cluster} (postgresql.cnpg.io/v1) and the names its operator creates, by the rules of the
 * operator's documentation (CloudNativePG 1.30: docs/src/service_management.md, applications.md, bootstrap.md; the
 * same rules in api/v1/cluster_types.go and cluster_funcs.go):
 * <ul>
 *   <li>Services {@code <cluster>-rw} (the primary), {@code <cluster>-ro} (the standbys) and {@code <cluster>-r} (any
 *   instance), port 5432; {@code ro} and {@code r} can be turned off with
 *   {@code spec.managed.services.disabledDefaultServices}, {@code rw} cannot; further Services from
 *   {@code spec.managed.services.additional};</li>
 *   <li>Secret {@code <cluster>-app} for the owner of the application database, unless the Cluster names its own
 *   ({@code spec.bootstrap.initdb|recovery|pg_basebackup.secret.name}); the operator's holds username, user,
 *   password, dbname, host, port, pgpass, uri, jdbc-uri, fqdn-uri and fqdn-jdbc-uri (pkg/specs/secrets.go);</li>
 *   <li>Secret {@code <cluster>-superuser} (user postgres) only with {@code spec.enableSuperuserAccess: true} (off by
 *   default), or the one {@code spec.superuserSecret.name} names.</li>
 * </ul>
 *
 * @param name      metadata.name
 * @param namespace metadata.namespace (default when absent)
 * @param spec      the Cluster's spec
 * @param at        where the Cluster is defined
 */
public record CnpgCluster(String name, String namespace, Map<String, Object> spec, Location at) implements NameSource {
    public static final int PORT = 5432;
    /** The keys of a Secret the operator generates (pkg/specs/secrets.go, CreateSecret). */
    public static final Set<String> GENERATED_KEYS = Set.of("username", "user", "password", "dbname", "host", "port",
            "pgpass", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri");

    /** A Cluster from a parsed YAML document, or null when the document is not one. */
    @SuppressWarnings("unchecked")
    public static CnpgCluster of(Object root, Location at) {
        if (!(root instanceof Map<?, ?> m) || !"Cluster".equals(m.get("kind"))
                || !(m.get("apiVersion") instanceof String api) || !api.startsWith("postgresql.cnpg.io/")) {
            return null;
        }
        Map<String, Object> doc = (Map<String, Object>) m;
        Object name = Values.at(doc, List.of("metadata", "name"));
        Object ns = Values.at(doc, List.of("metadata", "namespace"));
        Object spec = doc.get("spec");
        return new CnpgCluster(name instanceof String s ? s : "", ns instanceof String s ? s : "default",
                spec instanceof Map<?, ?> sm ? (Map<String, Object>) sm : Map.of(), at);
    }

    @Override
    public String label() {
        return "Cluster " + name + " of CloudNativePG";
    }

    @Override
    public String describe() {
        return label() + " (" + at.file() + ")";
    }

    @Override
    public Map<String, Set<Integer>> services() {
        Map<String, Set<Integer>> out = new LinkedHashMap<>();
        Object disabled = get("managed", "services", "disabledDefaultServices");
        List<?> off = disabled instanceof List<?> l ? l : List.of();
        out.put(name + "-rw", Set.of(PORT));
        for (String s : List.of("ro", "r")) {
            if (!off.contains(s)) {
                out.put(name + "-" + s, Set.of(PORT));
            }
        }
        if (get("managed", "services", "additional") instanceof List<?> extra) {
            for (Object e : extra) {
                if (Values.at(asMap(e), List.of("serviceTemplate", "metadata", "name")) instanceof String n) {
                    out.put(n, Set.of(PORT));
                }
            }
        }
        return out;
    }

    @Override
    public Map<String, Set<String>> secrets() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        String app = providedAppSecret();
        out.put(app != null ? app : name + "-app", app != null ? null : GENERATED_KEYS);
        if (superuserAccess()) {
            Object s = get("superuserSecret", "name");
            boolean provided = s instanceof String n && !n.isBlank();
            out.put(provided ? (String) s : name + "-superuser", provided ? null : GENERATED_KEYS);
        }
        return out;
    }

    /** A -app or -superuser Secret referenced from the Cluster's namespace (Secrets are read in one's own). */
    @Override
    public boolean ownsSecretName(String secret, String fromNamespace) {
        return (fromNamespace == null || fromNamespace.equals(namespace))
                && (secret.endsWith("-app") || secret.endsWith("-superuser"));
    }

    @Override
    public String hostHint(String service) {
        if (service.equals(name) || service.equals(name + "-primary") || service.endsWith("-rw")
                || service.endsWith("-ro") || service.endsWith("-r")) {
            return " (CloudNativePG names its Services after the Cluster: " + name + "-rw for the primary, " + name
                    + "-ro for the standbys, " + name + "-r for any instance)";
        }
        return "";
    }

    /** spec.enableSuperuserAccess (false by default since CloudNativePG 1.21). */
    public boolean superuserAccess() {
        return Boolean.TRUE.equals(get("enableSuperuserAccess"));
    }

    /** The application database and its owner: spec.bootstrap.initdb.database and .owner (defaults app and app). */
    public String database() {
        return get("bootstrap", "initdb", "database") instanceof String d && !d.isBlank() ? d : "app";
    }

    public String owner() {
        return get("bootstrap", "initdb", "owner") instanceof String o && !o.isBlank() ? o : database();
    }

    private String providedAppSecret() {
        for (String method : List.of("recovery", "pg_basebackup", "initdb")) {
            if (get("bootstrap", method, "secret", "name") instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    Object get(String... path) {
        return Values.at(spec, List.of(path));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The instances' Pod labels the operator sets (docs/src/labels_annotations.md), for NetworkPolicies. */
    public Map<String, String> podLabels(String role) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("cnpg.io/cluster", name);
        labels.put("cnpg.io/podRole", "instance");
        labels.put("cnpg.io/instanceRole", role);
        labels.put("app.kubernetes.io/name", "postgresql");
        return labels;
    }
}
