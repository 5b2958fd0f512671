package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** kongsync platform verify from the command line: findings with file:line, exit codes, JSON. */
@QuarkusMainTest
class PlatformVerifyE2ETest {

    @Test
    void seedFailsAndKitPasses(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult seed = launcher.launch("platform", "verify", "../shared/fixtures/banking-demo");
        assertEquals(1, seed.exitCode());
        assertTrue(seed.getOutput().contains("phase5-values-kong-ha.yaml:16:13: [unresolved-host] "
                + "postgres-postgresql-primary.postgres.svc does not exist"), seed.getOutput());
        LaunchResult kit = launcher.launch("platform", "verify");
        assertEquals(0, kit.exitCode(), kit.getOutput());
        assertEquals("No findings in [platform, kong/kong.yml].", kit.getOutput().trim());
        LaunchResult json = launcher.launch("platform", "verify", "../shared/fixtures/banking-demo", "-o", "json");
        JsonNode doc = new ObjectMapper().readTree(json.getOutput());
        assertTrue(doc.get("findings").size() >= 10);
        assertTrue(!doc.get("ok").asBoolean());
    }
}
