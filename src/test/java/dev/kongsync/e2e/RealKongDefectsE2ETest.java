package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The defects a real Kong 3.9.1 and decK's own test files found, each end to end over HTTP against the test Kong,
 * which answers as the recorded Kong does (a target PUT by a new id is a 404 there).
 */
@QuarkusMainTest
class RealKongDefectsE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path CORPUS = Path.of(System.getProperty("kongsync.shared", "../shared"), "fixtures/deck-corpus/files");

    /** Kong creates a target only by POST under its upstream, with the id in the body. */
    @Test
    void targetsAreCreatedByPostUnderTheirUpstream(QuarkusMainLauncher launcher) {
        LaunchResult r = ok(launcher, "sync", "kong/examples/upstream-targets.yml");
        assertTrue(r.getOutput().contains("+ target account-service-v1.banking.svc.cluster.local:8002"), r.getOutput());
        String upstream = kong.find("upstreams", "account-upstream").get("id").asText();
        List<String> targetWrites = writeLines(kong).stream().filter(w -> w.contains("/targets")).toList();
        assertEquals(List.of("POST /upstreams/" + upstream + "/targets", "POST /upstreams/" + upstream + "/targets"),
                targetWrites);
        for (ObjectNode t : kong.all("targets")) {
            assertEquals(upstream, t.get("upstream").get("id").asText());
        }
        kong.clearRequests();
        ok(launcher, "diff", "kong/examples/upstream-targets.yml", "--exit-code");
        assertEquals(List.of(), writeLines(kong));
    }

    /** decK's diff/006: a request-transformer whose config sets only rename.headers is complete. */
    @Test
    void aPluginConfigThatSetsOneNestedFieldIsComplete(QuarkusMainLauncher launcher) {
        String f = CORPUS.resolve("deck__tests__integration__testdata__diff__006-plugin-update__initial-request-"
                + "transformer-reorder-array.yaml").toString();
        ok(launcher, "validate", f);
        ok(launcher, "sync", f, "--allow-deletes");
        JsonNode config = kong.all("plugins").get(0).get("config");
        assertEquals("[\"custom-token:Authorization\",\"Authorization:something-else\"]",
                config.get("rename").get("headers").toString());
        assertEquals("[]", config.get("remove").get("body").toString(), "Kong filled the nested defaults");
        ok(launcher, "diff", f, "--exit-code");
    }

    /** decK's sync/053 shape: unquoted templates take the type YAML gives their rendered text. */
    @Test
    void unquotedTemplatesKeepTheirType(QuarkusMainLauncher launcher) throws Exception {
        String f = "src/test/resources/deck/plain-templates.yaml";
        ok(launcher, "validate", f);
        LaunchResult sync = ok(launcher, "sync", f, "-o", "json");
        assertFalse(sync.getOutput().contains("example.com"), "a value from the environment is redacted");
        ObjectNode svc = kong.find("services", "mask-test-service");
        assertEquals(5, svc.get("retries").asInt());
        assertTrue(svc.get("retries").isIntegralNumber());
        assertEquals("example.com", svc.get("host").asText());
        assertEquals(100, kong.all("plugins").get(0).get("config").get("minute").asInt());
        ok(launcher, "diff", f, "--exit-code");

        Path quoted = file("quoted.yml", Files.readString(Path.of(f))
                .replace("retries: ${{ env \"DECK_RETRIES\" }}", "retries: \"${{ env \"DECK_RETRIES\" }}\""));
        LaunchResult refused = run(launcher, "validate", quoted.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.getErrorOutput().contains(quoted + ":8:5: services[0].retries: expected an integer"),
                "a quoted template stays a string, at its own line: " + refused.getErrorOutput());
    }
}
