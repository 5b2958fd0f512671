package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decK commands a decK user looks for, end to end against the test Kong: apply (partial files), reset, render,
 * completion, and dump's output file.
 */
@QuarkusMainTest
class DeckParityE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Team A's part of the shared Kong: a route on the banking file's auth-service, which only Kong holds here. */
    static final String TEAM_A = "_format_version: \"3.0\"\n_info:\n  select_tags: [team-a]\nroutes:\n"
            + "  - name: login-route\n    service: auth-service\n    paths: [/api/login]\n    plugins:\n"
            + "      - name: rate-limiting\n        config:\n          minute: 10\n          policy: local\n";

    @Test
    void applyCreatesAndUpdatesAgainstWhatOnlyKongHasAndDeletesNothing(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path part = file("team-a.yml", TEAM_A);
        LaunchResult sync = run(launcher, "sync", part.toString());
        assertEquals(1, sync.exitCode());
        assertTrue(sync.getErrorOutput().contains("references service auth-service, which no input file defines")
                && sync.getErrorOutput().contains("kongsync apply, for partial files, finds it in Kong"),
                sync.getErrorOutput());

        ok(launcher, "validate", part.toString(), "--partial");
        kong.clearRequests();
        LaunchResult apply = ok(launcher, "apply", part.toString());
        assertEquals("+ route login-route  paths: [\"/api/login\"], service: \"auth-service\"\n"
                + "+ plugin rate-limiting (route login-route)  config.minute: 10\n"
                + "Applied 2 changes: 2 created, 0 updated, 0 deleted.", apply.getOutput().trim());
        assertEquals(2, kong.writes().size());
        assertTrue(kong.writes().stream().noneMatch(w -> w.method().equals("DELETE")));
        assertEquals(16, kong.entityCount(), "the banking file's 14 entities are still there");
        String authId = kong.find("services", "auth-service").get("id").asText();
        assertEquals(authId, kong.find("routes", "login-route").get("service").get("id").asText());

        kong.clearRequests();
        LaunchResult again = ok(launcher, "apply", part.toString());
        assertTrue(again.getOutput().contains("Nothing to do"), again.getOutput());
        assertEquals(List.of(), writeLines(kong));

        // a later part of team A names only another route: the first one stays, the change is an update
        Path other = file("team-a-2.yml", TEAM_A.replace("minute: 10", "minute: 20")
                + "  - name: signup-route\n    service: auth-service\n    paths: [/api/signup]\n");
        kong.clearRequests();
        LaunchResult json = ok(launcher, "apply", other.toString(), "-o", "json");
        JsonNode doc = JSON.readTree(json.getOutput());
        assertEquals(1, doc.get("summary").get("create").asInt());
        assertEquals(1, doc.get("summary").get("update").asInt());
        assertEquals(0, doc.get("summary").get("delete").asInt());
        assertTrue(doc.get("summary").get("in_sync").asBoolean());
        assertTrue(kong.writes().stream().noneMatch(w -> w.method().equals("DELETE")));
        assertEquals(17, kong.entityCount());
        assertEquals(20, kong.all("plugins").stream().filter(p -> p.get("name").asText().equals("rate-limiting"))
                .findFirst().orElseThrow().get("config").get("minute").asInt());

        // what neither the files nor Kong have is an error, before any write
        kong.clearRequests();
        LaunchResult missing = run(launcher, "apply", file("dangling.yml", TEAM_A.replace("service: auth-service",
                "service: nowhere-service")).toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("references service nowhere-service, which neither the files "
                + "nor Kong have"), missing.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void resetDeletesTheScopeBehindTheGuardAndAConfirmation(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "sync", "kong/examples/split-by-team.yml");
        int others = kong.entityCount() - 14;
        kong.clearRequests();
        LaunchResult noTty = run(launcher, "reset", "--select-tag", "banking");
        assertEquals(1, noTty.exitCode());
        assertTrue(noTty.getErrorOutput().contains("reset deletes 14 entities (4 services, 5 routes, 5 plugins) from "
                + "Kong at " + kong.url() + ", those tagged banking. There is no terminal to confirm on"),
                noTty.getErrorOutput());
        assertTrue(noTty.getErrorOutput().contains("pass --yes"), noTty.getErrorOutput());
        LaunchResult guarded = run(launcher, "reset", "--select-tag", "banking", "--yes", "--max-deletes", "3");
        assertEquals(1, guarded.exitCode());
        assertTrue(guarded.getErrorOutput().contains("refusing to delete 14 entities, more than --max-deletes 3"),
                guarded.getErrorOutput());
        LaunchResult protectedKind = run(launcher, "reset", "--select-tag", "banking", "--yes", "--protect", "service");
        assertEquals(1, protectedKind.exitCode());
        assertTrue(protectedKind.getErrorOutput().contains("of a protected kind (--protect service)"),
                protectedKind.getErrorOutput());
        LaunchResult dry = ok(launcher, "reset", "--select-tag", "banking", "--dry-run");
        assertTrue(dry.getOutput().contains("- service auth-service"), dry.getOutput());
        assertTrue(dry.getOutput().contains("Summary: 0 to create, 0 to update, 14 to delete (14 changes)."),
                dry.getOutput());
        assertEquals(List.of(), writeLines(kong), "refusals and the dry run write nothing");

        LaunchResult reset = ok(launcher, "reset", "--select-tag", "banking", "--yes");
        assertTrue(reset.getOutput().contains("Applied 14 changes: 0 created, 0 updated, 14 deleted."),
                reset.getOutput());
        assertEquals(14, kong.writes().stream().filter(w -> w.method().equals("DELETE")).count());
        assertEquals(others, kong.entityCount(), "the other team's entities are left");
        ok(launcher, "reset", "--yes");
        assertEquals(0, kong.entityCount());
    }

    @Test
    void renderMergesTheFilesWithSecretsRedactedAndDefaultsOnRequest(QuarkusMainLauncher launcher) throws Exception {
        Path base = file("base.yml", "_format_version: \"3.0\"\n_info:\n  select_tags: [rnd]\n  defaults:\n"
                + "    service:\n      retries: 3\nservices:\n  - name: auth\n"
                + "    url: http://${{ env \"KS_TEST_AUTH_HOST\" }}:8001/v1\n    plugins:\n"
                + "      - name: rate-limiting\n        config:\n          minute: 5\n          policy: redis\n"
                + "          redis:\n            host: redis.redis.svc.cluster.local\n"
                + "            password: ${{ env \"KS_TEST_REDIS_PASSWORD\" }}\n");
        Path routes = file("routes.yml", "_format_version: \"3.0\"\n_info:\n  select_tags: [rnd]\nroutes:\n"
                + "  - name: auth-route\n    service: auth\n    paths: [/auth]\n");
        LaunchResult r = ok(launcher, "render", base.toString(), routes.toString());
        String out = r.getOutput();
        assertFalse(out.contains("env-s3cret-value") || out.contains("auth-service.banking"), out);
        JsonNode doc = YAML.readTree(out);
        assertEquals("rnd", doc.get("_info").get("select_tags").get(0).asText());
        JsonNode service = doc.get("services").get(0);
        assertEquals("auth", service.get("name").asText());
        assertEquals("[redacted]", service.get("host").asText());
        assertEquals(3, service.get("retries").asInt(), "_info.defaults applied");
        assertEquals("[redacted]", service.get("path").asText(), "every part of a url from the environment is secret");
        assertEquals("auth-route", service.get("routes").get(0).get("name").asText(), "routes nested in their service");
        assertEquals("[redacted]", service.get("plugins").get(0).get("config").get("redis").get("password").asText());
        assertEquals("redis.redis.svc.cluster.local",
                service.get("plugins").get(0).get("config").get("redis").get("host").asText());
        assertFalse(service.has("connect_timeout"), "defaults are left out");

        Path rendered = tmp.resolve("rendered.json");
        ok(launcher, "render", base.toString(), routes.toString(), "--show-secrets", "--with-defaults",
                "--output-file", rendered.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(rendered)));
        JsonNode full = JSON.readTree(Files.readString(rendered));
        JsonNode s = full.get("services").get(0);
        assertEquals("auth-service.banking.svc.cluster.local", s.get("host").asText());
        assertEquals("/v1", s.get("path").asText(), "the url expanded");
        assertEquals(8001, s.get("port").asInt());
        assertEquals(60000, s.get("connect_timeout").asInt());
        assertTrue(s.get("routes").get(0).get("strip_path").asBoolean());
        assertEquals("env-s3cret-value", s.get("plugins").get(0).get("config").get("redis").get("password").asText());

        // the rendered file describes what the two files describe
        ok(launcher, "sync", base.toString(), routes.toString());
        ok(launcher, "diff", rendered.toString(), "--exit-code");

        LaunchResult bad = run(launcher, "render", file("bad.yml", "_format_version: \"3.0\"\nservices:\n"
                + "  - name: a\n    host: x\n    port: 99999\n").toString());
        assertEquals(1, bad.exitCode());
        assertTrue(bad.getErrorOutput().contains("bad.yml:5:5: services[0].port: value should be between 0 and 65535"),
                bad.getErrorOutput());
    }

    @Test
    void completionScriptsForBashZshAndFish(QuarkusMainLauncher launcher) throws Exception {
        Path script = tmp.resolve("kongsync.bash");
        Files.writeString(script, ok(launcher, "completion", "bash").getOutput());
        assertEquals("apply", complete(script, "kongsync", "ap"));
        assertEquals("text json markdown junit", complete(script, "kongsync", "diff", "-o", ""));
        assertEquals("--yes", complete(script, "kongsync", "reset", "--ye"));
        assertEquals("verify", complete(script, "kongsync", "platform", "ver"));

        String zsh = ok(launcher, "completion", "zsh").getOutput();
        assertTrue(zsh.contains("autoload -U +X compinit && compinit"), zsh);
        assertTrue(zsh.contains("complete -F _complete_kongsync"), zsh);
        String fish = ok(launcher, "completion", "fish").getOutput();
        for (String command : List.of("validate", "diff", "sync", "apply", "reset", "render", "dump", "ping", "undo",
                "platform", "completion")) {
            assertTrue(fish.contains("complete -c kongsync -f -n '__fish_use_subcommand' -a '" + command + "'"),
                    command + " in\n" + fish);
        }
        assertTrue(fish.contains("complete -c kongsync -n '__fish_seen_subcommand_from diff' -s o -l output -x -a "
                + "'text json markdown junit'"), fish);
        assertTrue(fish.contains("-a 'verify'"), fish);
        assertEquals(1, run(launcher, "completion", "tcsh").exitCode());
    }

    /** What bash completes for the words (the last one being typed), loading the script as a user's shell does. */
    static String complete(Path script, String... words) throws Exception {
        String line = String.join(" ", words);
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append('\'').append(w).append("' ");
        }
        String program = "source '" + script + "'\nCOMP_WORDS=(" + array + ")\nCOMP_CWORD=" + (words.length - 1)
                + "\nCOMP_LINE='" + line + "'\nCOMP_POINT=" + line.length() + "\n_complete_kongsync kongsync '"
                + words[words.length - 1] + "' '" + words[words.length - 2] + "'\necho \"${COMPREPLY[*]}\"\n";
        Process p = new ProcessBuilder("bash", "-c", program).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void createsShowTheirFieldsInTextAndMarkdown(QuarkusMainLauncher launcher) throws Exception {
        Path f = file("new.yml", "_format_version: \"3.0\"\n_info:\n  select_tags: [new]\nservices:\n"
                + "  - name: ledger\n    url: https://ledger.banking.svc.cluster.local:8443/v2\n    retries: 2\n"
                + "    tags: [ledger-team]\n    routes:\n      - name: ledger-route\n        paths: [/api/ledger]\n"
                + "        methods: [GET, POST]\n    plugins:\n      - name: rate-limiting\n        config:\n"
                + "          minute: 30\n          policy: redis\n          redis:\n"
                + "            host: redis.redis.svc.cluster.local\n"
                + "            password: ${{ env \"KS_TEST_REDIS_PASSWORD\" }}\n");
        for (String format : List.of("text", "markdown")) {
            LaunchResult r = run(launcher, "diff", f.toString(), "-o", format, "--exit-code");
            assertEquals(2, r.exitCode(), r.getErrorOutput());
            assertFalse(r.getOutput().contains("env-s3cret-value"), r.getOutput());
            golden(format.equals("text") ? "create.txt" : "create.md",
                    r.getOutput().replace(kong.url(), "<kong>").replace(tmp.toString(), "<tmp>"));
        }
    }

    static void golden(String name, String actual) throws Exception {
        Path g = Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("kongsync.golden.update")) {
            Files.writeString(g, actual);
        }
        assertEquals(Files.readString(g), actual, "golden file " + g + " (rerun with -Dkongsync.golden.update=true "
                + "to accept a deliberate change)");
    }

    @Test
    void dumpWritesItsFileForItsOwnerOnly(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path dump = tmp.resolve("banking-dump.yml");
        LaunchResult r = ok(launcher, "dump", "--select-tag", "banking", "--output-file", dump.toString());
        assertTrue(r.getErrorOutput().contains("wrote " + dump), r.getErrorOutput());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dump)));
        ok(launcher, "diff", dump.toString(), "--exit-code");

        Path old = tmp.resolve("old-spelling.yml");
        LaunchResult deprecated = ok(launcher, "dump", "--select-tag", "banking", "-o", old.toString());
        assertTrue(deprecated.getErrorOutput().contains("warning: dump -o FILE is deprecated and goes away in the next "
                + "release: -o is the output format (yaml or json), as in every command; write --output-file " + old),
                deprecated.getErrorOutput());
        assertEquals(Files.readString(dump), Files.readString(old));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(old)));

        JsonNode json = JSON.readTree(ok(launcher, "dump", "--select-tag", "banking", "-o", "json").getOutput());
        assertEquals(4, json.get("services").size());
    }
}
