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
