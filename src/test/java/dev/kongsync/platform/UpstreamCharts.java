package dev.kongsync.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the upstream charts render from the kit's values, for the few rules the kit relies on and cannot render here
 * (no chart registry is reachable): each rule is written after the chart's template at the pinned version, cited on
 * the method. The NetworkPolicies and Kong's environment are modelled in {@link ChartRelease}, which
 * {@code kongsync platform verify} shares.
 */
final class UpstreamCharts {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Pattern HELM_HEADER = Pattern.compile(
            "helm upgrade -i (\\S+) (\\S+)/(\\S+) --version (\\S+) -n (\\S+) -f (\\S+)");

    private UpstreamCharts() {}

    /** The release a values file names in its helm command (release, chart, namespace), with its values. */
    @SuppressWarnings("unchecked")
    static ChartRelease release(String valuesFile) throws Exception {
        Matcher h = HELM_HEADER.matcher(Files.readString(Path.of(valuesFile)));
        if (!h.find()) {
            throw new AssertionError(valuesFile + " names no helm command");
        }
        String repo = h.group(3).equals("kong") ? "kong" : h.group(3).equals("cloudnative-pg") ? "cloudnative-pg"
                : "bitnami";
        return new ChartRelease(repo + "/" + h.group(3), h.group(1), h.group(5),
                YAML.convertValue(YAML.readTree(Path.of(valuesFile).toFile()), Map.class), valuesFile);
    }

    /** b over a, maps merged key by key (Helm's coalescing of values files and Argo CD's valuesObject). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> a, Map<String, Object> b) {
        Map<String, Object> out = new LinkedHashMap<>(a);
        b.forEach((k, v) -> out.put(k, out.get(k) instanceof Map<?, ?> am && v instanceof Map<?, ?> bm
                ? merge((Map<String, Object>) am, (Map<String, Object>) bm) : v));
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(JsonNode node) {
        return node == null || node.isMissingNode() ? Map.of() : YAML.convertValue(node, Map.class);
    }

    // ---- kong/kong 3.4.1: the migration Jobs ---------------------------------------------------------------------

    /** One migration Job: the chart's template, Kong's command, and when it runs. */
    record Migration(String job, String command, String phase) {}

    enum Deploy { HELM_INSTALL, HELM_UPGRADE, ARGO_CD_SYNC }

    /**
     * The migration Jobs kong/kong 3.4.1 runs for one deploy, from Kong/charts tag kong-3.4.1, charts/kong:
     * <ul>
     *   <li>templates/migrations.yaml, {@code <fullname>-init-migrations}, {@code kong migrations bootstrap}: rendered
     *   only if {@code .Release.IsInstall} (a Helm install; and every Argo CD sync, which renders with
     *   {@code helm template}) and {@code migrations.init} (absent means true, the template's {@code $runInit}); no
     *   Helm hook, so it runs with the Deployment; annotated {@code argocd.argoproj.io/hook: Sync};</li>
     *   <li>templates/migrations-pre-upgrade.yaml, {@code kong migrations up}, if {@code migrations.preUpgrade}
     *   (default true): Helm hook pre-upgrade, and {@code argocd.argoproj.io/hook: Sync}, which Argo CD follows
     *   instead of mapping pre-upgrade to PreSync (the chart's README, "Argo CD Considerations");</li>
     *   <li>templates/migrations-post-upgrade.yaml, {@code kong migrations finish}, if {@code migrations.postUpgrade}
     *   (default true): Helm hook post-upgrade, which Argo CD maps to PostSync.</li>
     * </ul>
     * All three need {@code deployment.kong.enabled} (default true) and {@code env.database} other than "off" (the
     * chart's default is "off"). ci/__snapshots__/test5-values.snap, the chart's own {@code helm template} of a
     * database install, holds all three at once.
     */
    @SuppressWarnings("unchecked")
    static List<Migration> kongMigrations(Map<String, Object> values, Deploy deploy) {
        Map<String, Object> v = merge(Map.of("env", Map.of("database", "off"), "migrations",
                Map.of("preUpgrade", true, "postUpgrade", true), "deployment", Map.of("kong", Map.of("enabled", true))),
                values);
        Map<String, Object> m = (Map<String, Object>) v.get("migrations");
        List<Migration> out = new ArrayList<>();
        if ("off".equals(((Map<String, Object>) v.get("env")).get("database"))
                || !Boolean.TRUE.equals(((Map<String, Object>) ((Map<String, Object>) v.get("deployment")).get("kong"))
                .get("enabled"))) {
            return out;
        }
        boolean install = deploy != Deploy.HELM_UPGRADE;
        boolean runInit = !m.containsKey("init") || Boolean.TRUE.equals(m.get("init"));
        if (install && runInit) {
            out.add(new Migration("init-migrations", "kong migrations bootstrap",
                    deploy == Deploy.ARGO_CD_SYNC ? "Sync" : "with the release"));
        }
        if (Boolean.TRUE.equals(m.get("preUpgrade")) && deploy != Deploy.HELM_INSTALL) {
            out.add(new Migration("pre-upgrade-migrations", "kong migrations up",
                    deploy == Deploy.ARGO_CD_SYNC ? "Sync" : "pre-upgrade"));
        }
        if (Boolean.TRUE.equals(m.get("postUpgrade")) && deploy != Deploy.HELM_INSTALL) {
            out.add(new Migration("post-upgrade-migrations", "kong migrations finish",
                    deploy == Deploy.ARGO_CD_SYNC ? "PostSync" : "post-upgrade"));
        }
        return out;
    }

    // ---- bitnami/postgresql 17.1.0: Pod labels, affinity, disruption budgets -------------------------------------

    /**
     * The labels of a PostgreSQL Pod (bitnami/postgresql 17.1.0 templates/primary/statefulset.yaml and
     * read/statefulset.yaml: {@code common.labels.standard} plus {@code app.kubernetes.io/component: primary|read};
     * bitnami/common _labels.tpl: name, instance = the release, managed-by Helm, the chart).
     */
    static Map<String, String> postgresqlPodLabels(ChartRelease r, String component) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", r.get("nameOverride") instanceof String n && !n.isBlank() ? n
                : "postgresql");
        labels.put("app.kubernetes.io/instance", r.release());
        labels.put("app.kubernetes.io/managed-by", "Helm");
        labels.put("helm.sh/chart", "postgresql-17.1.0");
        labels.put("app.kubernetes.io/component", component);
        return labels;
    }

    /**
     * A PostgreSQL Pod's affinity (templates/primary/statefulset.yaml:59-66, read/statefulset.yaml:57-64):
     * {@code <role>.affinity} when set, else the presets, of which {@code podAntiAffinityPreset} (default soft)
     * builds one term over name, instance and the Pod's own component (bitnami/common _affinities.tpl,
     * common.affinities.pods.hard and .soft), topology kubernetes.io/hostname.
     */
    @SuppressWarnings("unchecked")
    static Affinity postgresqlAffinity(ChartRelease r, String role) {
        String component = role.equals("primary") ? "primary" : "read";
        Object given = r.get(role, "affinity");
        if (given instanceof Map<?, ?> m && !m.isEmpty()) {
            return KitChart.SERIALIZATION.convertValue(m, Affinity.class);
        }
        Map<String, String> match = new LinkedHashMap<>(postgresqlPodLabels(r, component));
        match.remove("app.kubernetes.io/managed-by");
        match.remove("helm.sh/chart");
        Map<String, Object> term = Map.of("labelSelector", Map.of("matchLabels", match),
                "topologyKey", "kubernetes.io/hostname");
        String preset = r.get(role, "podAntiAffinityPreset") instanceof String p ? p : "soft";
        Map<String, Object> anti = switch (preset) {
            case "hard" -> Map.of("requiredDuringSchedulingIgnoredDuringExecution", List.of(term));
            case "soft" -> Map.of("preferredDuringSchedulingIgnoredDuringExecution",
                    List.of(Map.of("weight", 1, "podAffinityTerm", term)));
            default -> Map.of();
        };
        return KitChart.SERIALIZATION.convertValue(Map.of("podAntiAffinity", anti), Affinity.class);
    }

    /** A budget and the Pods it covers. */
    record Budget(String name, LabelSelector selector, IntOrString minAvailable, IntOrString maxUnavailable) {
        int allowedDisruptions(int pods) {
            if (maxUnavailable != null) {
                return maxUnavailable.getIntVal() != null ? maxUnavailable.getIntVal()
                        : (int) Math.ceil(pods * Integer.parseInt(maxUnavailable.getStrVal().replace("%", "")) / 100.0);
            }
            int min = minAvailable.getIntVal() != null ? minAvailable.getIntVal()
                    : (int) Math.ceil(pods * Integer.parseInt(minAvailable.getStrVal().replace("%", "")) / 100.0);
            return Math.max(0, pods - min);
        }
    }

    /**
     * The PodDisruptionBudgets of a bitnami/postgresql release: templates/primary/pdb.yaml and read/pdb.yaml when
     * {@code <role>.pdb.create} (default true), {@code maxUnavailable} defaulting to 1 when neither bound is set,
     * selecting name, instance and the component; and every PodDisruptionBudget in {@code extraDeploy}
     * (templates/extra-list.yaml renders those as given).
     */
    static List<Budget> postgresqlBudgets(ChartRelease r) {
        List<Budget> out = new ArrayList<>();
        for (String role : List.of("primary", "readReplicas")) {
            if (Boolean.FALSE.equals(r.get(role, "pdb", "create"))) {
                continue;
            }
            String component = role.equals("primary") ? "primary" : "read";
            Map<String, String> match = new LinkedHashMap<>(postgresqlPodLabels(r, component));
            match.remove("app.kubernetes.io/managed-by");
            match.remove("helm.sh/chart");
            IntOrString min = bound(r.get(role, "pdb", "minAvailable"));
            IntOrString max = bound(r.get(role, "pdb", "maxUnavailable"));
            // pdb.yaml: minAvailable when set; maxUnavailable (default 1) when set or when minAvailable is not
            out.add(new Budget(r.postgresqlRoleFullname(component), new LabelSelector(null, match), min,
                    max != null ? max : min == null ? new IntOrString(1) : null));
        }
        if (r.get("extraDeploy") instanceof List<?> extra) {
            for (Object o : extra) {
                if (o instanceof Map<?, ?> m && "PodDisruptionBudget".equals(m.get("kind"))) {
                    PodDisruptionBudget pdb = KitChart.SERIALIZATION.convertValue(m, PodDisruptionBudget.class);
                    out.add(new Budget(pdb.getMetadata().getName(), pdb.getSpec().getSelector(),
                            pdb.getSpec().getMinAvailable(), pdb.getSpec().getMaxUnavailable()));
                }
            }
        }
        return out;
    }

    private static IntOrString bound(Object v) {
        if (v instanceof Number n) {
            return new IntOrString(n.intValue());
        }
        return v instanceof String s && !s.isBlank() ? new IntOrString(s) : null;
    }

    /** Kubernetes label selector semantics (matchLabels and matchExpressions: In, NotIn, Exists, DoesNotExist). */
    static boolean selects(LabelSelector s, Map<String, String> labels) {
        if (s.getMatchLabels() != null && !labels.entrySet().containsAll(s.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : s.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
                : s.getMatchExpressions()) {
            String v = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> v != null && r.getValues().contains(v);
                case "NotIn" -> v == null || !r.getValues().contains(v);
                case "Exists" -> v != null;
                case "DoesNotExist" -> v == null;
                default -> throw new AssertionError("operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
