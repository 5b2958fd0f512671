package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Upstreams and targets, plugins with deprecated mirrored fields, and several owners of one Kong. */
@QuarkusMainTest
class ExamplesE2ETest extends E2E {

    @Test
    void upstreamsAndTargetsSyncAndChangeInPlace(QuarkusMainLauncher launcher) throws Exception {
        String example = "kong/examples/upstream-targets.yml";
        ok(launcher, "sync", example);
        assertEquals(2, kong.all("targets").size());
        ObjectNode up = kong.find("upstreams", "account-upstream");
        assertEquals(5, up.get("healthchecks").get("active").get("healthy").get("interval").asInt());
        assertEquals("[200,302]", up.get("healthchecks").get("active").get("healthy").get("http_statuses").toString());
        kong.clearRequests();
        ok(launcher, "diff", example, "--exit-code");
        assertEquals(List.of(), writeLines(kong));

        String text = Files.readString(Path.of(example));
        Path changed = file("lb.yml", text.replace("weight: 90", "weight: 50")
                .replace("      - target: account-service-v2.banking.svc.cluster.local:8002\n        weight: 10\n", ""));
        String upstreamId = up.get("id").asText();
        String v1 = kong.all("targets").stream().filter(t -> t.get("target").asText().contains("v1")).findFirst()
                .orElseThrow().get("id").asText();
        String v2 = kong.all("targets").stream().filter(t -> t.get("target").asText().contains("v2")).findFirst()
                .orElseThrow().get("id").asText();
        LaunchResult diff = run(launcher, "diff", changed.toString());
        assertEquals("~ target account-service-v1.banking.svc.cluster.local:8002 (upstream account-upstream)  weight: 90 -> 50\n"
                + "- target account-service-v2.banking.svc.cluster.local:8002 (upstream account-upstream)\n"
                + "Summary: 0 to create, 1 to update, 1 to delete (2 changes).", diff.getOutput().trim());
        ok(launcher, "sync", changed.toString());
        assertEquals(List.of("DELETE /upstreams/" + upstreamId + "/targets/" + v2,
                "PUT /upstreams/" + upstreamId + "/targets/" + v1).stream().sorted().toList(),
                writeLines(kong).stream().sorted().toList());
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void deprecatedFieldsKongMirrorsCauseNoPhantomDiff(QuarkusMainLauncher launcher) {
        Path modern = file("rl.yml", "_format_version: \"3.0\"\nplugins:\n  - name: rate-limiting\n    config:\n"
                + "      minute: 5\n      policy: redis\n      redis:\n        host: redis.redis.svc.cluster.local\n"
                + "        password: hunter2\n");
        ok(launcher, "sync", modern.toString());
        ObjectNode p = kong.all("plugins").get(0);
        assertEquals("redis.redis.svc.cluster.local", p.get("config").get("redis_host").asText(), "Kong mirrors it");
        kong.clearRequests();
        ok(launcher, "diff", modern.toString(), "--exit-code");

        Path legacy = file("rl-legacy.yml", "_format_version: \"3.0\"\nplugins:\n  - name: rate-limiting\n    config:\n"
                + "      minute: 5\n      policy: redis\n      redis_host: redis.redis.svc.cluster.local\n"
                + "      redis_password: hunter2\n");
        LaunchResult same = ok(launcher, "diff", legacy.toString(), "--exit-code");
        assertTrue(same.getOutput().contains("No changes"), same.getOutput());
        assertEquals(List.of(), writeLines(kong));

        Path rotated = file("rl-rotated.yml", "_format_version: \"3.0\"\nplugins:\n  - name: rate-limiting\n    config:\n"
                + "      minute: 5\n      policy: redis\n      redis:\n        host: redis.redis.svc.cluster.local\n"
                + "        password: correct-horse\n");
        LaunchResult diff = run(launcher, "diff", rotated.toString(), "-o", "json");
        assertTrue(diff.getOutput().contains("\"path\" : \"config.redis.password\""), diff.getOutput());
        assertTrue(!diff.getOutput().contains("hunter2") && !diff.getOutput().contains("correct-horse"),
                "encrypted fields are redacted:\n" + diff.getOutput());
        LaunchResult text = run(launcher, "diff", rotated.toString());
        assertEquals("~ plugin rate-limiting (global)  config.redis.password: [redacted] -> [redacted]\n"
                + "Summary: 0 to create, 1 to update, 0 to delete (1 change).", text.getOutput().trim());
    }

    @Test
    void twoOwnersShareOneKong(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "sync", "kong/examples/split-by-team.yml");
        ok(launcher, "sync", "kong/examples/upstream-targets.yml");
        kong.clearRequests();
        ok(launcher, "diff", "kong/kong.yml", "--exit-code");
        ok(launcher, "diff", "kong/examples/split-by-team.yml", "--exit-code");
        ok(launcher, "diff", "kong/examples/upstream-targets.yml", "--exit-code");
        ObjectNode reporting = kong.find("services", "reporting-service");
        assertEquals("/v1", reporting.get("path").asText());
        assertEquals(8080, reporting.get("port").asInt());
        assertEquals(List.of(), writeLines(kong));
    }
}
