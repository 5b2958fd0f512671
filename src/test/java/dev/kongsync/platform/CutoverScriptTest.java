package dev.kongsync.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform/cutover/cutover.sh and rollback.sh, run for real against stand-ins for kubectl, helm and kongsync
 * (src/test/resources/cutover-fakes: a cluster kept as files, every call logged). The manifests the scripts apply are
 * the kit's chart rendered by helm-java. What is proven: the preflight stops before any change, each step does what it
 * says, a failure stops the run, and the rollback restores exactly what was recorded.
 */
class CutoverScriptTest {
    static final Path FAKES = Path.of("src/test/resources/cutover-fakes").toAbsolutePath();
    static final List<String> MUTATING = List.of(" scale ", " apply ", " set env ", " delete ", " create ");

    @TempDir
    Path tmp;
    Path cluster;
    Path state;
    Path log;
    HttpServer kongProxy;

    record Run(int exit, String out) {}

    @BeforeEach
    void world() throws IOException {
        cluster = Files.createDirectories(tmp.resolve("cluster"));
        state = tmp.resolve("state");
        log = tmp.resolve("calls.log");
        Files.writeString(log, "");
        Map<String, String> replicas = Map.of("frontend", "2", "auth-service", "2", "account-service", "1",
                "transfer-service", "1", "notification-service", "1");
        for (var e : replicas.entrySet()) {
            write("deploy/" + e.getKey(), e.getValue());
        }
        Files.createDirectories(cluster.resolve("secret/banking/banking-platform"));
        write("ingress/banking/banking-ingress/labels", "{\"app\":\"banking\"}");
        write("ingress/banking/banking-ingress/annotations", "{\"haproxy.org/timeout-tunnel\":\"1h\"}");
        write("ingress/banking/banking-ingress/spec", "{\"ingressClassName\":\"haproxy\",\"rules\":[{\"host\":"
                + "\"npd-banking.co\",\"http\":{\"paths\":[{\"path\":\"/api\",\"pathType\":\"Prefix\",\"backend\":"
                + "{\"service\":{\"name\":\"kong\",\"port\":{\"number\":8000}}}}]}}]}");
        Path rendered = Files.createDirectories(tmp.resolve("rendered"));
        for (String profile : List.of("cloudnative-pg", "bitnami")) {
            for (String component : List.of("migration", "edge")) {
                Map<String, Object> sets = KitChart.sets("hooks", false, "components.foundation", false,
                        "components.kongDbInit", false, "components.kongsyncImport", false, "components.edge", false,
                        "components.migration", false, "postgresql.profile", profile);
                sets.put("components." + component, true);
                Files.writeString(rendered.resolve(component + "." + profile + ".yaml"), KitChart.render(sets));
            }
        }
        endpoints("cloudnative-pg");      // the foundation of the chart's default profile is in place
        kongProxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kongProxy.createContext("/api/auth/health", x -> {
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        kongProxy.start();
    }

    @AfterEach
    void stop() {
        kongProxy.stop(0);
    }

    void write(String path, String content) throws IOException {
        Path p = cluster.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    String read(String path) throws IOException {
        return Files.readString(cluster.resolve(path)).trim();
    }

    Run run(String script, Map<String, String> env, String... args) throws Exception {
        return runWithInput(script, env, "", args);
    }

    Run runWithInput(String script, Map<String, String> env, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", script));
        if (script.contains("cutover/")) {
            cmd.addAll(List.of("--state", state.toString()));
        }
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> e = pb.environment();
        e.put("PATH", FAKES + ":" + System.getenv("PATH"));
        e.put("FAKE_LOG", log.toString());
        e.put("FAKE_STATE", cluster.toString());
        e.put("FAKE_RENDERED", tmp.resolve("rendered").toString());
        String port = String.valueOf(kongProxy.getAddress().getPort());
        e.put("ADMIN_PORT", port);
        e.put("PROXY_PORT", port);
        e.putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), script + " did not finish");
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    List<String> calls() throws IOException {
        return Files.readAllLines(log);
    }

    List<String> mutatingCalls() throws IOException {
        return calls().stream().filter(c -> c.startsWith("kubectl") && MUTATING.stream().anyMatch(c::contains))
                .toList();
    }

    @Test
    void dryRunPrintsEveryCommandAndRunsNone() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of(), "--dry-run", "--profile", "bitnami");
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of(), calls(), "a dry run runs nothing");
        for (String expected : List.of("kubectl -n postgres rollout status statefulset/postgresql-primary",
                "kongsync diff kong/kong.yml --kong-addr http://127.0.0.1:", "--exit-code",
                "kubectl -n banking scale deployment auth-service --replicas=0",
                "kubectl -n banking get job pg-migrate -o 'jsonpath={.status.conditions[?(@.status==\"True\")].type}'",
                "kubectl -n banking set env deployment/auth-service --from=secret/banking-platform --keys=DATABASE_URL,REDIS_URL",
                "kubectl -n banking delete ingress banking-ingress",
                "curl -s -o /dev/null")) {
            assertTrue(r.out().contains(expected), expected + " in\n" + r.out());
        }
        assertFalse(Files.exists(state.resolve("journal")));
        Run rb = run("platform/cutover/rollback.sh", Map.of(), "--dry-run");
        assertEquals(1, rb.exit(), "nothing to roll back: " + rb.out());
    }

    @Test
    void cutoverThenRollbackRestoresEverything() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of(), "--yes");
        assertEquals(0, r.exit(), r.out());
        assertEquals(List.of("freeze", "migrate-started", "migrate", "switch", "edge-applied", "edge", "start"),
                Files.readAllLines(state.resolve("journal")));
        assertTrue(r.out().contains("Redis master: redis-node-1.redis-headless.redis.svc.cluster.local"), r.out());
        // the apps stopped, then started again with their recorded replicas
        List<String> c = calls();
        int stop = c.indexOf("kubectl -n banking scale deployment auth-service --replicas=0");
        int migrate = indexOf(c, "kubectl -n banking get job pg-migrate");
        int start = c.indexOf("kubectl -n banking scale deployment auth-service --replicas=2");
        assertTrue(stop >= 0 && stop < migrate && migrate < start, String.join("\n", c));
        assertEquals("2", read("deploy/auth-service"));
        assertEquals("1", read("deploy/account-service"));
        // the backends read the new Secret; the frontend has no database
        for (String app : List.of("auth-service", "account-service", "transfer-service", "notification-service")) {
            assertEquals("banking-platform", read("env-" + app));
        }
        assertFalse(Files.exists(cluster.resolve("env-frontend")));
        assertFalse(c.stream().anyMatch(x -> x.contains("api-producer") && x.contains("scale")),
                "an app that does not exist is skipped");
        // the kit's Jobs and edge, rendered from the chart, were applied; the old Ingress is gone
        String applied = Files.readString(cluster.resolve("applied"));
        for (String o : List.of("ConfigMap/data-migration", "Job/pg-migrate", "Job/redis-migrate",
                "Service/kong-proxy", "Ingress/banking", "NetworkPolicy/from-kong")) {
            assertTrue(applied.contains(o), o + " in " + applied);
        }
        assertFalse(Files.exists(cluster.resolve("ingress/banking/banking-ingress")));

        Run again = run("platform/cutover/cutover.sh", Map.of(), "--yes");
        assertEquals(1, again.exit(), "a second cutover over the first is refused: " + again.out());

        Files.writeString(log, "");
        Run rb = run("platform/cutover/rollback.sh", Map.of());
        assertEquals(0, rb.exit(), rb.out());
        for (String app : List.of("auth-service", "account-service", "transfer-service", "notification-service")) {
            assertEquals("banking-db-secret", read("env-" + app), app);
        }
        String deleted = Files.readString(cluster.resolve("deleted"));
        for (String o : List.of("Service/kong-proxy", "Ingress/banking", "NetworkPolicy/default-deny-ingress",
                "Job/pg-migrate", "Job/redis-migrate")) {
            assertTrue(deleted.contains(o), o + " in " + deleted);
        }
        JsonNode old = new ObjectMapper().readTree(cluster.resolve("last-applied-file").toFile());
        assertEquals("banking-ingress", old.at("/metadata/name").asText());
        assertEquals("1h", old.at("/metadata/annotations/haproxy.org~1timeout-tunnel").asText());
        assertEquals("kong", old.at("/spec/rules/0/http/paths/0/backend/service/name").asText());
        assertTrue(old.at("/metadata/uid").isMissingNode() && old.at("/metadata/resourceVersion").isMissingNode());
        assertEquals("2", read("deploy/frontend"));
        List<String> undo = calls().stream().filter(x -> MUTATING.stream().anyMatch(x::contains)).toList();
        int edge = indexOf(undo, "apply -f");
        int env = indexOf(undo, "set env deployment/auth-service");
        int scale = indexOf(undo, "scale deployment auth-service --replicas=2");
        assertTrue(edge < env && env < scale, "undone in reverse order:\n" + String.join("\n", undo));
        assertTrue(Files.exists(state.resolve("journal.rolled-back")));
    }

    static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError(part + " not in\n" + String.join("\n", lines));
    }

    @Test
    void preflightStopsBeforeAnyChangeWhenKongDrifted() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of("FAKE_DIFF_EXIT", "2"), "--yes");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("Kong does not match kong/kong.yml"), r.out());
        assertEquals(List.of(), mutatingCalls());
        assertFalse(Files.exists(state.resolve("journal")));
    }

    @Test
    void preflightStopsWhenTheNewPlatformIsNotReady() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of("FAKE_FAIL", "rollout status statefulset/redis-node"),
                "--yes");
        assertEquals(1, r.exit(), r.out());
        assertEquals(List.of(), mutatingCalls());
        Run noSecret = run("platform/cutover/cutover.sh", Map.of("FAKE_FAIL", "get secret banking-platform"), "--yes");
        assertEquals(1, noSecret.exit(), noSecret.out());
        assertEquals(List.of(), mutatingCalls());
    }

    @Test
    void aServiceNamedLikeTheBridgeThatIsNotTheKitsStopsThePreflight() throws Exception {
        write("service/banking/kong-proxy", "");          // the demo's own, without the kit's label
        Run r = run("platform/cutover/cutover.sh", Map.of(), "--yes");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("Service banking/kong-proxy exists and is not the kit's"), r.out());
        assertEquals(List.of(), mutatingCalls());
        write("service/banking/kong-proxy", "banking-platform");   // the kit's, from an earlier attempt
        assertEquals(0, run("platform/cutover/cutover.sh", Map.of(), "--yes").exit());
    }

    @Test
    void withoutYesItAsksAndAnythingButYesStopsBeforeAnyChange() throws Exception {
        for (String answer : List.of("n\n", "")) {
            Run r = runWithInput("platform/cutover/cutover.sh", Map.of(), answer);
            assertEquals(1, r.exit(), r.out());
            assertTrue(r.out().contains("stopped before any change"), r.out());
            assertEquals(List.of(), mutatingCalls());
        }
        Run yes = runWithInput("platform/cutover/cutover.sh", Map.of(), "y\n");
        assertEquals(0, yes.exit(), yes.out());
    }

    @Test
    void aRollbackThatFailsPartWayCanBeRunAgain() throws Exception {
        assertEquals(0, run("platform/cutover/cutover.sh", Map.of(), "--yes").exit());
        Run failed = run("platform/cutover/rollback.sh", Map.of("FAKE_FAIL", "set env deployment/account-service"));
        assertEquals(1, failed.exit(), failed.out());
        assertTrue(Files.exists(state.resolve("journal")), "the journal stays for the next attempt");
        assertEquals("banking-db-secret", read("env-auth-service"));
        assertEquals("banking-platform", read("env-account-service"));
        Run again = run("platform/cutover/rollback.sh", Map.of());
        assertEquals(0, again.exit(), again.out());
        for (String app : List.of("auth-service", "account-service", "transfer-service", "notification-service")) {
            assertEquals("banking-db-secret", read("env-" + app), app);
        }
        assertEquals("2", read("deploy/auth-service"));
    }

    @Test
    void aFailedMigrationStopsTheRunAndRollbackRestartsTheOldApps() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of("FAKE_JOB_FAIL", "pg-migrate"), "--yes");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("Job pg-migrate did not complete") && r.out().contains("rollback.sh"), r.out());
        assertEquals(List.of("freeze", "migrate-started"), Files.readAllLines(state.resolve("journal")));
        assertEquals("0", read("deploy/auth-service"));
        assertFalse(Files.exists(cluster.resolve("env-auth-service")), "no app was switched");

        Run rb = run("platform/cutover/rollback.sh", Map.of());
        assertEquals(0, rb.exit(), rb.out());
        assertEquals("2", read("deploy/auth-service"));
        assertEquals("1", read("deploy/notification-service"));
        assertTrue(Files.readString(cluster.resolve("deleted")).contains("Job/pg-migrate"));
        assertFalse(Files.exists(cluster.resolve("env-auth-service")), "nothing to switch back");
        assertFalse(rb.out().contains("undo 4") || rb.out().contains("undo 3"), rb.out());
    }

    @Test
    void aFailedSmokeTestThroughKongStopsTheRun() throws Exception {
        Run r = run("platform/cutover/cutover.sh", Map.of("SMOKE_PATH", "/api/nowhere"), "--yes");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("GET /api/nowhere through Kong answered 404, not 200")
                && r.out().contains("cutover stopped in step 5"), r.out());
        assertEquals(List.of("freeze", "migrate-started", "migrate", "switch", "edge-applied", "edge"),
                Files.readAllLines(state.resolve("journal")));
        Run rb = run("platform/cutover/rollback.sh", Map.of());
        assertEquals(0, rb.exit(), rb.out());
        assertEquals("banking-db-secret", read("env-auth-service"));
        assertTrue(Files.exists(cluster.resolve("last-applied-file")), "the old Ingress is back");
    }

    // ---- platform/secrets/bootstrap.sh ----------------------------------------------------------------------

    /** ConfigMap banking/platform-endpoints as the kit's foundation renders it for a PostgreSQL profile. */
    void endpoints(String profile) throws IOException {
        Map<String, String> data = new HashMap<>();
        deleteTree(cluster.resolve("configmap/banking/platform-endpoints"));
        for (var o : KitChart.parse(KitChart.render(Map.of("postgresql.profile", profile)))) {
            if (o instanceof io.fabric8.kubernetes.api.model.ConfigMap cm
                    && cm.getMetadata().getName().equals("platform-endpoints")) {
                data.putAll(cm.getData());
            }
        }
        assertFalse(data.isEmpty());
        for (var e : data.entrySet()) {
            write("configmap/banking/platform-endpoints/" + e.getKey(), e.getValue());
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var s = Files.walk(p)) {
                for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    String secret(String ns, String name, String key) throws IOException {
        return Files.readString(cluster.resolve("secret/" + ns + "/" + name + "/" + key));
    }

    @Test
    void bootstrapCreatesConsistentSecretsOnceAndNeverShowsAPassword() throws Exception {
        endpoints("bitnami");
        Files.delete(cluster.resolve("secret/banking/banking-platform"));
        Run r = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, r.exit(), r.out());
        String pgUser = secret("postgres", "postgresql-auth", "password");
        String pgAdmin = secret("postgres", "postgresql-auth", "postgres-password");
        String redis = secret("redis", "redis-auth", "redis-password");
        for (String pw : List.of(pgUser, pgAdmin, redis, secret("kong", "kong-database", "password"),
                secret("postgres", "postgresql-auth", "replication-password"))) {
            assertTrue(pw.matches("[0-9a-f]{48}"), pw.length() + " hex characters");
            assertFalse(r.out().contains(pw), "a password in the output");
            assertFalse(Files.readString(log).contains(pw), "a password on a command line");
        }
        assertEquals(5, new java.util.HashSet<>(List.of(pgUser, pgAdmin, redis, secret("kong", "kong-database",
                "password"), secret("postgres", "postgresql-auth", "replication-password"))).size());
        assertEquals(pgAdmin, secret("kong", "kong-database-admin", "postgres-password"));
        assertEquals("postgresql://banking:" + pgUser + "@postgresql-primary.postgres.svc.cluster.local:5432/banking",
                secret("banking", "banking-platform", "DATABASE_URL"));
        assertEquals("sentinel://:" + redis + "@redis.redis.svc.cluster.local:26379/0/mymaster",
                secret("banking", "banking-platform", "REDIS_URL"));

        Files.writeString(log, "");
        Run again = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, again.exit(), again.out());
        assertFalse(Files.readString(log).contains("create secret"), "existing Secrets are kept");
        assertEquals(pgUser, secret("postgres", "postgresql-auth", "password"));

        // a derived Secret created by hand from another password: the apps would fail to log in
        Files.writeString(cluster.resolve("secret/banking/banking-platform/DATABASE_PASSWORD"), "typo");
        Run bad = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains("banking/banking-platform key DATABASE_PASSWORD disagrees"), bad.out());
    }

    @Test
    void bootstrapReusesTheStoresPasswordsAndNeedsTheFoundation() throws Exception {
        deleteTree(cluster.resolve("configmap"));
        Run noFoundation = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(1, noFoundation.exit());
        assertTrue(noFoundation.out().contains("sync the kit's foundation first"), noFoundation.out());

        endpoints("bitnami");
        Files.delete(cluster.resolve("secret/banking/banking-platform"));
        write("secret/postgres/postgresql-auth/postgres-password", "admin-from-first-boot");
        write("secret/postgres/postgresql-auth/password", "user-from-first-boot");
        write("secret/postgres/postgresql-auth/replication-password", "repl-from-first-boot");
        Run dry = run("platform/secrets/bootstrap.sh", Map.of(), "--dry-run");
        assertEquals(0, dry.exit(), dry.out());
        assertFalse(Files.readString(log).contains("create secret"));
        assertTrue(dry.out().contains("create secret generic banking-platform --from-env-file=<private file with "
                + "DATABASE_URL DATABASE_PASSWORD REDIS_URL REDIS_PASSWORD>"), dry.out());
        Run r = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, r.exit(), r.out());
        assertTrue(secret("banking", "banking-platform", "DATABASE_URL").startsWith("postgresql://banking:"
                + "user-from-first-boot@"));
        assertEquals("admin-from-first-boot", secret("kong", "kong-database-admin", "postgres-password"));
    }

    // ---- the CloudNativePG profile (the chart's default) ----------------------------------------------------------

    @Test
    void withCloudNativePgThePreflightChecksTheClusterAndItsPrimary() throws Exception {
        Run dry = run("platform/cutover/cutover.sh", Map.of(), "--dry-run");
        assertEquals(0, dry.exit(), dry.out());
        assertEquals(List.of(), calls());
        for (String expected : List.of("kubectl -n banking get configmap platform-endpoints -o jsonpath={.data.DATABASE_PROFILE}",
                "kubectl -n postgres wait cluster/banking-pg --for=condition=Ready --timeout=120s",
                "kubectl -n postgres get cluster banking-pg -o jsonpath={.status.currentPrimary}",
                "kubectl -n postgres exec <primary> -c postgres -- pg_isready -h 127.0.0.1 -p 5432",
                "--set postgresql.profile=cloudnative-pg --set components.migration=true")) {
            assertTrue(dry.out().contains(expected), expected + " in\n" + dry.out());
        }
        assertFalse(dry.out().contains("statefulset/postgresql-primary"), dry.out());

        Run r = run("platform/cutover/cutover.sh", Map.of(), "--yes");
        assertEquals(0, r.exit(), r.out());
        List<String> c = calls();
        assertTrue(c.contains("kubectl -n postgres wait cluster/banking-pg --for=condition=Ready --timeout=120s"),
                String.join("\n", c));
        assertTrue(c.contains("kubectl -n postgres exec banking-pg-1 -c postgres -- pg_isready -h 127.0.0.1 -p 5432"),
                "pg_isready in the Cluster's current primary:\n" + String.join("\n", c));
        assertTrue(c.stream().anyMatch(x -> x.startsWith("helm template") && x.contains("postgresql.profile=cloudnative-pg")
                && x.contains("components.migration=true")), "the migration Jobs are rendered for the profile");
        // the rollback renders the same profile
        Files.writeString(log, "");
        assertEquals(0, run("platform/cutover/rollback.sh", Map.of()).exit());
        assertTrue(calls().stream().filter(x -> x.startsWith("helm template"))
                .allMatch(x -> x.contains("postgresql.profile=cloudnative-pg")));
    }

    @Test
    void aProfileOtherThanThePlatformsOrAClusterWithoutPrimaryStopsThePreflight() throws Exception {
        Run wrong = run("platform/cutover/cutover.sh", Map.of(), "--yes", "--profile", "bitnami");
        assertEquals(1, wrong.exit(), wrong.out());
        assertTrue(wrong.out().contains("the platform runs the PostgreSQL profile 'cloudnative-pg'")
                && wrong.out().contains("pass --profile cloudnative-pg"), wrong.out());
        assertEquals(List.of(), mutatingCalls());
        Run noPrimary = run("platform/cutover/cutover.sh", Map.of("FAKE_PG_PRIMARY", ""), "--yes");
        assertEquals(1, noPrimary.exit(), noPrimary.out());
        assertTrue(noPrimary.out().contains("Cluster postgres/banking-pg names no current primary"), noPrimary.out());
        Run notReady = run("platform/cutover/cutover.sh", Map.of("FAKE_FAIL", "wait cluster/banking-pg"), "--yes");
        assertEquals(1, notReady.exit(), notReady.out());
        assertEquals(List.of(), mutatingCalls());
        Run typo = run("platform/cutover/cutover.sh", Map.of(), "--dry-run", "--profile", "cnpg");
        assertEquals(2, typo.exit(), typo.out());
        assertFalse(Files.exists(state.resolve("journal")));
    }

    @Test
    void bootstrapWritesTheOperatorsSecretsForCloudNativePg() throws Exception {
        Files.delete(cluster.resolve("secret/banking/banking-platform"));
        Run r = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, r.exit(), r.out());
        // the operator's names (<cluster>-app, <cluster>-superuser), basic-auth with the users the Cluster names
        assertEquals("kubernetes.io/basic-auth", secret("postgres", "banking-pg-app", ".type"));
        assertEquals("kubernetes.io/basic-auth", secret("postgres", "banking-pg-superuser", ".type"));
        assertEquals("banking", secret("postgres", "banking-pg-app", "username"));
        assertEquals("postgres", secret("postgres", "banking-pg-superuser", "username"));
        assertFalse(Files.exists(cluster.resolve("secret/postgres/postgresql-auth")), "no bitnami Secret");
        String app = secret("postgres", "banking-pg-app", "password");
        String admin = secret("postgres", "banking-pg-superuser", "password");
        for (String pw : List.of(app, admin, secret("kong", "kong-database", "password"))) {
            assertTrue(pw.matches("[0-9a-f]{48}"));
            assertFalse(r.out().contains(pw) || Files.readString(log).contains(pw), "a password shown");
        }
        assertEquals(admin, secret("kong", "kong-database-admin", "postgres-password"), "kong-db-init's admin");
        // the apps' contract is unchanged, the host is the Cluster's read-write Service
        assertEquals("postgresql://banking:" + app + "@banking-pg-rw.postgres.svc.cluster.local:5432/banking",
                secret("banking", "banking-platform", "DATABASE_URL"));
        assertEquals(app, secret("banking", "banking-platform", "DATABASE_PASSWORD"));
        Run again = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, again.exit(), again.out());
        assertEquals(app, secret("postgres", "banking-pg-app", "password"), "existing Secrets are kept");
    }

    @Test
    void bootstrapReusesSecretsTheOperatorGeneratedAndRefusesAnotherOwner() throws Exception {
        Files.delete(cluster.resolve("secret/banking/banking-platform"));
        // a Cluster created before bootstrap.sh ran: the operator generated its own Secrets (pkg/specs/secrets.go)
        write("secret/postgres/banking-pg-app/username", "banking");
        write("secret/postgres/banking-pg-app/password", "generated-by-the-operator");
        write("secret/postgres/banking-pg-app/uri", "postgresql://banking:generated-by-the-operator@banking-pg-rw.postgres:5432/banking");
        write("secret/postgres/banking-pg-superuser/username", "postgres");
        write("secret/postgres/banking-pg-superuser/password", "generated-superuser");
        Run r = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(0, r.exit(), r.out());
        assertTrue(secret("banking", "banking-platform", "DATABASE_URL").startsWith(
                "postgresql://banking:generated-by-the-operator@banking-pg-rw."));
        assertEquals("generated-superuser", secret("kong", "kong-database-admin", "postgres-password"));
        assertFalse(Files.readString(log).contains("create secret generic banking-pg-app"));

        write("secret/postgres/banking-pg-app/username", "app");      // the operator's default owner, not the kit's
        Run other = run("platform/secrets/bootstrap.sh", Map.of());
        assertEquals(1, other.exit(), other.out());
        assertTrue(other.out().contains("Secret postgres/banking-pg-app is not for user banking"), other.out());
    }
}
