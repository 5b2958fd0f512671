package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.TestKong;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * All or nothing, end to end over HTTP: input Kong would refuse changes nothing, a failed sync can be rolled back
 * or undone later to the very same Kong, what Kong does not store as written is named, and a file without select
 * tags cannot wipe what it never mentions. (Signals and a changed environment under a saved plan need a process of
 * their own: {@code ProcessSafetyIT}.)
 */
@QuarkusMainTest
class SafetyE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HEAD = "_format_version: \"3.0\"\n_info:\n  select_tags: [banking]\n";

    /** Values Kong checks in code, not in its schemas' JSON: each one refused offline, all listed at once. */
    @Test
    void valuesKongChecksInCodeAreAllRefusedBeforeAnyRequest(QuarkusMainLauncher launcher) {
        String text = HEAD + """
                services:
                  - name: good-service
                    url: http://good.banking.svc.cluster.local:8001
                    routes:
                      - name: good-route
                        paths: [/good]
                  - name: bad-service
                    host: auth_service..banking!
                    routes:
                      - name: bad route
                        paths: ["~/b/(("]
                  - name: slash/name
                    host: slash.banking.svc.cluster.local
                    tags: ["a,b"]
                """;
        Path f = file("code-checked.yml", text);
        for (String command : List.of("validate", "diff", "sync")) {
            kong.clearRequests();
            LaunchResult r = run(launcher, command, f.toString());
            assertEquals(1, r.exitCode(), command + ": " + r.getOutput());
            String err = r.getErrorOutput();
            for (String expected : List.of(
                    f + ":11:5: services[1].host: invalid value: auth_service..banking!",
                    f + ":13:9: services[1].routes[0].name: invalid value 'bad route': the only accepted ascii "
                            + "characters are alphanumerics or ., -, _, and ~",
                    f + ":14:17: services[1].routes[0].paths[0]: invalid regex: '/b/(('",
                    f + ":15:5: services[2].name: invalid value 'slash/name'",
                    f + ":17:12: services[2].tags[0]: invalid tag 'a,b'")) {
                assertTrue(err.contains(expected), command + " lists " + expected + "\n" + err);
            }
            assertEquals(List.of(), writeLines(kong), command + " wrote nothing");
            assertEquals(0, kong.requests().stream().filter(x -> x.isValidation()).count(),
                    command + ": refused offline, before asking Kong");
        }
    }

    /**
     * What only Kong can tell (its PCRE2 differs from Java's regex engine; a plugin's custom check): Kong's own
     * validation endpoint is asked for every entity to write before the first write. The refusal is the one the
     * second transcript records for a route, injected for a pattern Java compiles.
     */
    @Test
    void kongsOwnValidationRefusesBeforeTheFirstWrite(QuarkusMainLauncher launcher) {
        String text = HEAD + """
                services:
                  - name: first-service
                    url: http://first.banking.svc.cluster.local:8001
                    routes:
                      - name: first-route
                        paths: [/first]
                  - name: second-service
                    url: http://second.banking.svc.cluster.local:8001
                    routes:
                      - name: second-route
                        paths: ["~/b/[0-9]+$"]
                """;
        Path f = file("online.yml", text);
        kong.fail("POST", "/schemas/routes/validate", 400, """
                {"code": 2, "fields": {"paths": ["invalid regex: '/b/[0-9]+$' (PCRE returned: pcre2_compile() \
                failed: quantifier does not follow a repeatable item in \\"/b/[0-9]+$\\")"]}, "message": "schema \
                violation (paths.1: invalid regex)", "name": "schema violation"}""");
        for (String command : List.of("diff", "sync")) {
            kong.clearRequests();
            LaunchResult r = run(launcher, command, f.toString());
            assertEquals(1, r.exitCode(), command + ": " + r.getOutput() + r.getErrorOutput());
            String err = r.getErrorOutput();
            assertTrue(err.contains(f + ":14:17: services[1].routes[0].paths[0]: Kong refuses it: invalid regex"),
                    command + " places Kong's refusal where the files wrote the value:\n" + err);
            assertTrue(err.strip().endsWith("nothing was written"), err);
            assertEquals(List.of(), writeLines(kong), command + ": zero writes");
            assertTrue(kong.requests().stream().filter(x -> x.isValidation()).count() >= 4,
                    "every entity to write was checked: " + kong.requestCounts());
        }
    }

    /**
     * {@code --rps} protects a production Kong from everything a sync sends it in bulk: Kong's validation of each
     * entity before the first write is held to the ceiling as the writes are, whatever the parallelism. At 20 a
     * second, eight services are eight checks and eight writes, each series at least 50 ms apart: a lower bound the
     * ceiling guarantees (350 ms for eight), asserted with room for the first request's connection, not a speed.
     * Unpaced, the eight checks arrived within a few milliseconds of one another.
     */
    @Test
    void theRpsCeilingHoldsForKongsValidationAsForTheWrites(QuarkusMainLauncher launcher) {
        Path f = services("rps.yml", 8);
        for (String parallelism : List.of("10", "auto")) {
            kong.reset();
            LaunchResult r = run(launcher, "sync", f.toString(), "--rps", "20", "--parallelism", parallelism);
            assertEquals(0, r.exitCode(), r.getOutput() + r.getErrorOutput());
            List<TestKong.Request> checks = kong.requests().stream().filter(TestKong.Request::isValidation).toList();
            List<TestKong.Request> writes = kong.requests().stream().filter(TestKong.Request::isWrite).toList();
            assertEquals(8, checks.size(), "one check per service");
            assertEquals(8, writes.size(), "one write per service");
            assertTrue(spanMillis(checks) >= 250, "--parallelism " + parallelism + ": eight checks at 20 a second "
                    + "within " + spanMillis(checks) + " ms");
            assertTrue(spanMillis(writes) >= 250, "--parallelism " + parallelism + ": eight writes at 20 a second "
                    + "within " + spanMillis(writes) + " ms");
        }
    }

    /**
     * diff asks Kong's validation of every entity it would write, as sync does, under a pacing of its own that
     * follows Kong (KongSession: up to 4 x --parallelism). Against a Kong that answers 503 beyond 4 requests in
     * flight, the refused checks are retried and the diff still ends with exactly the changes it found and no write.
     * How the pacing backs off is AdaptivePacingTest's; this is the path through the client and the session.
     */
    @Test
    void diffsValidationGetsThroughAKongThatRefusesBeyondItsLimit(QuarkusMainLauncher launcher) {
        Path f = services("limited.yml", 30);
        kong.latencyModel(300, 0, 4); // held long enough that more than 4 are asked at once even on a loaded machine
        LaunchResult r = run(launcher, "diff", f.toString(), "--parallelism", "10", "--exit-code");
        assertEquals(2, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertTrue(r.getOutput().contains("30 to create"), r.getOutput());
        assertEquals(List.of(), writeLines(kong), "a diff writes nothing");
        long checks = kong.requests().stream().filter(TestKong.Request::isValidation).count();
        assertTrue(checks > 30, "30 services, 30 checks at first: those Kong refused (503) were asked again ("
                + checks + " checks)");
        assertTrue(!r.getErrorOutput().contains("error"), r.getErrorOutput());
    }

    /** A file of {@code n} services svc-0, svc-1, ..., each with its own backend. */
    private Path services(String name, int n) {
        StringBuilder text = new StringBuilder(HEAD + "services:\n");
        for (int i = 0; i < n; i++) {
            text.append("  - name: svc-").append(i).append("\n    url: http://svc-").append(i)
                    .append(".banking.svc.cluster.local:8001\n");
        }
        return file(name, text.toString());
    }

    private static long spanMillis(List<TestKong.Request> requests) {
        long first = requests.stream().mapToLong(TestKong.Request::receivedNanos).min().orElseThrow();
        long last = requests.stream().mapToLong(TestKong.Request::receivedNanos).max().orElseThrow();
        return (last - first) / 1_000_000;
    }

    /**
     * Kong's validation reads no database (references are not looked up, ids only checked to be UUIDs: second
     * transcript), so entities whose bodies differ only in ids are one request: the same plugin on two services is
     * checked once, and Kong's refusal of it is placed at both.
     */
    @Test
    void bodiesThatDifferOnlyInIdsAreCheckedOnceAndRefusedAtEach(QuarkusMainLauncher launcher) {
        String text = HEAD + """
                services:
                  - name: a-service
                    url: http://a.banking.svc.cluster.local:8001
                    plugins:
                      - name: rate-limiting
                        config:
                          minute: 60
                  - name: b-service
                    url: http://b.banking.svc.cluster.local:8001
                    plugins:
                      - name: rate-limiting
                        config:
                          minute: 60
                  - name: c-service
                    url: http://c.banking.svc.cluster.local:8001
                    plugins:
                      - name: rate-limiting
                        config:
                          minute: 61
                """;
        Path f = file("same-plugin.yml", text);
        LaunchResult ok = run(launcher, "diff", f.toString());
        assertEquals(0, ok.exitCode(), ok.getOutput() + ok.getErrorOutput());
        assertEquals(2, kong.requests().stream().filter(x -> x.path().equals("/schemas/plugins/validate")).count(),
                "two distinct plugin bodies: " + kong.requestCounts());
        assertEquals(3, kong.requests().stream().filter(x -> x.path().equals("/schemas/services/validate")).count(),
                "three services, each its own name and host: " + kong.requestCounts());

        kong.clearRequests();
        kong.fail("POST", "/schemas/plugins/validate", 400, """
                {"code": 2, "fields": {"config": {"minute": "refused here"}}, "message": "schema violation \
                (config.minute: refused here)", "name": "schema violation"}""");
        LaunchResult r = run(launcher, "sync", f.toString());
        assertEquals(1, r.exitCode(), r.getOutput() + r.getErrorOutput());
        String err = r.getErrorOutput();
        for (String expected : List.of(f + ":10:11: services[0].plugins[0].config.minute: Kong refuses it: refused here",
                f + ":16:11: services[1].plugins[0].config.minute: Kong refuses it: refused here",
                f + ":22:11: services[2].plugins[0].config.minute: Kong refuses it: refused here")) {
            assertTrue(err.contains(expected), "lists " + expected + "\n" + err);
        }
        assertEquals(List.of(), writeLines(kong), "zero writes");
    }

    @Test
    @Timeout(30) // a hang guard only: the bounds are counts, checked by BoundedInputTest
    void aBillionLaughsAndADeepFileFailAtOnceWithTheirLine(QuarkusMainLauncher launcher) {
        StringBuilder bomb = new StringBuilder(HEAD + "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i < 10; i++) {
            String prev = "*a" + (i - 1);
            bomb.append("a").append(i).append(": &a").append(i).append(" [").append(String.join(",",
                    java.util.Collections.nCopies(9, prev))).append("]\n");
        }
        Path bombFile = file("bomb.yml", bomb.toString());
        LaunchResult r = run(launcher, "validate", bombFile.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains(bombFile + ":"), r.getErrorOutput());
        assertTrue(r.getErrorOutput().contains("alias"), r.getErrorOutput());

        String deep = HEAD + "services:\n  - name: a\n    host: a.example\n    tags: " + "[".repeat(200)
                + "]".repeat(200) + "\n";
        Path deepFile = file("deep.yml", deep);
        LaunchResult d = run(launcher, "sync", deepFile.toString());
        assertEquals(1, d.exitCode());
        assertTrue(d.getErrorOutput().contains(deepFile + ":7:"), d.getErrorOutput());
        assertTrue(d.getErrorOutput().contains("nest"), d.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    /** A change with creates, updates and deletes; a write in the middle fails; Kong goes back to what it was. */
    @Test
    void rollbackAfterAFailedWriteLeavesKongExactlyAsItWas(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ObjectNode before = kong.snapshot();
        Path changed = changedBanking();
        kong.clearRequests();
        kong.failNthWrite(4, 500, "{\"message\": \"An unexpected error occurred\"}");
        LaunchResult r = run(launcher, "sync", changed.toString(), "--allow-deletes", "--on-error", "rollback",
                "--parallelism", "1", "--retries", "0", "-o", "json");
        assertEquals(1, r.exitCode(), "rolled back completely: Kong is not partly updated (that is exit 4)\n"
                + r.getOutput() + r.getErrorOutput());
        JsonNode doc = JSON.readTree(r.getOutput());
        assertEquals(3, doc.get("result").get("applied").asInt(), r.getOutput());
        assertEquals(1, doc.get("result").get("failed").asInt());
        JsonNode rollback = doc.get("rollback");
        assertTrue(rollback.get("complete").asBoolean(), r.getOutput());
        assertEquals(3, rollback.get("applied").asInt(), "each applied change restored: " + rollback);
        assertEquals(withoutUpdatedAt(before), withoutUpdatedAt(kong.snapshot()),
                "Kong is as before the sync, ids and creation times included");
        ok(launcher, "diff", "kong/kong.yml", "--exit-code");
    }

    /** The journal of a complete sync takes Kong back later, and refuses when Kong changed since. */
    @Test
    void undoFromTheJournalRestoresKongAndRefusesWhenKongChanged(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ObjectNode before = kong.snapshot();
        Path journal = tmp.resolve("journal.json");
        ok(launcher, "sync", changedBanking().toString(), "--allow-deletes", "--journal", journal.toString());
        assertTrue(Files.exists(journal));
        assertEquals(java.util.Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(journal));

        admin("PATCH", "/services/auth-service", "{\"retries\": 9}", 200);
        kong.clearRequests();
        LaunchResult refused = run(launcher, "undo", journal.toString());
        assertEquals(1, refused.exitCode(), refused.getOutput());
        assertTrue(refused.getErrorOutput().contains("Kong changed since the sync")
                && refused.getErrorOutput().contains("service auth-service was changed")
                && refused.getErrorOutput().contains("Nothing was written"), refused.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));

        ok(launcher, "sync", changedBanking().toString(), "--allow-deletes");
        ok(launcher, "undo", journal.toString());
        assertEquals(withoutUpdatedAt(before), withoutUpdatedAt(kong.snapshot()),
                "Kong is as before the journaled sync, ids and creation times included");
    }

    /**
     * apply keeps a journal too: undo takes back what a partial file changed (an update and a create, on a service
     * only Kong holds), and leaves what it never touched, other teams' entities included.
     */
    @Test
    void anApplyIsUndoneFromItsJournal(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "apply", file("team-a.yml", DeckParityE2ETest.TEAM_A).toString());
        ObjectNode before = kong.snapshot();
        Path journal = tmp.resolve("apply-journal.json");
        Path later = file("team-a-2.yml", DeckParityE2ETest.TEAM_A.replace("minute: 10", "minute: 20")
                + "  - name: signup-route\n    service: auth-service\n    paths: [/api/signup]\n");
        LaunchResult applied = ok(launcher, "apply", later.toString(), "--journal", journal.toString());
        assertTrue(applied.getOutput().contains("1 created, 1 updated, 0 deleted"), applied.getOutput());
        assertEquals(List.of(20), kong.all("plugins").stream().filter(p -> p.get("name").asText().equals("rate-limiting"))
                .map(p -> p.get("config").get("minute").asInt()).toList());

        kong.clearRequests();
        ok(launcher, "undo", journal.toString());
        assertEquals(2, kong.writes().size(), "the create deleted, the update put back: " + writeLines(kong));
        assertEquals(withoutUpdatedAt(before), withoutUpdatedAt(kong.snapshot()),
                "Kong is as before the journaled apply, ids and creation times included");
    }

    /**
     * reset keeps a journal too (as sync and apply do, through the same run); undo refuses it against another Kong,
     * writing nothing there, and takes the Kong it was written for back.
     */
    @Test
    void aResetIsUndoneFromItsJournalOnlyInTheKongItWasWrittenFor(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ObjectNode before = kong.snapshot();
        Path journal = tmp.resolve("reset-journal.json");
        ok(launcher, "reset", "--select-tag", "banking", "--yes", "--journal", journal.toString());
        assertEquals(List.of(), kong.all("services"), "the reset deleted the scope");

        try (dev.kongsync.testkong.TestKong other = dev.kongsync.testkong.TestKong.start()) {
            LaunchResult refused = launcher.launch("undo", journal.toString(), "--kong-addr", other.url());
            assertEquals(1, refused.exitCode(), refused.getOutput() + refused.getErrorOutput());
            assertTrue(refused.getErrorOutput().contains("the journal was written for the Kong at " + kong.url()),
                    refused.getErrorOutput());
            assertEquals(List.of(), writeLines(other));
        }

        ok(launcher, "undo", journal.toString());
        assertEquals(withoutUpdatedAt(before), withoutUpdatedAt(kong.snapshot()),
                "Kong is as before the reset, ids and creation times included");
    }

    /** Kong stores something other than what was written: named, field by field, exit 1. */
    @Test
    void theConvergenceCheckNamesWhatKongDidNotStore(QuarkusMainLauncher launcher) {
        kong.alterOnWrite("services", s -> s.put("read_timeout", 1234));
        LaunchResult r = run(launcher, "sync", "kong/kong.yml");
        assertEquals(1, r.exitCode(), r.getOutput());
        assertTrue(r.getErrorOutput().contains("Kong does not hold what was written: service auth-service; "
                + "read_timeout: Kong holds 1234, the files want 60000"), r.getErrorOutput());
    }

    /** decK's most feared mistake: a file without select tags deleting every entity it never names. */
    @Test
    void aScopeLessFileCannotDeleteWhatItNeverMentions(QuarkusMainLauncher launcher) {
        admin("PUT", "/services/payments", "{\"host\": \"payments.other-team.svc.cluster.local\"}", 200);
        admin("PUT", "/services/payments/routes/payments-route", "{\"paths\": [\"/pay\"]}", 200);
        admin("PUT", "/consumers/partner", "{}", 200);
        Path f = file("scopeless.yml", "_format_version: \"3.0\"\nservices:\n  - name: mine\n"
                + "    host: mine.banking.svc.cluster.local\n");
        kong.clearRequests();
        LaunchResult r = run(launcher, "sync", f.toString());
        assertEquals(1, r.exitCode(), r.getOutput());
        String err = r.getErrorOutput();
        assertTrue(err.contains("3 entities") && err.contains("1 consumer") && err.contains("1 route")
                && err.contains("1 service") && err.contains("--allow-deletes") && err.contains("--max-deletes"), err);
        assertTrue(err.strip().endsWith("Nothing was written."), err);
        assertEquals(List.of(), writeLines(kong));

        LaunchResult diff = run(launcher, "diff", f.toString());
        assertFalse(diff.getOutput().contains("Applied"), diff.getOutput());

        ok(launcher, "sync", f.toString(), "--max-deletes", "3");
        assertEquals(1, kong.all("services").size());
    }

    /** kong.yml with a service retuned, a new service and route, and one service (with route and plugin) removed. */
    Path changedBanking() throws Exception {
        String text = Files.readString(Path.of("kong/kong.yml"));
        int start = text.indexOf("  - name: transfer-service\n");
        int end = text.indexOf("  - name: notification-service\n");
        String changed = text.substring(0, start) + text.substring(end);
        changed = changed.replace("    url: http://auth-service.banking.svc.cluster.local:8001\n",
                "    url: http://auth-service.banking.svc.cluster.local:8001\n    retries: 2\n");
        changed = changed.replace("services:\n", "services:\n  - name: audit-service\n"
                + "    url: http://audit-service.banking.svc.cluster.local:8009\n    routes:\n"
                + "      - name: audit-route\n        paths: [/api/audit]\n");
        return file("changed-" + System.nanoTime() + ".yml", changed);
    }

    /**
     * Kong sets updated_at on every write: undo restores everything else, created_at and ids included. Read back
     * from its text, so that a number compares by value whatever node type the test Kong stored it as.
     */
    static ObjectNode withoutUpdatedAt(ObjectNode snapshot) throws Exception {
        ObjectNode copy = (ObjectNode) JSON.readTree(JSON.writeValueAsString(snapshot));
        for (Iterator<Map.Entry<String, JsonNode>> it = copy.fields(); it.hasNext(); ) {
            for (JsonNode row : it.next().getValue()) {
                ((ObjectNode) row).remove("updated_at");
            }
        }
        return copy;
    }
}
