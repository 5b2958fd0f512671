package dev.kongsync.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** platform verify finds the seed's defects where they are, and nothing in the kit. */
class PlatformVerifierTest {
    static final Path SEED = Path.of(System.getProperty("kongsync.shared", "../shared"), "fixtures/banking-demo");

    static List<PlatformVerifier.Finding> seed() throws Exception {
        assertTrue(Files.isDirectory(SEED), SEED.toAbsolutePath().toString());
        return PlatformVerifier.verify(List.of(SEED, Path.of("src/test/resources/platform-seed")));
    }

    static void assertFound(List<PlatformVerifier.Finding> findings, String defect, String file, int line,
                            String category, String text) {
        boolean found = findings.stream().anyMatch(f -> f.location().file().endsWith(file)
                && f.location().line() == line && f.category().equals(category) && f.message().contains(text));
        assertTrue(found, "seed defect " + defect + ": expected [" + category + "] '" + text + "' at " + file + ":"
                + line + " in\n" + String.join("\n", findings.stream().map(Object::toString).toList()));
    }

    @Test
    void reportsTheSeedDefects() throws Exception {
        List<PlatformVerifier.Finding> f = seed();
        assertFound(f, "#1", "phase5-values-kong-ha.yaml", 16, "unresolved-host",
                "postgres-postgresql-primary.postgres.svc does not exist: release postgres-ha of bitnami/postgresql");
        assertFound(f, "#2", "phase5-values-postgres-ha.yaml", 71, "unresolved-host",
                "with architecture: replication there is no postgres-ha-postgresql Service");
        for (int line : List.of(7, 9, 12)) {
            assertFound(f, "#6", "phase5-values-postgres-ha.yaml", line, "plaintext-password", "in plain text");
        }
        assertFound(f, "#6", "phase5-values-kong-ha.yaml", 20, "plaintext-password", "pg_password is written in plain");
        assertFound(f, "#6", "phase5-values-redis-ha.yaml", 8, "plaintext-password", "password is written in plain");
        assertFound(f, "#9", "phase5-values-redis-ha.yaml", 1, "release-dependent-names",
                "depends on the release name (redis gives redis");
        assertFound(f, "#10", "phase5-values-redis-ha.yaml", 61, "unresolved-host",
                "redis-master.redis.svc does not exist");
        assertFound(f, "#11", "phase5-values-redis-ha.yaml", 61, "redis-sentinel", "writes to replicas fail");
        assertFound(f, "#21", "kong-db-init-job.yaml", 24, "unresolved-secret",
                "Secret postgres-postgresql does not exist: release postgres-ha of bitnami/postgresql creates "
                        + "[postgres-ha-postgresql]");
        assertFound(f, "#25", "phase5-values-kong-ha.yaml", 26, "public-admin-api", "listens on every interface");
        assertFound(f, "#7", "phase5-values-postgres-ha.yaml", 42, "storage-class", "pg-nfs");
        assertFound(f, "#39", "phase5-values-kong-ha.yaml", 2, "unpinned-chart", "add --version");
        assertFound(f, "#26", "phase5-values-kong-ha.yaml", 1, "public-admin-api",
                "Kong Manager is exposed as NodePort (the chart's default)");
        assertFound(f, "#8", "phase5-values-redis-ha.yaml", 49, "image-unavailable", "bitnamilegacy/redis-exporter");
        // the charts' own NetworkPolicies with their defaults (allowExternal: true): every port open to every Pod
        assertFound(f, "NetworkPolicy", "phase5-values-redis-ha.yaml", 4, "open-network-policy",
                "NetworkPolicy redis (release redis of bitnami/redis) admits port(s) [9121] from every Pod");
        assertFound(f, "NetworkPolicy", "phase5-values-postgres-ha.yaml", 17, "open-network-policy",
                "NetworkPolicy postgres-ha-postgresql-primary (release postgres-ha of bitnami/postgresql) admits port(s) "
                        + "[5432, 9187]");
    }

    static List<PlatformVerifier.Finding> verifyFiles(Path dir, String... nameAndText) throws Exception {
        for (int i = 0; i < nameAndText.length; i += 2) {
            Files.writeString(dir.resolve(nameAndText[i]), nameAndText[i + 1]);
        }
        return PlatformVerifier.verify(List.of(dir));
    }

    @Test
    void kongManagerOffMeansItsListenersOffAndAnUnquotedOffIsABoolean(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        String header = "# helm upgrade -i kong kong/kong --version 3.4.1 -n kong -f values.yaml\nfullnameOverride: kong\n";
        List<PlatformVerifier.Finding> listening = verifyFiles(tmp, "values.yaml", header
                + "manager:\n  enabled: false\nenv:\n  database: postgres\n");
        assertFound(listening, "Kong Manager", "values.yaml", 4, "kong-manager-listening",
                "Kong Manager still listens on 0.0.0.0:8002, 0.0.0.0:8445 ssl in every Kong Pod");
        List<PlatformVerifier.Finding> unquoted = verifyFiles(tmp, "values.yaml", header
                + "manager:\n  enabled: false\nenv:\n  database: postgres\n  admin_gui_listen: off\n");
        assertFound(unquoted, "YAML 1.1", "values.yaml", 7, "yaml-boolean",
                "env.admin_gui_listen: off is a boolean to Helm (YAML 1.1), so Kong receives \"false\"");
        List<PlatformVerifier.Finding> quoted = verifyFiles(tmp, "values.yaml", header
                + "manager:\n  enabled: false\nenv:\n  database: postgres\n  admin_gui_listen: \"off\"\n");
        assertEquals(List.of(), quoted.stream().map(Object::toString).toList());
    }

    @Test
    void cloudNativePgNamingRules() {
        var at = new dev.kongsync.file.Location("c.yaml", 1, 1);
        CnpgCluster plain = CnpgCluster.of(java.util.Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster",
                "metadata", java.util.Map.of("name", "pg", "namespace", "db"), "spec", java.util.Map.of("instances", 3)),
                at);
        assertEquals(java.util.Set.of("pg-rw", "pg-ro", "pg-r"), plain.services().keySet());
        assertEquals(java.util.Set.of(5432), plain.services().get("pg-rw"));
        // the operator generates the app Secret only; -superuser needs enableSuperuserAccess (off by default)
        assertEquals(java.util.Set.of("pg-app"), plain.secrets().keySet());
        assertTrue(plain.secrets().get("pg-app").containsAll(List.of("username", "password", "uri", "jdbc-uri", "pgpass")));
        assertEquals("app", plain.database());
        CnpgCluster named = CnpgCluster.of(java.util.Map.of("apiVersion", "postgresql.cnpg.io/v1", "kind", "Cluster",
                "metadata", java.util.Map.of("name", "pg"), "spec", java.util.Map.of(
                        "enableSuperuserAccess", true,
                        "bootstrap", java.util.Map.of("initdb", java.util.Map.of("database", "banking", "owner", "banking",
                                "secret", java.util.Map.of("name", "banking-credentials"))),
                        "managed", java.util.Map.of("services", java.util.Map.of("disabledDefaultServices",
                                List.of("r"))))), at);
        assertEquals("default", named.namespace());
        assertEquals(java.util.Set.of("pg-rw", "pg-ro"), named.services().keySet(), "-rw cannot be disabled, -r is");
        assertEquals(java.util.Set.of("banking-credentials", "pg-superuser"), named.secrets().keySet());
        assertEquals(null, named.secrets().get("banking-credentials"), "a Secret given to the operator: keys unknown");
        assertEquals("banking", named.owner());
        assertEquals(null, CnpgCluster.of(java.util.Map.of("apiVersion", "v1", "kind", "Cluster"), at));
    }

    @Test
    void aSecretOrHostOfACloudNativePgClusterThatDoesNotExistIsReported(@org.junit.jupiter.api.io.TempDir Path tmp)
            throws Exception {
        List<PlatformVerifier.Finding> f = verifyFiles(tmp, "cluster.yaml", """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata: {name: pg, namespace: db}
                spec:
                  instances: 3
                  imageName: ghcr.io/cloudnative-pg/postgresql:latest
                """, "app.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: app, namespace: db}
                spec:
                  containers:
                    - name: app
                      image: app:1.0
                      env:
                        - {name: DB_HOST, value: pg.db.svc.cluster.local}
                        - {name: DB_RO, value: "pg-ro.db.svc.cluster.local:5433"}
                        - name: DB_URI
                          valueFrom: {secretKeyRef: {name: pg-app, key: url}}
                        - name: ADMIN
                          valueFrom: {secretKeyRef: {name: pg-superuser, key: password}}
                """);
        assertFound(f, "host", "app.yaml", 9, "unresolved-host", "pg.db.svc does not exist: Cluster pg of CloudNativePG");
        assertFound(f, "host", "app.yaml", 9, "unresolved-host", "pg-rw for the primary, pg-ro for the standbys");
        assertFound(f, "port", "app.yaml", 10, "wrong-port", "pg-ro.db.svc has no port 5433");
        assertFound(f, "key", "app.yaml", 12, "unresolved-secret", "Secret pg-app (Cluster pg of CloudNativePG) has no "
                + "key url");
        assertFound(f, "superuser", "app.yaml", 14, "unresolved-secret", "Secret pg-superuser does not exist: Cluster "
                + "pg of CloudNativePG creates [pg-app] (a -superuser Secret exists only with "
                + "spec.enableSuperuserAccess: true)");
        assertFound(f, "image", "cluster.yaml", 6, "unpinned-image", "imageName ghcr.io/cloudnative-pg/postgresql:latest");
        // Secrets are namespaced: the Cluster's, referenced from another namespace, cannot be read there
        List<PlatformVerifier.Finding> elsewhere = verifyFiles(tmp, "app.yaml", """
                apiVersion: v1
                kind: Pod
                metadata: {name: app, namespace: banking}
                spec:
                  containers:
                    - name: app
                      image: app:1.0
                      env:
                        - name: DB_PASSWORD
                          valueFrom: {secretKeyRef: {name: pg-app, key: password}}
                        - name: OTHER
                          valueFrom: {secretKeyRef: {name: reports-app, key: password}}
                """);
        assertFound(elsewhere, "namespace", "app.yaml", 10, "unresolved-secret",
                "Secret pg-app (Cluster pg of CloudNativePG) lives in namespace db; a Pod in banking cannot read it");
        assertTrue(elsewhere.stream().noneMatch(x -> x.message().contains("reports-app")),
                "another namespace's -app Secret is not the Cluster's business");
    }

    @Test
    void namingRulesOfTheCharts() {
        ChartRelease pg = new ChartRelease("bitnami/postgresql", "postgres-ha", "postgres",
                java.util.Map.of("architecture", "replication"), "v.yaml");
        assertEquals("postgres-ha-postgresql", pg.fullname());
        assertTrue(pg.services().containsKey("postgres-ha-postgresql-primary"));
        assertTrue(!pg.services().containsKey("postgres-ha-postgresql"));
        assertEquals(java.util.Set.of("postgres-password", "replication-password"),
                pg.secrets().get("postgres-ha-postgresql"));
        assertEquals("my-postgresql", new ChartRelease("bitnami/postgresql", "my-postgresql", "p",
                java.util.Map.of(), "v").fullname());
        assertEquals("kong-kong", new ChartRelease("kong/kong", "kong", "kong", java.util.Map.of(), "v").fullname());
        assertEquals("kong", new ChartRelease("kong/kong", "kong", "kong",
                java.util.Map.of("fullnameOverride", "kong"), "v").fullname());
        ChartRelease redis = new ChartRelease("bitnami/redis", "redis-ha", "redis",
                java.util.Map.of("sentinel", java.util.Map.of("enabled", true)), "v");
        assertEquals(java.util.Set.of("redis-ha", "redis-ha-headless"), redis.services().keySet());
        ChartRelease cnpg = new ChartRelease("cloudnative-pg/cloudnative-pg", "cnpg", "cnpg-system", java.util.Map.of(),
                "v");
        assertEquals("cnpg-cloudnative-pg", cnpg.fullname());
        assertEquals(java.util.Set.of("cnpg-webhook-service"), cnpg.services().keySet());
    }

    @Test
    void theKitIsClean() throws Exception {
        List<PlatformVerifier.Finding> f = PlatformVerifier.verify(List.of(Path.of("platform"), Path.of("kong/kong.yml")));
        assertEquals(List.of(), f.stream().map(Object::toString).toList());
    }

    @Test
    void aKongYmlRoutingToAStoreIsCheckedWithTheKitsNames(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path kongYml = Files.writeString(tmp.resolve("kong.yml"), """
                _format_version: "3.0"
                services:
                  - name: reports
                    url: http://postgresql.postgres.svc.cluster.local:5432
                """);
        List<PlatformVerifier.Finding> f = PlatformVerifier.verify(List.of(Path.of("platform/values"), kongYml));
        assertFound(f, "kong.yml", "kong.yml", 4, "unresolved-host", "postgresql.postgres.svc does not exist");
    }
}
