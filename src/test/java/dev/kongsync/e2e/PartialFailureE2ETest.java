package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A write Kong refuses stops the sync; the report says exactly what was applied, what failed, what was not sent. */
@QuarkusMainTest
class PartialFailureE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void failedWriteStopsNewWritesAndTheReportMatchesKong(QuarkusMainLauncher launcher) throws Exception {
        kong.fail("PUT", "/routes/", 400, "{\"code\":2,\"message\":\"schema violation (paths: boom)\","
                + "\"name\":\"schema violation\",\"fields\":{\"paths\":\"boom\"}}");
        LaunchResult r = run(launcher, "sync", "kong/kong.yml", "-o", "json", "--parallelism", "2");
        assertEquals(4, r.exitCode(), "stopped part-way: " + r.getOutput());
        JsonNode doc = JSON.readTree(r.getOutput());
        JsonNode result = doc.get("result");
        assertTrue(result.get("failed").asInt() >= 1);
        assertTrue(result.get("not_attempted").asInt() >= 1, "writes stop after the failure: " + result);
        assertEquals(14, result.get("applied").asInt() + result.get("failed").asInt()
                + result.get("not_attempted").asInt());
        List<String> applied = new ArrayList<>();
        for (JsonNode c : doc.get("changes")) {
            String status = c.get("status").asText();
            if (status.equals("applied")) {
                applied.add(c.get("id").asText());
            }
            if (status.equals("failed")) {
                assertEquals("route", c.get("kind").asText());
                assertTrue(c.get("error").asText().contains("HTTP 400 schema violation (paths: boom)"), c.toString());
            }
        }
        // what the report calls applied is exactly what Kong holds
        int held = kong.all("services").size() + kong.all("routes").size() + kong.all("plugins").size();
        assertEquals(applied.size(), held);
        for (String id : applied) {
            assertTrue(kong.find("services", id) != null || kong.find("plugins", id) != null, id);
        }
        // routes were never written successfully, so no route-scoped work was attempted after the failure
        assertEquals(0, kong.all("routes").size());
        assertTrue(doc.get("errors").get(0).get("message").asText().contains("sync stopped after a failed write"));

        // again, one write at a time: the first route write fails, so this run writes nothing (exit 1, not 4)
        LaunchResult text = run(launcher, "sync", "kong/kong.yml", "--parallelism", "1");
        assertEquals(1, text.exitCode(), text.getOutput());
        assertTrue(text.getOutput().contains("Sync stopped after a failure: 0 applied, 1 failed"), text.getOutput());
        assertTrue(text.getOutput().contains("FAILED: PUT /routes/"), text.getOutput());
        assertTrue(text.getOutput().contains("(not attempted)"), text.getOutput());
        assertTrue(text.getOutput().contains("Sync stopped after a failure: "), text.getOutput());
    }
}
