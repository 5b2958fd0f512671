package dev.kongsync.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's chart, rendered by Helm (helm-java) and checked as Kubernetes objects: strict parsing, workload hygiene,
 * no literal secret, every host it names resolves under the upstream charts' naming rules for the pinned values,
 * exactly the network flows the design needs, and Argo CD Applications that render it in the right order.
 */
class KitChartTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** everything, Jobs included (hooks are left out of a rendered release manifest, so render them as plain) */
    static final Map<String, Object> ALL = KitChart.sets("hooks", false, "components.migration", true);

    static List<HasMetadata> all() {
        return KitChart.parse(KitChart.render(ALL));
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    static JsonNode yaml(String path) throws Exception {
        return YAML.readTree(Path.of(path).toFile());
    }

    // ---- parsing ----------------------------------------------------------------------------------------------

    @Test
    void rendersAsKnownKubernetesObjectsWithoutUnknownFields() {
        List<HasMetadata> objects = all();
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.getKind()));
        assertEquals(new TreeSet<>(List.of("ConfigMap", "Ingress", "Job", "Namespace", "NetworkPolicy", "Role",
                "RoleBinding", "Service", "ServiceAccount")), kinds);
        for (HasMetadata o : objects) {
            if (!o.getKind().equals("Namespace")) {
                assertNotNull(o.getMetadata().getNamespace(), o.getKind() + "/" + o.getMetadata().getName()
                        + " names its namespace (the kit spans four)");
            }
        }
    }

    @Test
    void helmLintsTheChartStrictly(@TempDir Path tmp) throws Exception {
        var lint = new com.marcnuri.helm.Helm(KitChart.CHART).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        // and the lint can fail: the same chart with a template that dereferences a missing value
        Path copy = copyOfChart(tmp);
        Files.writeString(copy.resolve("templates/broken.yaml"), "value: {{ .Values.missing.deeper }}\n");
        assertTrue(new com.marcnuri.helm.Helm(copy).lint().strict().call().isFailed());
    }

    @Test
    void theStrictParserRejectsWhatKubernetesWouldNot() {
        // the seed's cross-namespace Ingress backend (defect #33): networking.k8s.io/v1 has no backend namespace
        String seed = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: banking-ingress, namespace: banking}
                spec:
                  rules:
                    - http:
                        paths:
                          - path: /api
                            pathType: Prefix
                            backend:
                              service: {name: kong-kong-proxy, namespace: kong, port: {number: 8000}}
                """;
        AssertionError e = assertThrows(AssertionError.class, () -> KitChart.parse(seed));
        assertTrue(e.getMessage().contains("[namespace]"), e.getMessage());
        assertThrows(AssertionError.class, () -> KitChart.parse("apiVersion: example.com/v1\nkind: Widget\n"
                + "metadata: {name: w}\n"));
    }

    // ---- workloads --------------------------------------------------------------------------------------------

    @Test
    void everyJobIsBoundedNonRootPinnedAndSized() {
        // the Jobs as Helm installs them, and kong-db-init with its Kong schema step (as Argo CD installs it)
        Map<String, Object> argo = new HashMap<>(ALL);
        argo.put("kongDbInit.bootstrapKongSchema", true);
        List<HasMetadata> objects = new ArrayList<>(all());
        objects.add(find(KitChart.parse(KitChart.render(argo)), Job.class, "kong-db-init"));
        List<String> jobs = new ArrayList<>();
        for (HasMetadata o : objects) {
            PodSpec pod;
            if (o instanceof Job j) {
                jobs.add(j.getMetadata().getName());
                assertNotNull(j.getSpec().getActiveDeadlineSeconds(), j.getMetadata().getName());
                assertNotNull(j.getSpec().getBackoffLimit(), j.getMetadata().getName());
                pod = j.getSpec().getTemplate().getSpec();
            } else if (o instanceof Deployment d) {
                pod = d.getSpec().getTemplate().getSpec();
            } else {
                continue;
            }
            String name = o.getKind() + "/" + o.getMetadata().getName();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name);
            assertTrue(pod.getSecurityContext().getRunAsUser() > 0, name);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            assertEquals("Never", pod.getRestartPolicy(), name);
            boolean needsToken = "kongsync".equals(pod.getServiceAccountName());
            assertEquals(needsToken, pod.getAutomountServiceAccountToken(), name + ": a token only where it is used");
            List<Container> containers = new ArrayList<>(pod.getContainers());
            if (pod.getInitContainers() != null) {
                containers.addAll(pod.getInitContainers());
            }
            for (Container c : containers) {
                String where = name + " container " + c.getName();
                for (Map<String, Quantity> r : List.of(c.getResources().getRequests(), c.getResources().getLimits())) {
                    assertTrue(r != null && r.containsKey("cpu") && r.containsKey("memory"), where + " resources");
                }
                assertTrue(c.getImage().matches("[^:@\\s]+(:[\\w.-]+|@sha256:[0-9a-f]{64})"), where + " image "
                        + c.getImage() + " has a tag");
                assertFalse(c.getImage().endsWith(":latest"), where);
                assertEquals(Boolean.FALSE, c.getSecurityContext().getAllowPrivilegeEscalation(), where);
                assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), where);
                assertEquals(List.of("ALL"), c.getSecurityContext().getCapabilities().getDrop(), where);
                // a read-only root needs a writable /tmp: kongsync (Vert.x's file cache), psql, mktemp all write there
                assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/tmp")
                        && !Boolean.TRUE.equals(m.getReadOnly())), where + " has a writable /tmp");
            }
        }
        assertEquals(List.of("kong-db-init", "kong-db-init", "kongsync-import", "pg-migrate", "redis-migrate"),
                jobs.stream().sorted().toList());
    }

    @Test
    void theAdminTokenIsMountedOnlyWhenKongNeedsOne() {
        Job oss = find(all(), Job.class, "kongsync-import");
        PodSpec pod = oss.getSpec().getTemplate().getSpec();
        assertTrue(pod.getVolumes().stream().noneMatch(v -> v.getSecret() != null), "OSS Kong: no Secret mounted");
        assertTrue(pod.getContainers().get(0).getArgs().stream().noneMatch(a -> a.startsWith("--kong-admin-token")));
        Map<String, Object> sets = new HashMap<>(ALL);
        sets.put("kongsync.adminTokenSecret", "kong-admin-token");
        Job enterprise = find(KitChart.parse(KitChart.render(sets)), Job.class, "kongsync-import");
        PodSpec epod = enterprise.getSpec().getTemplate().getSpec();
        assertTrue(epod.getContainers().get(0).getArgs().contains("--kong-admin-token-file=/secrets/kong-admin/token"));
        assertTrue(epod.getVolumes().stream().anyMatch(v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("kong-admin-token") && v.getSecret().getOptional() == null),
                "a token that is asked for must exist");
    }

    @Test
    void theDeployJobsAreHooksInADefaultRelease() {
        // Helm keeps hooks out of the release manifest: with hooks on, the two deploy Jobs are not plain resources
        List<HasMetadata> release = KitChart.parse(KitChart.render(Map.of()));
        assertTrue(release.stream().noneMatch(o -> o instanceof Job), "Jobs are hooks");
        assertTrue(release.stream().noneMatch(o -> o.getMetadata().getName().equals("pg-migrate")),
                "the data migration is off unless the cutover asks for it");
        find(release, ConfigMap.class, "kong-declarative");
    }

    // ---- secrets ----------------------------------------------------------------------------------------------

    static final Pattern SECRETISH = Pattern.compile("(?i).*(password|passwd|token|secret).*");
    static final Pattern URL_CREDENTIALS = Pattern.compile("://[^/\\s:@\"']+:[^@\\s\"'/]+@");

    @Test
    void noSecretValueIsWrittenInTheKit() {
        String manifest = KitChart.render(ALL);
        List<HasMetadata> objects = KitChart.parse(manifest);
        assertTrue(objects.stream().noneMatch(o -> o.getKind().equals("Secret")), "the chart renders no Secret");
        assertFalse(URL_CREDENTIALS.matcher(manifest).find(), "no credentials in a URL");
        int refs = 0;
        for (HasMetadata o : objects) {
            if (!(o instanceof Job j)) {
                continue;
            }
            for (Container c : j.getSpec().getTemplate().getSpec().getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (SECRETISH.matcher(e.getName()).matches()) {
                        assertTrue(e.getValue() == null && e.getValueFrom().getSecretKeyRef() != null,
                                j.getMetadata().getName() + " " + e.getName() + " comes from a Secret");
                        refs++;
                    }
                }
            }
        }
        assertEquals(5, refs, "Kong's and the admin password, the old and the new PostgreSQL password, the new Redis password");
        for (HasMetadata o : objects) {
            if (o instanceof ConfigMap cm && !cm.getMetadata().getName().equals("kong-declarative")) {
                cm.getData().forEach((k, v) -> assertFalse(SECRETISH.matcher(k).matches() && !k.equals("APP_SECRET"),
                        cm.getMetadata().getName() + " " + k));
            }
        }
    }

    // ---- names ------------------------------------------------------------------------------------------------

    static final Pattern FQDN = Pattern.compile("\\b([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc\\.cluster\\.local(?::(\\d+))?");

    /** What verify reads to know the stores: the upstream charts' values and the CloudNativePG Cluster. */
    static final List<Path> STORES = List.of(Path.of("platform/values"), Path.of("platform/cloudnative-pg"));

    @Test
    void everyHostTheKitNamesResolvesUnderThePinnedCharts(@TempDir Path tmp) throws Exception {
        Map<String, List<String>> expected = Map.of(
                "cloudnative-pg", List.of("banking-pg-rw.postgres.svc.cluster.local",
                        "banking-pg-ro.postgres.svc.cluster.local"),
                "bitnami", List.of("postgresql-primary.postgres.svc.cluster.local",
                        "postgresql-read.postgres.svc.cluster.local"));
        for (var profile : expected.entrySet()) {
            Map<String, Object> sets = new HashMap<>(ALL);
            sets.put("postgresql.profile", profile.getKey());
            String manifest = KitChart.render(sets);
            Set<String> hosts = new TreeSet<>();
            Matcher m = FQDN.matcher(manifest);
            while (m.find()) {
                hosts.add(m.group());
            }
            List<String> wanted = new ArrayList<>(profile.getValue());
            wanted.addAll(List.of("redis.redis.svc.cluster.local", "kong-proxy.kong.svc.cluster.local",
                    "kong-admin.kong.svc.cluster.local:8001"));
            assertTrue(hosts.containsAll(wanted), profile.getKey() + ": " + hosts);
            // each one checked with the charts' and the operator's naming rules (kongsync platform verify)
            Path rendered = Files.writeString(tmp.resolve(profile.getKey() + ".yaml"), manifest);
            List<Path> roots = new ArrayList<>(STORES);
            roots.add(rendered);
            assertEquals(List.of(), PlatformVerifier.verify(roots).stream().map(Object::toString).toList());
        }

        // and the check can fail: a fullname the values do not pin, a Cluster that is not there
        Path wrong = Files.writeString(tmp.resolve("wrong.yaml"), KitChart.render(KitChart.sets("hooks", false,
                "postgresql.profile", "bitnami", "postgresql.fullname", "postgres-ha-postgresql")));
        List<PlatformVerifier.Finding> broken = PlatformVerifier.verify(List.of(STORES.get(0), STORES.get(1), wrong));
        assertTrue(broken.stream().anyMatch(f -> f.category().equals("unresolved-host")
                && f.message().startsWith("postgres-ha-postgresql-primary.postgres.svc does not exist")), broken.toString());
        Path wrongCluster = Files.writeString(tmp.resolve("wrong-cluster.yaml"), KitChart.render(KitChart.sets(
                "hooks", false, "postgresql.cluster", "banking-db")));
        List<PlatformVerifier.Finding> noCluster = PlatformVerifier.verify(List.of(STORES.get(0), STORES.get(1),
                wrongCluster));
        assertTrue(noCluster.stream().anyMatch(f -> f.category().equals("unresolved-host")
                && f.message().startsWith("banking-db-rw.postgres.svc does not exist")
                && f.message().contains("Cluster banking-pg of CloudNativePG")
                && f.message().contains("banking-pg-rw for the primary")), noCluster.toString());

        // the ports the kit uses are the ones the Services expose
        ChartRelease kong = new ChartRelease("kong/kong", "kong", "kong",
                YAML.convertValue(yaml("platform/values/kong.yaml"), Map.class), "kong.yaml");
        Service bridge = find(all(), Service.class, "kong-proxy");
        assertEquals("kong-proxy.kong.svc.cluster.local", bridge.getSpec().getExternalName());
        assertTrue(kong.services().get("kong-proxy").contains(bridge.getSpec().getPorts().get(0).getPort()));
        assertTrue(kong.services().get("kong-admin").contains(8001));
    }

    @Test
    void kongAndItsInitJobUseTheSameDatabaseUserAndSecret() throws Exception {
        JsonNode env = yaml("platform/values/kong.yaml").get("env");
        Job init = find(all(), Job.class, "kong-db-init");
        Map<String, EnvVar> vars = new HashMap<>();
        init.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().forEach(e -> vars.put(e.getName(), e));
        assertEquals(env.get("pg_host").asText(), vars.get("PGHOST").getValue());
        assertEquals(env.get("pg_port").asText(), vars.get("PGPORT").getValue());
        assertEquals(env.get("pg_user").asText(), vars.get("KONG_PG_USER").getValue());
        assertEquals(env.get("pg_database").asText(), vars.get("KONG_PG_DATABASE").getValue());
        JsonNode ref = env.at("/pg_password/valueFrom/secretKeyRef");
        assertEquals(ref.get("name").asText(), vars.get("KONG_PG_PASSWORD").getValueFrom().getSecretKeyRef().getName());
        assertEquals(ref.get("key").asText(), vars.get("KONG_PG_PASSWORD").getValueFrom().getSecretKeyRef().getKey());
        // the stores read the Secrets the bootstrap script creates
        String bootstrap = Files.readString(Path.of("platform/secrets/bootstrap.sh"));
        for (String[] s : List.of(new String[]{"postgresql.yaml", "postgres postgresql-auth"},
                new String[]{"redis.yaml", "redis redis-auth"})) {
            String existing = yaml("platform/values/" + s[0]).at("/auth/existingSecret").asText();
            assertEquals(s[1].split(" ")[1], existing);
            assertTrue(bootstrap.contains("create " + s[1]), s[1]);
        }
        assertTrue(bootstrap.contains("create kong " + ref.get("name").asText() + " \"password="));

        // the bitnami profile: Kong's overlay names the host the kit's chart renders for it
        Map<String, Object> bitnami = new HashMap<>(ALL);
        bitnami.put("postgresql.profile", "bitnami");
        Job bitnamiInit = find(KitChart.parse(KitChart.render(bitnami)), Job.class, "kong-db-init");
        assertEquals(yaml("platform/values/kong-bitnami-postgresql.yaml").at("/env/pg_host").asText(),
                bitnamiInit.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getName().equals("PGHOST")).findFirst().orElseThrow().getValue());

        // the CloudNativePG profile: the Cluster is given the Secrets bootstrap.sh creates, by the operator's names
        JsonNode cluster = cluster();
        String name = cluster.at("/metadata/name").asText();
        assertEquals(name + "-app", cluster.at("/spec/bootstrap/initdb/secret/name").asText());
        assertEquals(name + "-superuser", cluster.at("/spec/superuserSecret/name").asText());
        assertTrue(bootstrap.contains("app_pg=\"$cluster-app\"; super_pg=\"$cluster-superuser\""));
        assertTrue(bootstrap.contains("create --type=kubernetes.io/basic-auth postgres \"$app_pg\" \"username=$db_user\""));
        assertTrue(bootstrap.contains("create --type=kubernetes.io/basic-auth postgres \"$super_pg\" \"username=postgres\""));
    }

    /** The CloudNativePG Cluster of the kit (the first document of platform/cloudnative-pg/banking-pg.yaml). */
    static JsonNode cluster() throws Exception {
        List<JsonNode> docs = clusterFile();
        return docs.stream().filter(d -> d.path("kind").asText().equals("Cluster")).findFirst().orElseThrow();
    }

    static List<JsonNode> clusterFile() throws Exception {
        List<JsonNode> docs = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(Path.of("platform/cloudnative-pg/banking-pg.yaml").toFile())) {
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    @Test
    void theImportShipsTheRepositorysOneKongYml() throws Exception {
        ConfigMap cm = find(all(), ConfigMap.class, "kong-declarative");
        assertEquals(Files.readString(Path.of("kong/kong.yml")), cm.getData().get("kong.yml"));
        ConfigMap scripts = find(all(), ConfigMap.class, "data-migration");
        assertEquals(Files.readString(Path.of("platform/migrate/pg-migrate.sh")), scripts.getData().get("pg-migrate.sh"));
        assertEquals(Files.readString(Path.of("platform/migrate/redis-migrate.sh")),
                scripts.getData().get("redis-migrate.sh"));
    }

    @Test
    void theIngressReachesKongThroughTheBridgeOnly() {
        Ingress ingress = find(all(), Ingress.class, "banking");
        Map<String, String> backends = new HashMap<>();
        ingress.getSpec().getRules().get(0).getHttp().getPaths().forEach(p -> backends.put(p.getPath(),
                p.getBackend().getService().getName() + ":" + p.getBackend().getService().getPort().getNumber()));
        assertEquals(Map.of("/api", "kong-proxy:8000", "/ws", "kong-proxy:8000", "/", "frontend:80"), backends);
        assertEquals("banking", ingress.getMetadata().getNamespace());
        assertTrue(all().stream().filter(o -> o instanceof Service s && "ExternalName".equals(s.getSpec().getType()))
                .count() == 1, "one ExternalName only");
    }

    // ---- network ----------------------------------------------------------------------------------------------

    record Pod(String ns, Map<String, String> labels) {}

    static final Pod INGRESS = new Pod("haproxy-controller", Map.of("app", "haproxy-ingress"));
    static final Pod KONG = new Pod("kong", Map.of("app.kubernetes.io/name", "kong", "app.kubernetes.io/instance",
            "kong"));
    static final Pod KONGSYNC = new Pod("kong", Map.of("app.kubernetes.io/name", "kongsync"));
    static final Pod DB_INIT = new Pod("kong", Map.of("app.kubernetes.io/name", "kong-db-init"));
    static final Pod AUTH = new Pod("banking", Map.of("app", "auth-service"));
    static final Pod FRONTEND = new Pod("banking", Map.of("app", "frontend"));
    static final Pod POSTGRES = new Pod("postgres", Map.of("app.kubernetes.io/name", "postgresql"));
    static final Pod REDIS = new Pod("redis", Map.of("app.kubernetes.io/name", "redis"));
    static final Pod DNS = new Pod("kube-system", Map.of("k8s-app", "kube-dns"));
    static final Pod ELSEWHERE = new Pod("default", Map.of("app", "curl"));

    @Test
    void networkPoliciesAdmitExactlyTheFlowsOfTheDesign() {
        List<NetworkPolicy> policies = all().stream().filter(o -> o instanceof NetworkPolicy)
                .map(o -> (NetworkPolicy) o).toList();
        record Flow(Pod from, Pod to, int port, boolean allowed) {}
        List<Flow> flows = List.of(
                new Flow(INGRESS, KONG, 8000, true),
                new Flow(INGRESS, FRONTEND, 80, true),
                new Flow(KONGSYNC, KONG, 8001, true),
                new Flow(KONG, AUTH, 8001, true),
                new Flow(KONG, AUTH, 8004, true),
                new Flow(KONG, POSTGRES, 5432, true),
                new Flow(KONG, DNS, 53, true),
                new Flow(AUTH, FRONTEND, 80, true),          // inside banking
                new Flow(AUTH, POSTGRES, 5432, true),        // admitted by the PostgreSQL chart's own policy
                new Flow(DB_INIT, POSTGRES, 5432, true),
                new Flow(INGRESS, KONG, 8001, false),        // the Admin API: the import Job only
                new Flow(AUTH, KONG, 8001, false),
                new Flow(DB_INIT, KONG, 8001, false),
                new Flow(ELSEWHERE, KONG, 8001, false),
                new Flow(ELSEWHERE, KONG, 8000, false),
                new Flow(KONGSYNC, KONG, 8000, false),
                new Flow(ELSEWHERE, AUTH, 8001, false),
                new Flow(ELSEWHERE, FRONTEND, 80, false),
                new Flow(INGRESS, AUTH, 8001, false),        // the apps' API only through Kong
                new Flow(KONG, AUTH, 9000, false),
                new Flow(KONG, REDIS, 6379, false),
                new Flow(KONG, ELSEWHERE, 443, false));
        List<String> wrong = new ArrayList<>();
        for (Flow f : flows) {
            boolean allowed = allowed(policies, Direction.EGRESS, f.from(), f.to(), f.port())
                    && allowed(policies, Direction.INGRESS, f.to(), f.from(), f.port());
            if (allowed != f.allowed()) {
                wrong.add(f.from() + " -> " + f.to() + ":" + f.port() + " is " + (allowed ? "allowed" : "denied"));
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void beforeTheCutoverNothingIsolatesBanking() {
        // the foundation goes in while the old Kong in banking still serves /api: banking's policies come with the edge
        List<HasMetadata> foundation = KitChart.parse(KitChart.render(KitChart.sets("components.kongDbInit", false,
                "components.kongsyncImport", false, "components.edge", false)));
        List<NetworkPolicy> policies = foundation.stream().filter(o -> o instanceof NetworkPolicy)
                .map(o -> (NetworkPolicy) o).toList();
        assertFalse(policies.isEmpty());
        assertTrue(policies.stream().allMatch(p -> p.getMetadata().getNamespace().equals("kong")));
        Pod oldKong = new Pod("banking", Map.of("app", "kong"));
        assertTrue(allowed(policies, Direction.INGRESS, oldKong, INGRESS, 8000));
    }

    enum Direction { INGRESS, EGRESS }

    /** Kubernetes NetworkPolicy semantics for the selectors the kit uses (matchLabels). */
    static boolean allowed(List<NetworkPolicy> policies, Direction d, Pod subject, Pod peer, int port) {
        String type = d == Direction.INGRESS ? "Ingress" : "Egress";
        List<NetworkPolicy> selecting = policies.stream()
                .filter(p -> p.getMetadata().getNamespace().equals(subject.ns()))
                .filter(p -> p.getSpec().getPolicyTypes().contains(type))
                .filter(p -> matches(p.getSpec().getPodSelector(), subject.labels())).toList();
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy p : selecting) {
            var rules = d == Direction.INGRESS
                    ? p.getSpec().getIngress().stream().map(r -> Map.entry(r.getFrom(), r.getPorts())).toList()
                    : p.getSpec().getEgress().stream().map(r -> Map.entry(r.getTo(), r.getPorts())).toList();
            for (var rule : rules) {
                boolean peerOk = rule.getKey() == null || rule.getKey().isEmpty()
                        || rule.getKey().stream().anyMatch(x -> peerMatches(x, p.getMetadata().getNamespace(), peer));
                boolean portOk = rule.getValue() == null || rule.getValue().isEmpty()
                        || rule.getValue().stream().anyMatch(x -> portMatches(x, port));
                if (peerOk && portOk) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean peerMatches(NetworkPolicyPeer peer, String policyNs, Pod pod) {
        assertTrue(peer.getIpBlock() == null, "the kit selects by labels only");
        boolean ns = peer.getNamespaceSelector() == null ? pod.ns().equals(policyNs)
                : matches(peer.getNamespaceSelector(), Map.of("kubernetes.io/metadata.name", pod.ns()));
        boolean labels = peer.getPodSelector() == null || matches(peer.getPodSelector(), pod.labels());
        return ns && labels;
    }

    static boolean portMatches(NetworkPolicyPort p, int port) {
        assertTrue(p.getPort() == null || p.getPort().getIntVal() != null, "numeric ports only");
        return p.getPort() == null || p.getPort().getIntVal() == port;
    }

    static boolean matches(LabelSelector s, Map<String, String> labels) {
        assertTrue(s.getMatchExpressions() == null || s.getMatchExpressions().isEmpty());
        return s.getMatchLabels() == null || labels.entrySet().containsAll(s.getMatchLabels().entrySet());
    }

    @Test
    void theStoresAdmitOnlyTheAppsKongAndTheKitsJobs() throws Exception {
        JsonNode pg = yaml("platform/values/postgresql.yaml");
        for (String role : List.of("primary", "readReplicas")) {
            assertFalse(pg.at("/" + role + "/networkPolicy/allowExternal").asBoolean(true), role);
            assertEquals("banking", pg.at("/" + role + "/networkPolicy/ingressNSMatchLabels/kubernetes.io~1metadata.name")
                    .asText(), role);
        }
        assertEquals("kong", pg.at("/primary/networkPolicy/extraIngress/0/from/0/namespaceSelector/matchLabels/"
                + "kubernetes.io~1metadata.name").asText(), "Kong and its init Job reach the primary");
        JsonNode redis = yaml("platform/values/redis.yaml");
        assertFalse(redis.at("/networkPolicy/allowExternal").asBoolean(true));
        assertEquals("banking", redis.at("/networkPolicy/ingressNSMatchLabels/kubernetes.io~1metadata.name").asText());
        // the namespaces carry the label those selectors match
        for (HasMetadata o : all()) {
            if (o.getKind().equals("Namespace")) {
                assertNotNull(o.getMetadata().getLabels().get("platform.kongsync.dev/role"));
            }
        }
    }

    // ---- Argo CD ----------------------------------------------------------------------------------------------

    static final Pattern HELM_HEADER = Pattern.compile(
            "helm upgrade -i (\\S+) (\\S+)/(\\S+) --version (\\S+) -n (\\S+) -f (\\S+)");

    @Test
    void argoApplicationsDeployEveryPartInOrder() throws Exception {
        Map<String, JsonNode> apps = new HashMap<>();
        try (Stream<Path> s = Files.list(Path.of("platform/argocd/apps"))) {
            for (Path p : s.sorted().toList()) {
                JsonNode app = YAML.readTree(p.toFile());
                assertEquals("Application", app.get("kind").asText(), p.toString());
                assertEquals(p.getFileName().toString().replace(".yaml", ""), app.at("/metadata/name").asText());
                apps.put(app.at("/metadata/name").asText(), app);
            }
        }
        Map<String, Integer> wave = new HashMap<>();
        apps.forEach((n, a) -> wave.put(n, a.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asInt()));
        // the operator before its Cluster: the Cluster CRD and the webhooks that admit one come with the operator
        List<List<String>> order = List.of(List.of("platform-foundation"), List.of("cloudnative-pg"),
                List.of("postgres-cluster", "redis"), List.of("kong-db-init"), List.of("kong"),
                List.of("kongsync-import"), List.of("banking-edge", "banking-apps"));
        assertEquals(new TreeSet<>(apps.keySet()), new TreeSet<>(order.stream().flatMap(List::stream).toList()));
        for (int i = 0; i < order.size(); i++) {
            for (String a : order.get(i)) {
                assertEquals(wave.get(order.get(i).get(0)), wave.get(a), a + " in the same wave as its peers");
                if (i > 0) {
                    assertTrue(wave.get(order.get(i - 1).get(0)) < wave.get(a), a + " after " + order.get(i - 1));
                }
            }
        }

        // the kit's Applications together render the whole chart, each part once
        Map<String, String> owner = new HashMap<>();
        for (var e : apps.entrySet()) {
            JsonNode src = e.getValue().at("/spec/source");
            if (!src.path("path").asText().equals("platform/charts/banking-platform")) {
                continue;
            }
            Map<String, Object> sets = KitChart.sets("hooks", false);
            flatten("", src.at("/helm/valuesObject"), sets);
            for (HasMetadata o : KitChart.parse(KitChart.render(sets))) {
                String id = o.getKind() + "/" + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
                String before = owner.put(id, e.getKey());
                assertTrue(before == null, id + " rendered by " + before + " and " + e.getKey());
            }
        }
        Set<String> whole = new HashSet<>();
        KitChart.parse(KitChart.render(KitChart.sets("hooks", false))).forEach(o -> whole.add(o.getKind() + "/"
                + o.getMetadata().getNamespace() + "/" + o.getMetadata().getName()));
        assertEquals(new TreeSet<>(whole), new TreeSet<>(owner.keySet()));

        // upstream charts: the version, release and namespace the values file says it is written for (the bitnami
        // PostgreSQL Application is the alternative of the operator and its Cluster, kept beside the app of apps)
        apps.put("postgresql", YAML.readTree(Path.of("platform/argocd/bitnami/postgresql.yaml").toFile()));
        for (String name : List.of("cloudnative-pg", "postgresql", "redis", "kong")) {
            JsonNode src = apps.get(name).at("/spec/sources/0");
            String values = src.at("/helm/valueFiles/0").asText().replace("$values/", "");
            Matcher h = HELM_HEADER.matcher(Files.readString(Path.of(values)));
            assertTrue(h.find(), values + " names its helm command");
            assertEquals(h.group(1), src.at("/helm/releaseName").asText(), name);
            assertEquals(h.group(3), src.get("chart").asText(), name);
            assertEquals(h.group(4), src.get("targetRevision").asText(), name + " chart version");
            assertEquals(h.group(5), apps.get(name).at("/spec/destination/namespace").asText(), name);
            assertEquals(values, h.group(6));
        }
        JsonNode bankingValues = apps.get("banking-apps").at("/spec/sources/0/helm/valueFiles");
        assertTrue(Files.exists(Path.of(bankingValues.get(bankingValues.size() - 1).asText().replace("$values/", ""))));

        // the Cluster's Application applies the directory that holds it, in the namespace it names
        JsonNode pg = apps.get("postgres-cluster");
        assertEquals("platform/cloudnative-pg", pg.at("/spec/source/path").asText());
        assertEquals(cluster().at("/metadata/namespace").asText(), pg.at("/spec/destination/namespace").asText());
        assertTrue(pg.at("/spec/syncPolicy/syncOptions").toString().contains("SkipDryRunOnMissingResource=true"));
        assertTrue(apps.get("cloudnative-pg").at("/spec/syncPolicy/syncOptions").toString()
                .contains("ServerSideApply=true"), "the operator's CRDs are too large for a client-side apply");
        JsonNode project = YAML.readTree(Path.of("platform/argocd/project.yaml").toFile());
        assertTrue(project.at("/spec/destinations").toString().contains("cnpg-system"));
        assertTrue(project.at("/spec/sourceRepos").toString().contains(apps.get("cloudnative-pg")
                .at("/spec/sources/0/repoURL").asText()));
        for (String kind : List.of("CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding",
                "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")) {
            assertTrue(project.at("/spec/clusterResourceWhitelist").toString().contains("\"" + kind + "\""), kind);
        }
    }

    /** valuesObject as --set keys (a.b.c: value). */
    static void flatten(String prefix, JsonNode node, Map<String, Object> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isObject()) {
                flatten(prefix + e.getKey() + ".", e.getValue(), out);
            } else {
                out.put(prefix + e.getKey(), e.getValue().isBoolean() ? e.getValue().asBoolean() : e.getValue().asText());
            }
        });
    }

    // ---- what the real charts revealed (issue 16): each of these failed on the values before the fix ----------------

    static final String MONITORING = "monitoring";
    static final Pod PROMETHEUS = new Pod(MONITORING, Map.of("app.kubernetes.io/name", "prometheus"));
    static final Pod REDIS_NODE = new Pod("redis", Map.of("app.kubernetes.io/name", "redis",
            "app.kubernetes.io/instance", "redis", "app.kubernetes.io/component", "node"));

    /** Flows evaluated against the given policies; returns the ones that come out the other way. */
    static List<String> wrongFlows(List<NetworkPolicy> policies, List<Object[]> flows) {
        List<String> wrong = new ArrayList<>();
        for (Object[] f : flows) {
            Pod from = (Pod) f[0];
            Pod to = (Pod) f[1];
            int port = (Integer) f[2];
            boolean allowed = allowed(policies, Direction.EGRESS, from, to, port)
                    && allowed(policies, Direction.INGRESS, to, from, port);
            if (allowed != (Boolean) f[3]) {
                wrong.add(from + " -> " + to + ":" + port + " is " + (allowed ? "allowed" : "denied"));
            }
        }
        return wrong;
    }

    @Test
    void redisAdmitsItsExporterPortFromTheNamedNamespaceOnly() throws Exception {
        // the policy bitnami/redis 23.1.1 renders from the kit's values (templates/networkpolicy.yaml, modelled in
        // ChartRelease.networkPolicies): before the fix, the exporter's rule had ports and no from
        ChartRelease redis = UpstreamCharts.release("platform/values/redis.yaml");
        List<NetworkPolicy> policies = redis.networkPolicies();
        assertEquals(List.of("redis"), policies.stream().map(p -> p.getMetadata().getName()).toList());
        assertEquals(List.of(), wrongFlows(policies, List.of(
                new Object[]{AUTH, REDIS_NODE, 6379, true},
                new Object[]{AUTH, REDIS_NODE, 26379, true},
                new Object[]{REDIS_NODE, REDIS_NODE, 6379, true},       // replication and Sentinel, the chart's own
                new Object[]{PROMETHEUS, REDIS_NODE, 9121, true},
                new Object[]{ELSEWHERE, REDIS_NODE, 9121, false},
                new Object[]{AUTH, REDIS_NODE, 9121, false},
                new Object[]{KONG, REDIS_NODE, 9121, false},
                new Object[]{ELSEWHERE, REDIS_NODE, 6379, false},
                new Object[]{PROMETHEUS, REDIS_NODE, 6379, false})));
        // the namespace the user names is the one the CloudNativePG Cluster admits to its exporter too
        assertEquals(MONITORING, yaml("platform/values/redis.yaml")
                .at("/networkPolicy/metrics/ingressNSMatchLabels/kubernetes.io~1metadata.name").asText());
    }

    @Test
    void kongManagerIsOffInsideThePodsNotOnlyItsService() throws Exception {
        // kong/kong 3.4.1 sets KONG_ADMIN_GUI_LISTEN in the Enterprise block of "kong.env" only (templates/_helpers.tpl;
        // none of the chart's own non-Enterprise snapshots, ci/__snapshots__, has it): without env.admin_gui_listen
        // Kong opens its defaults (kong_defaults.lua) in every Pod, whatever manager.enabled says
        ChartRelease kong = UpstreamCharts.release("platform/values/kong.yaml");
        assertEquals(Boolean.FALSE, kong.get("manager", "enabled"));
        assertEquals("off", kong.kongAdminGuiListen(), "KONG_ADMIN_GUI_LISTEN in Kong's containers");
        assertEquals(ChartRelease.KONG_DEFAULT_ADMIN_GUI_LISTEN, new ChartRelease("kong/kong", "kong", "kong",
                Map.of("manager", Map.of("enabled", false)), "v").kongAdminGuiListen(), "the chart alone");
        // as Helm reads YAML (1.1): an unquoted off is the boolean false, rendered "false", which Kong refuses;
        // Kong 3.9.1 takes "off" as no listener (kong/conf_loader/listeners.lua, parse_listeners)
        Map<?, ?> asHelmReadsIt = new org.yaml.snakeyaml.Yaml().load(Files.readString(Path.of("platform/values/kong.yaml")));
        assertEquals("off", ((Map<?, ?>) asHelmReadsIt.get("env")).get("admin_gui_listen"));
    }

    @Test
    void underArgoCdEachSyncRunsOneMigrationPerPhase() throws Exception {
        Map<String, Object> values = UpstreamCharts.map(yaml("platform/values/kong.yaml"));
        // Helm distinguishes install from upgrade: one migration in each phase already
        assertEquals(List.of(new UpstreamCharts.Migration("init-migrations", "kong migrations bootstrap",
                "with the release")), UpstreamCharts.kongMigrations(values, UpstreamCharts.Deploy.HELM_INSTALL));
        assertEquals(List.of("pre-upgrade: kong migrations up", "post-upgrade: kong migrations finish"),
                UpstreamCharts.kongMigrations(values, UpstreamCharts.Deploy.HELM_UPGRADE).stream()
                        .map(m -> m.phase() + ": " + m.command()).toList());

        // Argo CD renders every sync as an install: with the values alone, bootstrap and up would share Sync
        JsonNode app = YAML.readTree(Path.of("platform/argocd/apps/kong.yaml").toFile());
        Map<String, Object> argo = UpstreamCharts.merge(values,
                UpstreamCharts.map(app.at("/spec/sources/0/helm/valuesObject")));
        Map<String, List<String>> byPhase = new java.util.TreeMap<>();
        for (UpstreamCharts.Migration m : UpstreamCharts.kongMigrations(argo, UpstreamCharts.Deploy.ARGO_CD_SYNC)) {
            byPhase.computeIfAbsent(m.phase(), k -> new ArrayList<>()).add(m.command());
        }
        assertEquals(Map.of("Sync", List.of("kong migrations up"), "PostSync", List.of("kong migrations finish")),
                byPhase, "one migration per phase of a sync of the kong Application");

        // the one bootstrap: the kit's kong-db-init Application, a Sync hook in the wave before Kong's
        JsonNode init = YAML.readTree(Path.of("platform/argocd/apps/kong-db-init.yaml").toFile());
        assertTrue(init.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asInt()
                < app.at("/metadata/annotations/argocd.argoproj.io~1sync-wave").asInt());
        Map<String, Object> sets = KitChart.sets("hooks", true);
        flatten("", init.at("/spec/source/helm/valuesObject"), sets);
        sets.put("hooks", false);
        Job job = find(KitChart.parse(KitChart.render(sets)), Job.class, "kong-db-init");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals(List.of("kong-db-init"), pod.getInitContainers().stream().map(Container::getName).toList(),
                "Kong's database and user first");
        Container schema = pod.getContainers().get(0);
        assertEquals(List.of("kong", "migrations", "bootstrap"), schema.getCommand());
        JsonNode kongImage = yaml("platform/values/kong.yaml").at("/image");
        assertEquals(kongImage.get("repository").asText() + ":" + kongImage.get("tag").asText(), schema.getImage(),
                "the schema is bootstrapped by the Kong version the kong Application deploys");
        // with Kong's own settings for its database
        Map<String, Object> expectedEnv = new java.util.TreeMap<>();
        yaml("platform/values/kong.yaml").get("env").fields().forEachRemaining(e -> {
            if (e.getKey().startsWith("pg_") || e.getKey().equals("database")) {
                expectedEnv.put("KONG_" + e.getKey().toUpperCase(), e.getValue().isTextual() ? e.getValue().asText()
                        : e.getValue().at("/valueFrom/secretKeyRef/name").asText() + "/"
                        + e.getValue().at("/valueFrom/secretKeyRef/key").asText());
            }
        });
        Map<String, Object> actualEnv = new java.util.TreeMap<>();
        schema.getEnv().stream().filter(e -> e.getName().startsWith("KONG_PG_") || e.getName().equals("KONG_DATABASE"))
                .forEach(e -> actualEnv.put(e.getName(), e.getValue() != null ? e.getValue()
                        : e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()));
        assertEquals(expectedEnv, actualEnv);
        // and the same Job under Helm has no such step (the chart's init-migrations Job bootstraps on install)
        List<Container> helmInit = find(all(), Job.class, "kong-db-init").getSpec().getTemplate().getSpec()
                .getInitContainers();
        assertTrue(helmInit == null || helmInit.isEmpty());
    }

    @Test
    void thePostgresReplicaNeverSharesThePrimarysNode() throws Exception {
        // bitnami/postgresql 17.1.0: the Pods' labels and affinity as its StatefulSets render them (UpstreamCharts)
        ChartRelease pg = UpstreamCharts.release("platform/values/postgresql.yaml");
        Map<String, Map<String, String>> pods = Map.of("primary", UpstreamCharts.postgresqlPodLabels(pg, "primary"),
                "readReplicas", UpstreamCharts.postgresqlPodLabels(pg, "read"));
        for (var side : List.of(List.of("primary", "readReplicas"), List.of("readReplicas", "primary"))) {
            var affinity = UpstreamCharts.postgresqlAffinity(pg, side.get(0));
            var required = affinity.getPodAntiAffinity() == null ? null
                    : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            assertTrue(required != null && required.stream().anyMatch(t -> t.getTopologyKey().equals(
                    "kubernetes.io/hostname") && UpstreamCharts.selects(t.getLabelSelector(), pods.get(side.get(1)))),
                    side.get(0) + " is required off the nodes of " + side.get(1) + ": " + affinity);
            assertTrue(required.stream().allMatch(t -> (t.getNamespaces() == null || t.getNamespaces().isEmpty())
                    && t.getNamespaceSelector() == null),
                    "the term applies in the release's namespace");
        }
        // the CloudNativePG Cluster: one instance per node, required
        JsonNode affinity = cluster().at("/spec/affinity");
        assertTrue(affinity.get("enablePodAntiAffinity").asBoolean());
        assertEquals("required", affinity.get("podAntiAffinityType").asText());
        assertEquals("kubernetes.io/hostname", affinity.get("topologyKey").asText());
    }

    @Test
    void everyDisruptionBudgetCanBothAllowAndRefuseAnEviction() throws Exception {
        // a budget over one Pod is either maxUnavailable: 1 (it never refuses: the default of bitnami's PDBs, which
        // covered one primary and one replica before the fix) or minAvailable: 1 (it refuses every drain)
        ChartRelease pg = UpstreamCharts.release("platform/values/postgresql.yaml");
        int replicas = pg.get("readReplicas", "replicaCount") instanceof Number n ? n.intValue() : 1;
        List<Map<String, String>> pgPods = new ArrayList<>(List.of(UpstreamCharts.postgresqlPodLabels(pg, "primary")));
        for (int i = 0; i < replicas; i++) {
            pgPods.add(UpstreamCharts.postgresqlPodLabels(pg, "read"));
        }
        List<String> meaningless = new ArrayList<>();
        List<UpstreamCharts.Budget> budgets = UpstreamCharts.postgresqlBudgets(pg);
        assertFalse(budgets.isEmpty(), "the bitnami profile has a budget");
        for (UpstreamCharts.Budget b : budgets) {
            int covered = (int) pgPods.stream().filter(p -> UpstreamCharts.selects(b.selector(), p)).count();
            int allowed = b.allowedDisruptions(covered);
            if (!(allowed > 0 && allowed < covered)) {
                meaningless.add(b.name() + ": " + allowed + " of " + covered + " Pod(s) may go");
            }
        }
        // Kong (kong/kong templates/pdb.yaml over replicaCount Pods), Redis (sentinel/pdb.yaml over the nodes)
        JsonNode kong = yaml("platform/values/kong.yaml");
        if (kong.at("/podDisruptionBudget/maxUnavailable").asInt() >= kong.get("replicaCount").asInt()) {
            meaningless.add("kong");
        }
        JsonNode redis = yaml("platform/values/redis.yaml");
        if (redis.at("/replica/pdb/maxUnavailable").asInt(1) >= redis.at("/replica/replicaCount").asInt()) {
            meaningless.add("redis-node");
        }
        assertEquals(List.of(), meaningless);
        // and the one the bitnami profile has spans the primary and the replica
        assertTrue(budgets.stream().anyMatch(b -> pgPods.stream().allMatch(p -> UpstreamCharts.selects(b.selector(), p))));
        // the operator's budgets need more than one instance: with one, a drain of its node waits for ever
        assertTrue(cluster().at("/spec/enablePDB").asBoolean() && cluster().at("/spec/instances").asInt() >= 3);
    }

    // ---- the CloudNativePG profile ---------------------------------------------------------------------------------

    /**
     * Every field the kit's Cluster uses, each checked against the Cluster CRD (postgresql.cnpg.io/v1) of the pinned
     * chart, cloudnative-pg 0.29.0 (templates/crds/crds.yaml, openAPIV3Schema): the CRD is not carried here, so a new
     * field is added to this list only once looked up there. Maps below parameters, requests and limits are free.
     */
    static final Set<String> CLUSTER_FIELDS = Set.of("apiVersion", "kind", "metadata.name", "metadata.namespace",
            "metadata.labels.*", "metadata.annotations.*", "spec.instances", "spec.imageName",
            "spec.bootstrap.initdb.database", "spec.bootstrap.initdb.owner", "spec.bootstrap.initdb.secret.name",
            "spec.enableSuperuserAccess", "spec.superuserSecret.name", "spec.postgresql.parameters.*",
            "spec.postgresql.synchronous.method", "spec.postgresql.synchronous.number",
            "spec.postgresql.synchronous.dataDurability", "spec.postgresql.synchronous.failoverQuorum",
            "spec.failoverDelay", "spec.switchoverDelay", "spec.primaryUpdateStrategy", "spec.primaryUpdateMethod",
            "spec.affinity.enablePodAntiAffinity", "spec.affinity.podAntiAffinityType", "spec.affinity.topologyKey",
            "spec.enablePDB", "spec.resources.requests.*", "spec.resources.limits.*", "spec.storage.size");

    static void fieldPaths(String prefix, JsonNode node, Set<String> out) {
        if (!node.isObject()) {
            out.add(prefix);
            return;
        }
        node.fields().forEachRemaining(e -> {
            String p = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (CLUSTER_FIELDS.contains(p + ".*")) {
                out.add(p + ".*");
            } else {
                fieldPaths(p, e.getValue(), out);
            }
        });
    }

    @Test
    void theCloudNativePgClusterIsThreeInstancesWithSynchronousReplication() throws Exception {
        JsonNode c = cluster();
        Set<String> used = new TreeSet<>();
        fieldPaths("", c, used);
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(CLUSTER_FIELDS);
        assertEquals(Set.of(), unknown, "fields not checked against the CRD");
        assertEquals("postgresql.cnpg.io/v1", c.get("apiVersion").asText());
        assertEquals(3, c.at("/spec/instances").asInt());
        // a COMMIT waits for one of the two standbys; with both down writes wait; failover only to a standby known to
        // hold every synchronous commit
        JsonNode sync = c.at("/spec/postgresql/synchronous");
        assertEquals("any", sync.get("method").asText());
        assertEquals(1, sync.get("number").asInt());
        assertTrue(sync.get("number").asInt() < c.at("/spec/instances").asInt() - 1, "one standby may be down");
        assertEquals("required", sync.get("dataDurability").asText());
        assertTrue(sync.get("failoverQuorum").asBoolean());
        assertEquals(0, c.at("/spec/failoverDelay").asInt());
        assertEquals("switchover", c.at("/spec/primaryUpdateMethod").asText());
        // PostgreSQL 17, the major of the kit's client Jobs (pg_dump, psql), pinned by tag and digest
        assertTrue(c.at("/spec/imageName").asText().matches("ghcr\\.io/cloudnative-pg/postgresql:17\\.[\\w.-]+@sha256:[0-9a-f]{64}"),
                c.at("/spec/imageName").asText());
        assertTrue(yaml("platform/charts/banking-platform/values.yaml").at("/images/postgres").asText()
                .startsWith("postgres:17."));
        // the database and its owner are the ones the kit's chart names
        JsonNode kit = yaml("platform/charts/banking-platform/values.yaml").get("postgresql");
        assertEquals(kit.at("/banking/database").asText(), c.at("/spec/bootstrap/initdb/database").asText());
        assertEquals(kit.at("/banking/user").asText(), c.at("/spec/bootstrap/initdb/owner").asText());
        assertEquals(kit.get("cluster").asText(), c.at("/metadata/name").asText());
        assertEquals("postgres", c.at("/metadata/namespace").asText());
        // superuser access for the kit's kong-db-init Job, from the Secret bootstrap.sh writes, never generated
        assertTrue(c.at("/spec/enableSuperuserAccess").asBoolean());
        assertFalse(c.toString().toLowerCase().contains("password"), "no password in the Cluster");
        // the operator is the one of the pinned chart: the image tag is its appVersion
        JsonNode operator = yaml("platform/values/cloudnative-pg.yaml");
        assertEquals("1.30.0", operator.at("/image/tag").asText());
        assertTrue(operator.get("replicaCount").asInt() >= 2, "a failover does not wait for the operator's node");
    }

    @Test
    void theCloudNativePgProfileResolvesItsHostsAndSecrets(@TempDir Path tmp) throws Exception {
        // the kit's default profile: Kong, the apps' contract and the Jobs point at the Cluster's -rw Service
        List<HasMetadata> kit = all();
        ConfigMap endpoints = find(kit, ConfigMap.class, "platform-endpoints");
        assertEquals("cloudnative-pg", endpoints.getData().get("DATABASE_PROFILE"));
        assertEquals("banking-pg", endpoints.getData().get("DATABASE_CLUSTER"));
        assertEquals("banking-pg-rw.postgres.svc.cluster.local", endpoints.getData().get("DATABASE_HOST"));
        assertEquals("banking-pg-ro.postgres.svc.cluster.local", endpoints.getData().get("DATABASE_READ_HOST"));
        assertEquals(endpoints.getData().get("DATABASE_HOST"), yaml("platform/values/kong.yaml").at("/env/pg_host").asText());
        Job migrate = find(kit, Job.class, "pg-migrate");
        assertEquals(endpoints.getData().get("DATABASE_HOST"), migrate.getSpec().getTemplate().getSpec().getContainers()
                .get(0).getEnv().stream().filter(e -> e.getName().equals("TARGET_HOST")).findFirst().orElseThrow()
                .getValue());

        // platform verify knows the operator's names: Services and Secrets of the Cluster resolve
        CnpgCluster c = CnpgCluster.of(YAML.convertValue(cluster(), Map.class), new dev.kongsync.file.Location("f", 1, 1));
        assertEquals(Set.of("banking-pg-rw", "banking-pg-ro", "banking-pg-r"), c.services().keySet());
        assertEquals(Set.of("banking-pg-app", "banking-pg-superuser"), c.secrets().keySet());
        Path app = Files.writeString(tmp.resolve("report-job.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata: {name: report, namespace: postgres}
                spec:
                  template:
                    spec:
                      restartPolicy: Never
                      containers:
                        - name: report
                          image: postgres:17.6-bookworm
                          env:
                            - {name: PGHOST, value: banking-pg-ro.postgres.svc.cluster.local}
                            - name: PGPASSWORD
                              valueFrom: {secretKeyRef: {name: banking-pg-app, key: password}}
                """);
        assertEquals(List.of(), PlatformVerifier.verify(List.of(STORES.get(1), app)).stream().map(Object::toString)
                .toList());
        // and a wrong cluster name is caught, in hosts and in Secrets
        Path wrong = Files.writeString(tmp.resolve("wrong.yaml"), Files.readString(app)
                .replace("banking-pg-ro.", "banking-db-ro.").replace("name: banking-pg-app", "name: banking-db-app"));
        List<PlatformVerifier.Finding> f = PlatformVerifier.verify(List.of(STORES.get(1), wrong));
        assertTrue(f.stream().anyMatch(x -> x.category().equals("unresolved-host")
                && x.message().startsWith("banking-db-ro.postgres.svc does not exist: Cluster banking-pg of CloudNativePG")),
                f.toString());
        assertTrue(f.stream().anyMatch(x -> x.category().equals("unresolved-secret")
                && x.message().equals("Secret banking-db-app does not exist: Cluster banking-pg of CloudNativePG creates "
                + "[banking-pg-app, banking-pg-superuser]")), f.toString());
    }

    @Test
    void theStoresAdmitExactlyTheirClients() throws Exception {
        // CloudNativePG: the kit's own NetworkPolicy beside the Cluster (the operator ships none)
        List<NetworkPolicy> cnpg = new ArrayList<>();
        for (JsonNode doc : clusterFile()) {
            if (!doc.path("kind").asText().equals("Cluster")) {
                cnpg.addAll(KitChart.parse(YAML.writeValueAsString(doc)).stream()
                        .map(o -> (NetworkPolicy) o).toList());
            }
        }
        CnpgCluster c = CnpgCluster.of(YAML.convertValue(cluster(), Map.class), new dev.kongsync.file.Location("f", 1, 1));
        Pod primary = new Pod("postgres", c.podLabels("primary"));
        Pod standby = new Pod("postgres", c.podLabels("replica"));
        Pod operator = new Pod("cnpg-system", Map.of("app.kubernetes.io/name", "cloudnative-pg",
                "app.kubernetes.io/instance", "cnpg"));
        Pod migrate = new Pod("banking", Map.of("app.kubernetes.io/name", "pg-migrate"));
        assertEquals(List.of(), wrongFlows(cnpg, List.of(
                new Object[]{AUTH, primary, 5432, true},
                new Object[]{migrate, primary, 5432, true},
                new Object[]{DB_INIT, primary, 5432, true},
                new Object[]{KONG, standby, 5432, true},
                new Object[]{standby, primary, 5432, true},            // streaming replication
                new Object[]{operator, primary, 8000, true},
                new Object[]{operator, standby, 5432, true},
                new Object[]{PROMETHEUS, primary, 9187, true},
                new Object[]{ELSEWHERE, primary, 5432, false},
                new Object[]{AUTH, primary, 8000, false},
                new Object[]{PROMETHEUS, primary, 5432, false},
                new Object[]{ELSEWHERE, primary, 9187, false},
                new Object[]{new Pod("cnpg-system", Map.of("app", "other")), primary, 8000, false})));
        // bitnami/postgresql: the chart's own policies (ChartRelease.networkPolicies, from its templates)
        ChartRelease pg = UpstreamCharts.release("platform/values/postgresql.yaml");
        List<NetworkPolicy> bitnami = pg.networkPolicies();
        Pod pgPrimary = new Pod("postgres", UpstreamCharts.postgresqlPodLabels(pg, "primary"));
        Pod pgRead = new Pod("postgres", UpstreamCharts.postgresqlPodLabels(pg, "read"));
        assertEquals(List.of(), wrongFlows(bitnami, List.of(
                new Object[]{AUTH, pgPrimary, 5432, true},
                new Object[]{DB_INIT, pgPrimary, 5432, true},
                new Object[]{AUTH, pgRead, 5432, true},
                new Object[]{pgRead, pgPrimary, 5432, true},
                new Object[]{ELSEWHERE, pgPrimary, 5432, false},
                new Object[]{ELSEWHERE, pgPrimary, 9187, false},
                new Object[]{KONG, pgRead, 5432, false})));
    }

    @Test
    void bothPostgresProfilesLintAndRender(@TempDir Path tmp) throws Exception {
        Path copy = copyOfChart(tmp);
        Path values = copy.resolve("values.yaml");
        Files.writeString(values, Files.readString(values).replace("  profile: cloudnative-pg", "  profile: bitnami"));
        var lint = new com.marcnuri.helm.Helm(copy).lint().strict().call();
        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        assertTrue(KitChart.parse(new com.marcnuri.helm.Helm(copy).template().withName("banking-platform")
                .withNamespace("default").set("hooks", false).call()).stream().anyMatch(o -> o instanceof Job));
        Map<String, Object> typo = new HashMap<>(ALL);
        typo.put("postgresql.profile", "cnpg");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> KitChart.render(typo));
        assertTrue(e.getMessage().contains("postgresql.profile must be cloudnative-pg or bitnami"), e.getMessage());
    }

    /** A copy of the kit's chart in {@code tmp}/banking-platform, for tests that change a file of it. */
    static Path copyOfChart(Path tmp) throws java.io.IOException {
        Path copy = tmp.resolve("banking-platform");
        try (Stream<Path> files = Files.walk(KitChart.CHART)) {
            for (Path f : files.toList()) {
                Path to = copy.resolve(KitChart.CHART.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        return copy;
    }
}
