package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.cli.KongsyncCommand;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages that name the real cause and what to change, options checked before anything is sent, and output
 * without warnings: each against the test Kong over HTTP (the Kubernetes API unreachable: a closed port).
 */
@QuarkusMainTest
class MessagesE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOptionIsCheckedBeforeTheFirstRequest(QuarkusMainLauncher launcher) {
        List<List<String>> bad = List.of(
                List.of("sync", "kong/kong.yml", "--max-deletes", "5x"),
                List.of("diff", "kong/kong.yml", "--last-sync", "yesterday"),
                List.of("sync", "kong/kong.yml", "-o", "yaml"),
                List.of("diff", "kong/kong.yml", "--skip", "consumers"),
                List.of("sync", "kong/kong.yml", "--protect", "services"),
                List.of("sync", "kong/kong.yml", "--on-error", "retry"),
                List.of("sync", "kong/kong.yml", "--parallelism", "0"),
                List.of("apply", "kong/kong.yml", "--parallelism", "many"),
                List.of("diff", "kong/kong.yml", "--timeout", "5 years"),
                List.of("sync", "kong/kong.yml", "--header", "no-colon"),
                List.of("reset", "--yes", "--max-deletes", "all"),
                List.of("dump", "--format", "xml"),
                List.of("dump", "--skip", "nothing"),
                List.of("undo", "journal.json", "-o", "html"));
        for (List<String> args : bad) {
            kong.clearRequests();
            LaunchResult r = run(launcher, args.toArray(new String[0]));
            assertEquals(1, r.exitCode(), args + "\n" + r.getOutput() + r.getErrorOutput());
            assertTrue(r.getErrorOutput().contains("error: "), args + ": " + r.getErrorOutput());
            assertEquals(List.of(), kong.requests(), args + " sent requests before failing on its option");
        }
        LaunchResult maxDeletes = run(launcher, "sync", "kong/kong.yml", "--max-deletes", "5x");
        assertTrue(maxDeletes.getErrorOutput().contains("Invalid value for option '--max-deletes': '5x' is neither a "
                + "count (10) nor a percentage (5%)"), maxDeletes.getErrorOutput());
        assertEquals("", maxDeletes.getOutput(), "no plan is printed before the option error");
    }

    @Test
    void jsonPrintsItsDocumentForOptionErrorsToo(QuarkusMainLauncher launcher) throws Exception {
        for (String command : List.of("diff", "sync", "apply", "validate")) {
            LaunchResult r = run(launcher, command, "kong/kong.yml", "-o", "json", "--select-tag", "a,b,c",
                    "--no-such-option");
            assertEquals(1, r.exitCode(), command);
            JsonNode doc = JSON.readTree(r.getOutput());
            assertEquals(command, doc.get("command").asText());
            assertFalse(doc.get("ok").asBoolean());
            assertTrue(doc.get("errors").get(0).get("message").asText().contains("--no-such-option"), r.getOutput());
        }
        JsonNode doc = JSON.readTree(run(launcher, "diff", "kong/kong.yml", "--output=json", "--parallelism", "x")
                .getOutput());
        assertEquals("Invalid value for option '--parallelism': 'x' is not an int",
                doc.get("errors").get(0).get("message").asText());
        assertEquals(List.of(), kong.requests());
    }

    @Test
    void helpOfEveryCommandIsFreeOfWarnings(QuarkusMainLauncher launcher) {
        List<List<String>> commands = new ArrayList<>();
        commands(new CommandLine(new KongsyncCommand()), new ArrayList<>(), commands);
        assertTrue(commands.size() >= 13, commands.toString());
        for (List<String> path : commands) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            LaunchResult r = launcher.launch(args.toArray(new String[0]));
            assertEquals(0, r.exitCode(), path.toString());
            String all = r.getOutput() + r.getErrorOutput();
            assertFalse(all.contains("WARN"), path + " --help:\n" + all);
            assertTrue(r.getOutput().startsWith("Usage: kongsync"), path + ": " + r.getOutput());
        }
    }

    static void commands(CommandLine c, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        c.getSubcommands().forEach((name, sub) -> {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(name);
            commands(sub, deeper, out);
        });
    }

    /** A kubeconfig whose API server is a port nothing listens on. */
    Path closedPortKubeconfig() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return file("closed-kubeconfig.yaml", "apiVersion: v1\nkind: Config\nclusters:\n- name: gone\n  cluster:\n"
                + "    server: http://127.0.0.1:" + port + "\ncontexts:\n- name: gone\n  context:\n    cluster: gone\n"
                + "    user: u\n    namespace: kong\ncurrent-context: gone\nusers:\n- name: u\n  user:\n"
                + "    token: t\n");
    }

    @Test
    void anUnreachableKubernetesApiIsSaidAsSuch(QuarkusMainLauncher launcher) throws Exception {
        Path kubeconfig = closedPortKubeconfig();
        String server = Files.readString(kubeconfig).replaceAll("(?s).*server: (\\S+).*", "$1");
        LaunchResult lock = run(launcher, "sync", "kong/kong.yml", "--kubeconfig", kubeconfig.toString(), "--lock",
                "--lock-timeout", "3s");
        assertEquals(1, lock.exitCode());
        assertTrue(lock.getErrorOutput().contains("cannot reach the Kubernetes API at " + server + "/ (--kubeconfig "
                + kubeconfig + ")") || lock.getErrorOutput().contains("cannot reach the Kubernetes API at " + server
                + " (--kubeconfig " + kubeconfig + ")"), lock.getErrorOutput());
        assertTrue(lock.getErrorOutput().contains("run without --lock"), lock.getErrorOutput());
        assertFalse(lock.getErrorOutput().contains("held by another run"), lock.getErrorOutput());

        LaunchResult backends = run(launcher, "sync", "kong/kong.yml", "--kubeconfig", kubeconfig.toString(),
                "--verify-backends");
        assertEquals(1, backends.exitCode());
        assertTrue(backends.getErrorOutput().contains("cannot reach the Kubernetes API"), backends.getErrorOutput());
        assertTrue(backends.getErrorOutput().contains("run without --verify-backends"), backends.getErrorOutput());
        assertFalse(backends.getErrorOutput().contains("no Service"), backends.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));

        LaunchResult validate = run(launcher, "validate", "kong/kong.yml", "--kubeconfig", kubeconfig.toString(),
                "--verify-backends");
        assertEquals(1, validate.exitCode());
        assertFalse(validate.getOutput().contains("valid ("), "no 'valid' before exit 1:\n" + validate.getOutput());
        assertTrue(validate.getErrorOutput().contains("cannot reach the Kubernetes API"), validate.getErrorOutput());
    }

    @Test
    void validateSpeaksEveryReportFormat(QuarkusMainLauncher launcher) throws Exception {
        LaunchResult md = ok(launcher, "validate", "kong/kong.yml", "-o", "markdown");
        assertTrue(md.getOutput().startsWith("### kongsync validate: passed\n\nkong/kong.yml: valid (4 services, "
                + "5 routes, 5 plugins)"), md.getOutput());
        Path broken = file("broken.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n    host: x\n"
                + "    port: 99999\n");
        LaunchResult mdBad = run(launcher, "validate", broken.toString(), "-o", "markdown");
        assertEquals(1, mdBad.exitCode());
        assertTrue(mdBad.getOutput().startsWith("### kongsync validate: failed"), mdBad.getOutput());
        assertTrue(mdBad.getOutput().contains("broken.yml:5:5: services[0].port: value should be between 0 and 65535"),
                mdBad.getOutput());
        String junit = ok(launcher, "validate", "kong/kong.yml", "-o", "junit").getOutput();
        assertTrue(junit.contains("tests=\"2\" failures=\"0\" errors=\"0\""), "the file's validity and its routes: "
                + junit);
        assertTrue(junit.contains("name=\"routes of the files do not collide\""), junit);
        assertTrue(junit.contains("name=\"kong/kong.yml: valid (4 services, 5 routes, 5 plugins)\""), junit);
        LaunchResult junitBad = run(launcher, "validate", broken.toString(), "-o", "junit");
        assertEquals(1, junitBad.exitCode());
        assertTrue(junitBad.getOutput().contains("errors=\"1\""), junitBad.getOutput());
        LaunchResult one = ok(launcher, "validate", file("one.yml", "_format_version: \"3.0\"\nservices:\n"
                + "  - name: a\n    host: x\n").toString());
        assertTrue(one.getOutput().contains("valid (1 service)"), one.getOutput());
    }

    @Test
    void errorsComeInTheFilesOrderAndUnsetVariablesOnlyOnce(QuarkusMainLauncher launcher) throws Exception {
        Path f = file("order.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n    host: x\n    port: 99999\n"
                + "    routes:\n      - name: r1\n        paths: [nope]\n  - name: a\n    host: y\nroutes:\n"
                + "  - name: r2\n    service: missing\n    paths: [/a]\nplugins:\n  - name: cors\n    config:\n"
                + "      nope: 1\n");
        LaunchResult r = run(launcher, "validate", f.toString());
        assertEquals(1, r.exitCode());
        List<Integer> lines = new ArrayList<>();
        for (String l : r.getErrorOutput().split("\n")) {
            if (l.startsWith("error: " + f + ":")) {
                lines.add(Integer.parseInt(l.substring(("error: " + f + ":").length()).split(":")[0]));
            }
        }
        assertEquals(5, lines.size(), r.getErrorOutput());
        assertEquals(lines.stream().sorted().toList(), lines, r.getErrorOutput());

        Path unset = file("unset.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n"
                + "    url: ${{ env \"KS_TEST_UNSET_URL\" }}\n  - name: b\n"
                + "    host: ${{ env \"KS_TEST_UNSET_HOST\" }}\n"
                + "    port: ${{ env \"KS_TEST_UNSET_PORT\" | toInt }}\n");
        for (String command : List.of("validate", "diff")) {
            LaunchResult u = run(launcher, command, unset.toString(), "-o", "json");
            assertEquals(1, u.exitCode());
            JsonNode errors = JSON.readTree(u.getOutput()).get("errors");
            List<String> messages = new ArrayList<>();
            errors.forEach(e -> messages.add(e.get("line").asInt() + " " + e.get("field").asText() + ": "
                    + e.get("message").asText()));
            assertEquals(List.of("4 services[0].url: environment variable KS_TEST_UNSET_URL is not set",
                    "6 services[1].host: environment variable KS_TEST_UNSET_HOST is not set",
                    "7 services[1].port: environment variable KS_TEST_UNSET_PORT is not set"), messages, command);
        }
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void aRefusedTokenSaysWhereItCameFrom(QuarkusMainLauncher launcher) throws Exception {
        kong.requireToken("the-right-token");
        LaunchResult none = run(launcher, "diff", "kong/kong.yml");
        assertEquals(1, none.exitCode());
        assertTrue(none.getErrorOutput().contains("HTTP 401") && none.getErrorOutput().contains("Kong wants an admin "
                + "token and none was given: set KONGSYNC_KONG_ADMIN_TOKEN, or pass --kong-admin-token-file FILE or "
                + "--kong-admin-token"), none.getErrorOutput());
        Path tokenFile = file("token", "a-wrong-token\n");
        LaunchResult wrong = run(launcher, "diff", "kong/kong.yml", "--kong-admin-token-file", tokenFile.toString());
        assertEquals(1, wrong.exitCode());
        assertTrue(wrong.getErrorOutput().contains("Kong refused the admin token from --kong-admin-token-file "
                + tokenFile + ": check its value"), wrong.getErrorOutput());
        assertFalse((wrong.getOutput() + wrong.getErrorOutput()).contains("a-wrong-token"));
    }

    @Test
    void aRefusedPlanNamesThePluginByItsScope(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path plan = tmp.resolve("plan.json");
        ok(launcher, "diff", banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]").toString(),
                "--plan-out", plan.toString());
        String accountService = kong.find("services", "account-service").get("id").asText();
        String cors = kong.all("plugins").stream().filter(p -> p.get("name").asText().equals("cors")
                        && p.get("service").get("id").asText().equals(accountService))
                .findFirst().orElseThrow().get("id").asText();
        HttpResponse<String> patched = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(kong.url() + "/plugins/" + cors))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"config\": {\"max_age\": 600}}"))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, patched.statusCode(), patched.body());
        kong.clearRequests();
        LaunchResult r = run(launcher, "sync", "--plan", plan.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("plugin cors (service account-service) was changed"),
                r.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void verboseTimingsNameEachStageOnceAndATotal(QuarkusMainLauncher launcher) {
        LaunchResult r = ok(launcher, "sync", "kong/kong.yml", "-v");
        List<String> stages = new ArrayList<>();
        for (String l : r.getErrorOutput().split("\n")) {
            if (l.startsWith("timing: ")) {
                stages.add(l.substring("timing: ".length()).trim().split("\\s+")[0]);
            }
        }
        Set<String> once = new HashSet<>(stages);
        assertEquals(once.size(), stages.size(), "a stage printed twice: " + stages);
        assertTrue(stages.containsAll(List.of("parse", "connect", "read", "validate", "plan", "apply")),
                stages.toString());
        assertEquals("total", stages.get(stages.size() - 1), stages.toString());
    }
}
