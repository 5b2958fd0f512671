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
        List<HasMetadata> objects = all();
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
        assertEquals(List.of("kong-db-init", "kongsync-import", "pg-migrate", "redis-migrate"),
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

    @Test
    void everyHostTheKitNamesResolvesUnderThePinnedCharts(@TempDir Path tmp) throws Exception {
        String manifest = KitChart.render(ALL);
        Set<String> hosts = new TreeSet<>();
        Matcher m = FQDN.matcher(manifest);
        while (m.find()) {
            hosts.add(m.group());
        }
        assertTrue(hosts.containsAll(List.of("postgresql-primary.postgres.svc.cluster.local",
                "postgresql-read.postgres.svc.cluster.local", "redis.redis.svc.cluster.local",
                "kong-proxy.kong.svc.cluster.local", "kong-admin.kong.svc.cluster.local:8001")), hosts.toString());
        // each one checked with the charts' naming rules against the pinned values (kongsync platform verify)
        Path rendered = Files.writeString(tmp.resolve("rendered.yaml"), manifest);
        List<PlatformVerifier.Finding> findings = PlatformVerifier.verify(List.of(Path.of("platform/values"), rendered));
        assertEquals(List.of(), findings.stream().map(Object::toString).toList());

        // and the check can fail: a fullname the values do not pin
        Path wrong = Files.writeString(tmp.resolve("wrong.yaml"), KitChart.render(KitChart.sets("hooks", false,
                "postgresql.fullname", "postgres-ha-postgresql")));
        List<PlatformVerifier.Finding> broken = PlatformVerifier.verify(List.of(Path.of("platform/values"), wrong));
        assertTrue(broken.stream().anyMatch(f -> f.category().equals("unresolved-host")
                && f.message().startsWith("postgres-ha-postgresql-primary.postgres.svc does not exist")), broken.toString());

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
        List<List<String>> order = List.of(List.of("platform-foundation"), List.of("postgresql", "redis"),
                List.of("kong-db-init"), List.of("kong"), List.of("kongsync-import"), List.of("banking-edge",
                        "banking-apps"));
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
            src.at("/helm/valuesObject/components").fields()
                    .forEachRemaining(c -> sets.put("components." + c.getKey(), c.getValue().asBoolean()));
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

        // upstream charts: the version, release and namespace the values file says it is written for
        for (String name : List.of("postgresql", "redis", "kong")) {
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
    }
}
