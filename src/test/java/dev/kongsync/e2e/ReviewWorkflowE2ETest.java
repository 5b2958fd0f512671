package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.testkong.TestKong;
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

/** Pull-request workflows: saved plans, offline diffs, exit codes, deletion guards, drift attribution. */
@QuarkusMainTest
class ReviewWorkflowE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();

    static void patch(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kong.url() + path))
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void planThenApplyAppliesExactlyThePlan(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        Path plan = tmp.resolve("plan.json");
        LaunchResult diff = run(launcher, "diff", changed.toString(), "--plan-out", plan.toString(), "--exit-code");
        assertEquals(2, diff.exitCode());
        JsonNode doc = JSON.readTree(plan.toFile());
        assertEquals(1, doc.get("kongsync_plan").asInt());
        assertEquals(kong.url(), doc.get("kong").get("address").asText());
        assertEquals(1, doc.get("operations").size());
        assertEquals("paths", doc.get("operations").get(0).get("changes").get(0).get("path").asText());
        assertEquals(14, doc.get("fingerprint").get("entities").size());
        kong.clearRequests();
        LaunchResult apply = ok(launcher, "sync", "--plan", plan.toString());
        assertTrue(apply.getOutput().contains("Applied 1 change:"), apply.getOutput());
        String routeId = kong.find("routes", "auth-route").get("id").asText();
        assertEquals(List.of("PUT /routes/" + routeId), writeLines(kong));
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void planRefusedWhenKongChangedSince(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        Path plan = tmp.resolve("plan.json");
        run(launcher, "diff", changed.toString(), "--plan-out", plan.toString());
        patch("/services/transfer-service", "{\"retries\": 9}");
        kong.clearRequests();
        LaunchResult apply = run(launcher, "sync", "--plan", plan.toString());
        assertEquals(1, apply.exitCode());
        assertTrue(apply.getErrorOutput().contains("Kong changed since the plan was made"), apply.getErrorOutput());
        assertTrue(apply.getErrorOutput().contains("service transfer-service was changed"), apply.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void planRefusedForAnotherKong(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path plan = tmp.resolve("plan.json");
        run(launcher, "diff", banking("strip_path: false", "strip_path: true").toString(), "--plan-out", plan.toString());
        try (TestKong other = TestKong.start()) {
            LaunchResult apply = launcher.launch("sync", "--plan", plan.toString(), "--kong-addr", other.url());
            assertEquals(1, apply.exitCode());
            assertTrue(apply.getErrorOutput().contains("the plan was made for the Kong at " + kong.url()),
                    apply.getErrorOutput());
            assertEquals(List.of(), other.writes());
        }
    }

    @Test
    void offlineDiffEqualsTheLiveDiffAfterSyncingTheOldFile(QuarkusMainLauncher launcher) throws Exception {
        String text = Files.readString(Path.of("kong/kong.yml"))
                .replace("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]").replace("- name: transfer-service", "- name: payments-service")
                .replace("      - name: notification-route\n        paths: [\"/api/notifications\"]\n        strip_path: true\n", "");
        Path newer = file("newer.yml", text);
        LaunchResult offline = ok(launcher, "diff", newer.toString(), "--against", "kong/kong.yml");
        assertTrue(kong.requests().isEmpty(), "an offline diff talks to no Kong");
        ok(launcher, "sync", "kong/kong.yml");
        LaunchResult live = ok(launcher, "diff", newer.toString());
        assertEquals(live.getOutput(), offline.getOutput());
        assertEquals("~ service payments-service (was transfer-service)  name: \"transfer-service\" -> \"payments-service\"\n"
                + "~ route auth-route  paths: [\"/api/auth\"] -> [\"/api/auth\",\"/api/login\"]\n"
                + "- route notification-route\n"
                + "Summary: 0 to create, 2 to update, 1 to delete (3 changes).", live.getOutput().trim());
        JsonNode o = JSON.readTree(run(launcher, "diff", newer.toString(), "--against", "kong/kong.yml", "-o", "json").getOutput());
        JsonNode l = JSON.readTree(run(launcher, "diff", newer.toString(), "-o", "json").getOutput());
        assertEquals(l.get("summary"), o.get("summary"));
        for (int i = 0; i < l.get("changes").size(); i++) {
            assertEquals(l.get("changes").get(i).get("fields"), o.get("changes").get(i).get("fields"));
            assertEquals(l.get("changes").get(i).get("after"), o.get("changes").get(i).get("after"));
        }
    }

    @Test
    void diffAgainstAGitRevision(QuarkusMainLauncher launcher) throws Exception {
        Path repo = tmp.resolve("repo");
        Files.createDirectories(repo.resolve("kong"));
        Files.copy(Path.of("kong/kong.yml"), repo.resolve("kong/kong.yml"));
        git(repo, "init", "-q", "-b", "main");
        git(repo, "add", ".");
        git(repo, "-c", "user.email=ci@example.com", "-c", "user.name=ci", "commit", "-q", "-m", "base");
        Path f = repo.resolve("kong/kong.yml");
        Files.writeString(f, Files.readString(f).replace("strip_path: false", "strip_path: true"));
        Path added = repo.resolve("kong/new-team.yml");
        Files.writeString(added, "_format_version: \"3.0\"\n_info:\n  select_tags: [banking]\n");
        LaunchResult r = launcher.launch("diff", f.toString(), "--against-git", "main", "--exit-code");
        assertEquals(2, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertEquals("~ route notification-ws-route  strip_path: false -> true\n"
                + "Summary: 0 to create, 1 to update, 0 to delete (1 change).", r.getOutput().trim());
        assertTrue(kong.requests().isEmpty(), "an offline diff talks to no Kong");
        LaunchResult same = launcher.launch("diff", added.toString(), "--against-git", "HEAD", "--exit-code");
        assertEquals(0, same.exitCode(), "a file new since the revision compares with nothing: " + same.getOutput()
                + same.getErrorOutput());
        LaunchResult badRef = launcher.launch("diff", f.toString(), "--against-git", "no-such-branch");
        assertEquals(1, badRef.exitCode());
        assertTrue(badRef.getErrorOutput().contains("git show no-such-branch:./kong.yml failed"), badRef.getErrorOutput());
    }

    static void git(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add("git");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}
