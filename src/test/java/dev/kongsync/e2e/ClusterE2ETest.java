package dev.kongsync.e2e;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kongsync as the in-cluster import Job, against a Kubernetes API (fabric8's mock server in CRUD mode) and the test
 * Kong: backend checks, the Lease, the result ConfigMap and Events, the file from a ConfigMap.
 */
@QuarkusMainTest
class ClusterE2ETest extends E2E {
    static KubernetesMockServer k8s;
    static KubernetesClient client;
    static Path kubeconfig;

    @BeforeAll
    static void startCluster() throws Exception {
        k8s = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        k8s.init(InetAddress.getByName("127.0.0.1"), 0);
        client = k8s.createClient();
        kubeconfig = Files.createTempFile("kongsync-kubeconfig", ".yaml");
        Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\nclusters:\n- name: mock\n  cluster:\n"
                + "    server: http://127.0.0.1:" + k8s.getPort() + "\ncontexts:\n- name: mock\n  context:\n"
                + "    cluster: mock\n    user: mock\n    namespace: kong\ncurrent-context: mock\nusers:\n- name: mock\n"
                + "  user:\n    token: test-token\n");
    }

    @AfterAll
    static void stopCluster() {
        client.close();
        k8s.destroy();
    }

    @BeforeEach
    void emptyCluster() {
        k8s.reset();
    }

    static void backend(String name, int port, boolean ready) {
        client.services().inNamespace("banking").resource(new ServiceBuilder().withNewMetadata().withName(name)
                .withNamespace("banking").endMetadata().withNewSpec().addNewPort().withName("http").withPort(port)
                .endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("banking").resource(new EndpointSliceBuilder()
                .withNewMetadata().withName(name + "-abcde").withNamespace("banking")
                .addToLabels("kubernetes.io/service-name", name).endMetadata().withAddressType("IPv4")
                .addNewPort().withName("http").withPort(port).endPort()
                .addNewEndpoint().withAddresses("10.0.0.1").withNewConditions().withReady(ready).endConditions()
                .endEndpoint().build()).create();
    }

    static void allBackends() {
        backend("auth-service", 8001, true);
        backend("account-service", 8002, true);
        backend("transfer-service", 8003, true);
        backend("notification-service", 8004, true);
    }

    LaunchResult sync(QuarkusMainLauncher launcher, String... more) {
        List<String> args = new ArrayList<>(List.of("sync", "kong/kong.yml", "--kubeconfig", kubeconfig.toString()));
        args.addAll(List.of(more));
        return run(launcher, args.toArray(new String[0]));
    }

    @Test
    void missingWrongOrUnreadyBackendsFailBeforeAnyWrite(QuarkusMainLauncher launcher) {
        backend("auth-service", 8001, true);
        backend("account-service", 9999, true);
        backend("transfer-service", 8003, false);
        LaunchResult r = sync(launcher, "--verify-backends");
        assertEquals(1, r.exitCode(), r.getOutput());
        String err = r.getErrorOutput();
        assertTrue(err.contains("account-service.banking.svc.cluster.local:8002 (service account-service): Service "
                + "banking/account-service does not expose port 8002 (it exposes [9999]); route account-route would "
                + "break"), err);
        assertTrue(err.contains("transfer-service.banking.svc.cluster.local:8003 (service transfer-service): Service "
                + "banking/transfer-service has no ready endpoint for port 8003; route transfer-route would break"), err);
        assertTrue(err.contains("notification-service.banking.svc.cluster.local:8004 (service notification-service): "
                + "no Service notification-service in namespace banking; routes notification-route, "
                + "notification-ws-route would break"), err);
        assertFalse(err.contains("auth-route would break"), err);
        assertEquals(List.of(), writeLines(kong));
        LaunchResult validate = launcher.launch("validate", "kong/kong.yml", "--verify-backends", "--kubeconfig",
                kubeconfig.toString());
        assertEquals(1, validate.exitCode());
        assertTrue(validate.getErrorOutput().contains("no Service notification-service in namespace banking"));
    }

    @Test
    void readyBackendsPassAndOutsideHostsAreReported(QuarkusMainLauncher launcher) throws Exception {
        allBackends();
        LaunchResult r = sync(launcher, "--verify-backends");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getOutput().contains("backends: 4 in the cluster are ready"), r.getOutput());
        Path mixed = file("mixed.yml", "_format_version: \"3.0\"\nservices:\n  - name: ext\n"
                + "    url: https://api.partner.example.com\n    routes:\n      - name: ext-route\n        paths: [/ext]\n");
        LaunchResult v = launcher.launch("validate", mixed.toString(), "--verify-backends", "--kubeconfig",
                kubeconfig.toString());
        assertEquals(0, v.exitCode(), v.getErrorOutput());
        assertTrue(v.getOutput().contains("api.partner.example.com:443 (service ext) is outside the cluster domain "
                + "cluster.local; not checked"), v.getOutput());
    }

    @Test
    void waitsForBackendsToAppear(QuarkusMainLauncher launcher) throws Exception {
        backend("auth-service", 8001, true);
        backend("account-service", 8002, true);
        backend("transfer-service", 8003, true);
        while (k8s.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
            // drop the requests of earlier tests and of the set-up above
        }
        // The Service appears once kongsync has looked for it twice (the mock API server's request log): the second
        // look proves that the first one missed and that it is waiting.
        AtomicInteger looks = new AtomicInteger();
        Thread later = when(() -> {
            try {
                for (RecordedRequest q; (q = k8s.takeRequest(0, TimeUnit.MILLISECONDS)) != null; ) {
                    if ("GET".equals(q.getMethod())
                            && q.getPath().startsWith("/api/v1/namespaces/banking/services/notification-service")) {
                        looks.incrementAndGet();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return looks.get() >= 2;
        }, () -> backend("notification-service", 8004, true));
        LaunchResult r = sync(launcher, "--verify-backends", "--wait-backends", "30s");
        later.join();
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("waiting for backends: notification-service"), r.getErrorOutput());
        assertEquals(14, kong.writes().size());
    }

    static Lease lease(String holder, ZonedDateTime renewed, int seconds) {
        return new LeaseBuilder().withNewMetadata().withName("kongsync-kong").withNamespace("kong").endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(seconds)
                .withAcquireTime(renewed).withRenewTime(renewed).withLeaseTransitions(0).endSpec().build();
    }

    @Test
    void aSecondRunWaitsForTheLease(QuarkusMainLauncher launcher) throws Exception {
        client.leases().inNamespace("kong").resource(lease("other-job", ZonedDateTime.now(), 3600)).create();
        LaunchResult refused = sync(launcher, "--lock", "--lock-name", "kongsync-kong", "--lock-timeout", "2s");
        assertEquals(1, refused.exitCode());
        assertTrue(refused.getErrorOutput().contains("Lease kong/kongsync-kong is held by another run"),
                refused.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));

        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                return;
            }
            Lease l = client.leases().inNamespace("kong").withName("kongsync-kong").get();
            l.getSpec().setHolderIdentity(null);
            l.getSpec().setRenewTime(ZonedDateTime.now().minusHours(1));
            client.leases().inNamespace("kong").resource(l).update();
        });
        long start = System.nanoTime();
        release.start();
        LaunchResult r = sync(launcher, "--lock", "--lock-name", "kongsync-kong", "--lock-timeout", "30s",
                "--lock-lease-duration", "3s");
        release.join();
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 1400, "it waited for the release");
        assertEquals(14, kong.writes().size());
    }

    @Test
    void anExpiredLeaseIsTakenOver(QuarkusMainLauncher launcher) {
        client.leases().inNamespace("kong").resource(lease("crashed-job", ZonedDateTime.now().minusMinutes(10), 30))
                .create();
        LaunchResult r = sync(launcher, "--lock", "--lock-name", "kongsync-kong", "--lock-timeout", "20s");
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        Lease l = client.leases().inNamespace("kong").withName("kongsync-kong").get();
        assertTrue(l.getSpec().getLeaseTransitions() >= 1, "taken over: " + l.getSpec());
    }

    /** The kit's import Job exactly as the chart renders it: its init container, then its command. */
    @Test
    void theKitsImportJobRunsAsRendered(QuarkusMainLauncher launcher) throws Exception {
        List<io.fabric8.kubernetes.api.model.HasMetadata> kit = dev.kongsync.platform.KitChart.parse(
                dev.kongsync.platform.KitChart.render(java.util.Map.of("hooks", false)));
        io.fabric8.kubernetes.api.model.batch.v1.Job job = kit.stream()
                .filter(o -> o instanceof io.fabric8.kubernetes.api.model.batch.v1.Job
                        && o.getMetadata().getName().equals("kongsync-import"))
                .map(o -> (io.fabric8.kubernetes.api.model.batch.v1.Job) o).findFirst().orElseThrow();
        ConfigMap declarative = kit.stream().filter(o -> o instanceof ConfigMap
                && o.getMetadata().getName().equals("kong-declarative")).map(o -> (ConfigMap) o).findFirst()
                .orElseThrow();
        Path mounted = file("config-kong.yml", declarative.getData().get("kong.yml"));
        var pod = job.getSpec().getTemplate().getSpec();
        allBackends();
        for (var c : List.of(pod.getInitContainers().get(0), pod.getContainers().get(0))) {
            List<String> args = new ArrayList<>(c.getArgs());
            args.removeIf(a -> a.startsWith("-Xmx"));
            args.replaceAll(a -> a.equals("/config/kong.yml") ? mounted.toString() : a);
            if (args.get(0).equals("sync")) {      // in the Pod: the ServiceAccount and $POD_NAME
                args.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--pod-name", "kongsync-import-7xk2p"));
            }
            LaunchResult r = run(launcher, args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), c.getName() + " " + args + "\n" + r.getOutput() + r.getErrorOutput());
        }
        ConfigMap result = client.configMaps().inNamespace("kong").withName("kongsync-result").get();
        assertEquals("Synced", result.getData().get("reason"));
        assertTrue(result.getData().get("summary").startsWith("applied 14 changes"), result.getData().toString());
        assertNotNull(client.leases().inNamespace("kong").withName("kongsync-kong").get());
        int writes = writeLines(kong).size();
        List<String> again = new ArrayList<>(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());
        again.removeIf(a -> a.startsWith("-Xmx"));
        again.replaceAll(a -> a.equals("/config/kong.yml") ? mounted.toString() : a);
        again.addAll(List.of("--kubeconfig", kubeconfig.toString(), "--pod-name", "kongsync-import-9qq4z"));
        assertEquals(0, run(launcher, again.toArray(new String[0])).exitCode());
        assertEquals(writes, writeLines(kong).size(), "a re-run of the Job writes nothing");
    }

    @Test
    void resultConfigMapEventsAndTerminationMessage(QuarkusMainLauncher launcher) throws Exception {
        Path termination = tmp.resolve("termination-log");
        LaunchResult ok = sync(launcher, "--result-configmap", "kongsync-result", "--events", "--pod-name",
                "kongsync-import-x1", "--termination-log", termination.toString());
        assertEquals(0, ok.exitCode(), ok.getErrorOutput());
        ConfigMap cm = client.configMaps().inNamespace("kong").withName("kongsync-result").get();
        assertEquals("Synced", cm.getData().get("reason"));
        assertEquals("3.9.1", cm.getData().get("kongVersion"));
        assertTrue(cm.getData().get("counts").contains("\"create\" : 14"), cm.getData().toString());
        assertNotNull(cm.getData().get("time"));
        assertTrue(Files.readString(termination).startsWith("Synced: applied 14 changes (14 create, 0 update, "
                + "0 delete) (Kong 3.9.1)"), Files.readString(termination));
        List<Event> events = client.v1().events().inNamespace("kong").list().getItems();
        assertTrue(events.stream().anyMatch(e -> "Synced".equals(e.getReason())
                && "kongsync-import-x1".equals(e.getInvolvedObject().getName())
                && "Normal".equals(e.getType())), events.toString());

        // a re-run with nothing changed writes nothing to Kong, and says so
        kong.clearRequests();
        assertEquals(0, sync(launcher, "--result-configmap", "kongsync-result").exitCode());
        assertEquals(List.of(), writeLines(kong));
        assertTrue(client.configMaps().inNamespace("kong").withName("kongsync-result").get().getData().get("summary")
                .startsWith("Kong matches the files, nothing written"));

        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        LaunchResult drift = run(launcher, "sync", changed.toString(), "--dry-run", "--events", "--pod-name",
                "kongsync-drift-x3", "--kubeconfig", kubeconfig.toString());
        assertEquals(0, drift.exitCode(), drift.getErrorOutput());
        assertTrue(client.v1().events().inNamespace("kong").list().getItems().stream()
                .anyMatch(e -> "DriftFound".equals(e.getReason()) && "kongsync-drift-x3".equals(
                        e.getInvolvedObject().getName())));

        kong.dbLess(true);
        LaunchResult failed = sync(launcher, "--result-configmap", "kongsync-result", "--events", "--pod-name",
                "kongsync-import-x2", "--termination-log", termination.toString(), "--allow-empty");
        assertEquals(1, failed.exitCode());
        ConfigMap after = client.configMaps().inNamespace("kong").withName("kongsync-result").get();
        assertEquals("SyncFailed", after.getData().get("reason"));
        assertTrue(Files.readString(termination).startsWith("SyncFailed: "), Files.readString(termination));
        assertTrue(client.v1().events().inNamespace("kong").list().getItems().stream()
                .anyMatch(e -> "SyncFailed".equals(e.getReason()) && "Warning".equals(e.getType())));
    }

    @Test
    void theFileCanComeFromAConfigMap(QuarkusMainLauncher launcher) throws Exception {
        client.configMaps().inNamespace("kong").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("kong-declarative").withNamespace("kong").endMetadata()
                .addToData("kong.yml", Files.readString(Path.of("kong/kong.yml"))).build()).create();
        LaunchResult r = run(launcher, "sync", "--from-configmap", "kong/kong-declarative", "--kubeconfig",
                kubeconfig.toString());
        assertEquals(0, r.exitCode(), r.getErrorOutput());
        assertEquals(14, kong.writes().size());
        client.configMaps().inNamespace("kong").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("broken").withNamespace("kong").endMetadata()
                .addToData("kong.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n    port: 80\n").build())
                .create();
        kong.clearRequests();
        LaunchResult bad = run(launcher, "sync", "--from-configmap", "kong/broken:kong.yml", "--kubeconfig",
                kubeconfig.toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.getErrorOutput().contains("configmap/kong/broken:kong.yml:3:5: services[0].host: required "
                + "field missing"), bad.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }
}
