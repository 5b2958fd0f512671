package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report formats (golden files), exit codes, deletion guard, redaction, env templates and drift attribution. */
@QuarkusMainTest
class ReportsE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static final boolean UPDATE = Boolean.getBoolean("kongsync.golden.update");

    /** The banking file with one route changed, one added, one removed and a plugin's config changed. */
    Path changed() throws Exception {
        String text = Files.readString(Path.of("kong/kong.yml"))
                .replace("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]")
                .replace("      - name: notification-route\n        paths: [\"/api/notifications\"]\n        strip_path: true\n",
                        "      - name: inbox-route\n        paths: [\"/api/inbox\"]\n")
                .replace("\"X-Admin-Secret\"]", "\"X-Admin-Secret\", \"X-Request-Id\"]");
        return file("changed.yml", text);
    }

    String normalize(String s) {
        return s.replace(kong.url(), "<kong>").replace(tmp.toString(), "<tmp>")
                .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
    }

    void golden(String name, String actual) throws Exception {
        Path g = Path.of("src/test/resources/golden", name);
        if (UPDATE) {
            Files.createDirectories(g.getParent());
            Files.writeString(g, actual);
        }
        assertEquals(Files.readString(g), actual, "golden file " + g + " (rerun with -Dkongsync.golden.update=true "
                + "to accept a deliberate change)");
    }

    @Test
    void everyFormatOnTheSameChange(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = changed();
        for (String format : List.of("text", "json", "markdown", "junit")) {
            LaunchResult r = run(launcher, "diff", changed.toString(), "-o", format, "--exit-code");
            assertEquals(3, r.exitCode(), format + ": changes with a delete");
            String ext = switch (format) {
                case "text" -> "txt";
                case "markdown" -> "md";
                case "junit" -> "xml";
                default -> "json";
            };
            golden("diff." + ext, normalize(r.getOutput()));
        }
        JsonNode doc = JSON.readTree(run(launcher, "diff", changed.toString(), "-o", "json").getOutput());
        assertEquals(4, doc.get("summary").get("total").asInt());
        String xml = run(launcher, "diff", changed.toString(), "-o", "junit").getOutput();
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(xml.getBytes()));
        assertTrue(xml.contains("failures=\"4\""), xml);
    }

    @Test
    void everyExitCode(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        assertEquals(0, run(launcher, "diff", "kong/kong.yml", "--exit-code").exitCode());
        assertEquals(0, run(launcher, "diff", changed().toString()).exitCode(), "without --exit-code, changes exit 0");
        Path updateOnly = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        assertEquals(2, run(launcher, "diff", updateOnly.toString(), "--exit-code").exitCode());
        assertEquals(3, run(launcher, "diff", changed().toString(), "--exit-code").exitCode());
        assertEquals(1, run(launcher, "diff", file("bad.yml", "services: 1\n").toString(), "--exit-code").exitCode());
        assertEquals(0, run(launcher, "sync", updateOnly.toString()).exitCode());
        kong.fail("PUT", "/routes/", 500, "{\"message\":\"An unexpected error occurred\"}");
        assertEquals(4, run(launcher, "sync", changed().toString(), "--retries", "0").exitCode());
        kong.reset();
        assertEquals(1, launcher.launch("sync", "kong/kong.yml", "--kong-addr", "http://127.0.0.1:1", "--retries", "0")
                .exitCode());
    }

    @Test
    void deletionGuardRefusesBeforeAnyWrite(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path fewer = file("fewer.yml", Files.readString(Path.of("kong/kong.yml"))
                .replace("      - name: notification-route\n        paths: [\"/api/notifications\"]\n        strip_path: true\n", "")
                .replace("      - name: account-route\n        paths: [\"/api/account\"]\n        strip_path: true\n", "")
                .replace("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]"));
        kong.clearRequests();
        LaunchResult count = run(launcher, "sync", fewer.toString(), "--max-deletes", "1");
        assertEquals(1, count.exitCode());
        assertTrue(count.getErrorOutput().contains("refusing to delete 2 entities, more than --max-deletes 1: "
                + "route account-route, route notification-route"), count.getErrorOutput());
        LaunchResult pct = run(launcher, "sync", fewer.toString(), "--max-deletes", "10%");
        assertEquals(1, pct.exitCode());
        assertTrue(pct.getErrorOutput().contains("more than --max-deletes 10% of 14 in scope (1)"), pct.getErrorOutput());
        LaunchResult prot = run(launcher, "sync", fewer.toString(), "--protect", "route");
        assertEquals(1, prot.exitCode());
        assertTrue(prot.getErrorOutput().contains("refusing to delete 2 entities of a protected kind (--protect route)"),
                prot.getErrorOutput());
        assertEquals(List.of(), writeLines(kong), "the guard acts before any write, the update included");
        ok(launcher, "sync", fewer.toString(), "--max-deletes", "20%");
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "sync", fewer.toString(), "--protect", "route", "--allow-deletes");
        assertEquals(3, kong.all("routes").size());
    }

    @Test
    void secretsAndEnvValuesAreRedactedEverywhere(QuarkusMainLauncher launcher) throws Exception {
        String text = "_format_version: \"3.0\"\n_info:\n  select_tags: [rl]\n"
                + "services:\n  - name: auth\n    host: ${{ env \"KS_TEST_AUTH_HOST\" }}\n    port: 8001\n"
                + "    plugins:\n      - name: rate-limiting\n        config:\n"
                + "          minute: ${{ env \"DECK_RL_MINUTE\" | toInt }}\n          policy: redis\n"
                + "          redis:\n            host: redis.redis.svc.cluster.local\n"
                + "            password: ${{ env \"KS_TEST_REDIS_PASSWORD\" }}\n";
        Path f = file("rl.yml", text);
        ok(launcher, "sync", f.toString());
        JsonNode plugin = kong.all("plugins").get(0);
        assertEquals(42, plugin.get("config").get("minute").asInt());
        assertEquals("env-s3cret-value", plugin.get("config").get("redis").get("password").asText());
        assertEquals("auth-service.banking.svc.cluster.local", kong.find("services", "auth").get("host").asText());
        ok(launcher, "diff", f.toString(), "--exit-code");
        // a change to the secret field and to the env-templated host, shown in every format and saved in a plan
        kong.all("services").forEach(s -> { });
        patchService("auth", "{\"host\": \"old-auth.banking.svc.cluster.local\"}");
        patchPlugin(plugin.get("id").asText(), "{\"config\": {\"redis\": {\"password\": \"kong-side-secret\"}}}");
        Path plan = tmp.resolve("plan.json");
        for (String format : List.of("text", "json", "markdown", "junit")) {
            LaunchResult r = run(launcher, "diff", f.toString(), "-o", format, "--exit-code");
            assertEquals(2, r.exitCode(), format + r.getOutput() + r.getErrorOutput());
            String all = r.getOutput() + r.getErrorOutput();
            for (String secret : List.of("env-s3cret-value", "kong-side-secret", "auth-service.banking.svc.cluster.local",
                    "old-auth.banking")) {
                assertFalse(all.contains(secret), format + " shows " + secret + ":\n" + all);
            }
            assertTrue(all.contains("redacted"), format + ":\n" + all);
        }
        run(launcher, "diff", f.toString(), "--plan-out", plan.toString());
        String saved = Files.readString(plan);
        for (String secret : List.of("env-s3cret-value", "kong-side-secret", "auth-service.banking.svc.cluster.local")) {
            assertFalse(saved.contains(secret), "the plan file holds " + secret + ":\n" + saved);
        }
        assertTrue(saved.contains("\"$secret\" : \"config.redis.password\""), saved);
        assertTrue(saved.contains("\"host\" : \"KS_TEST_AUTH_HOST\""), saved);
        ok(launcher, "sync", "--plan", plan.toString());
        assertEquals("env-s3cret-value", kong.all("plugins").get(0).get("config").get("redis").get("password").asText(),
                "sync --plan resolved the secret again from the environment");
        assertEquals("auth-service.banking.svc.cluster.local", kong.find("services", "auth").get("host").asText());
        ok(launcher, "diff", f.toString(), "--exit-code");
    }

    @Test
    void unsetVariableFailsWithLocationAndNoWrite(QuarkusMainLauncher launcher) {
        Path f = file("unset.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n"
                + "    host: ${{ env \"KS_TEST_NOT_SET_ANYWHERE\" }}\n");
        for (String command : List.of("validate", "diff", "sync")) {
            kong.clearRequests();
            LaunchResult r = run(launcher, command, f.toString());
            assertEquals(1, r.exitCode());
            assertTrue(r.getErrorOutput().contains(f + ":4:5: services[0].host: environment variable "
                    + "KS_TEST_NOT_SET_ANYWHERE is not set"), r.getErrorOutput());
            assertEquals(List.of(), writeLines(kong));
        }
        Path notInt = file("notint.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n    host: x\n"
                + "    port: ${{ env \"KS_TEST_AUTH_HOST\" | toInt }}\n");
        LaunchResult r = run(launcher, "validate", notInt.toString());
        assertTrue(r.getErrorOutput().contains(":5:5: services[0].port: environment variable KS_TEST_AUTH_HOST: "
                + "toInt needs an integer"), r.getErrorOutput());
    }

    @Test
    void driftSaysWhetherKongOrTheFilesChanged(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult sync = ok(launcher, "sync", "kong/kong.yml", "-o", "json");
        Path report = file("last-sync.json", sync.getOutput());
        long finished = JSON.readTree(sync.getOutput()).get("result").get("finished_at").asLong();
        assertTrue(finished > 0);
        Thread.sleep(1100);
        patchService("transfer-service", "{\"retries\": 9}");
        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        LaunchResult r = run(launcher, "diff", changed.toString(), "--last-sync", report.toString());
        assertEquals("~ route auth-route  paths: [\"/api/auth\"] -> [\"/api/auth\",\"/api/login\"]  [changed in the files]\n"
                + "~ service transfer-service  retries: 9 -> 5  [changed in Kong after the last sync]\n"
                + "Summary: 0 to create, 2 to update, 0 to delete (2 changes).", sortedLines(r.getOutput()));
        JsonNode doc = JSON.readTree(run(launcher, "diff", changed.toString(), "--last-sync", String.valueOf(finished),
                "-o", "json").getOutput());
        for (JsonNode c : doc.get("changes")) {
            assertEquals(c.get("kind").asText().equals("service") ? "kong" : "files", c.get("attribution").asText());
        }
        String junit = run(launcher, "diff", changed.toString(), "--last-sync", report.toString(), "-o", "junit").getOutput();
        assertTrue(junit.contains("changed in Kong after the last sync"), junit);
    }

    static String sortedLines(String s) {
        List<String> lines = new java.util.ArrayList<>(List.of(s.trim().split("\n")));
        String last = lines.remove(lines.size() - 1);
        lines.sort(String::compareTo);
        lines.add(last);
        return String.join("\n", lines);
    }

    static void patchService(String name, String body) throws Exception {
        send("/services/" + name, body);
    }

    static void patchPlugin(String id, String body) throws Exception {
        send("/plugins/" + id, body);
    }

    static void send(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kong.url() + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
