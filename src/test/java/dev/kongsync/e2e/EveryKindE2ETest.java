package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.crypto.StoredSecrets;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every kind of entity kongsync manages, in one file, end to end over HTTP: the first sync creates all of them in
 * dependency order, a second diff finds nothing, a dump reads back to the same file, a set of real-life changes
 * (a renamed consumer, a rotated password, a new API key, an SNI moved to another certificate, a consumer removed
 * with its credentials) is planned as the fewest writes, and no secret is ever printed.
 */
@QuarkusMainTest
class EveryKindE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path FILE = Path.of("src/test/resources/kinds/every-kind.yml");
    static final List<String> SECRETS = List.of("first-password", "second-password", "mobile-key-1", "mobile-key-2",
            "web-key-1", "jwt-shared-secret", "hmac-secret-value", "oauth-secret-value", "PRIVATE KEY");

    @Test
    void everyKindSyncsThenReadsBackAsTheSameFile(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "validate", FILE.toString());
        LaunchResult sync = ok(launcher, "sync", FILE.toString(), "-o", "json");
        JsonNode report = JSON.readTree(sync.getOutput());
        Map<String, Integer> created = createdByKind(report);
        assertEquals(new TreeMap<>(Map.ofEntries(
                Map.entry("certificate", 2), Map.entry("sni", 3), Map.entry("ca_certificate", 1),
                Map.entry("vault", 1), Map.entry("key_set", 1), Map.entry("key", 1), Map.entry("service", 1),
                Map.entry("route", 1), Map.entry("consumer", 2), Map.entry("key-auth", 2),
                Map.entry("basic-auth", 1), Map.entry("jwt", 2), Map.entry("hmac-auth", 1),
                Map.entry("acl", 2), Map.entry("oauth2", 1), Map.entry("plugin", 2))), created);
        assertNoSecret(sync.getOutput());

        // dependency order, as Kong's foreign keys demand it: every entity a write references (in its body or its
        // path) was written before it. Writes have no barrier between kinds, so an SNI of one certificate may well
        // go before another certificate; what must hold is the order of each reference.
        int references = assertReferencesWrittenFirst(kong.writes());
        assertEquals(19, references, "references the file makes between the entities it creates");

        // what Kong holds is what the file says
        ObjectNode service = kong.find("services", "tls-service");
        assertEquals("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", service.get("client_certificate").get("id").asText());
        assertEquals("3b4c5d6e-7f8a-4b9c-8d0e-2f3a4b5c6d7e", service.get("ca_certificates").get(0).asText());
        ObjectNode key = kong.find("keys", "signing-key");
        assertEquals(kong.find("key-sets", "banking-keys").get("id").asText(), key.get("set").get("id").asText());
        ObjectNode mobile = kong.find("consumers", "mobile-app");
        ObjectNode basic = kong.all("basicauth_credentials").get(0);
        assertEquals(StoredSecrets.basicAuthHash("first-password", mobile.get("id").asText()),
                basic.get("password").asText(), "Kong stores the basic-auth password hashed with the consumer id");
        assertEquals(1, kong.all("plugins").stream().filter(p -> p.get("consumer").isObject()).count());

        kong.clearRequests();
        LaunchResult again = ok(launcher, "diff", FILE.toString(), "--exit-code");
        assertTrue(again.getOutput().contains("No changes"), again.getOutput());
        ok(launcher, "sync", FILE.toString());
        assertEquals(List.of(), writeLines(kong), "a second sync writes nothing: no phantom diffs on any kind");

        Path dump = tmp.resolve("dump.yml");
        ok(launcher, "dump", "-o", dump.toString(), "--select-tag", "every-kind");
        String dumped = Files.readString(dump);
        for (String section : List.of("certificates:", "ca_certificates:", "vaults:", "key_sets:", "keys:",
                "services:", "consumers:", "plugins:", "snis:", "keyauth_credentials:", "basicauth_credentials:",
                "jwt_secrets:", "hmacauth_credentials:", "acls:", "oauth2_credentials:")) {
            assertTrue(dumped.contains(section), "the dump has " + section + "\n" + dumped);
        }
        ok(launcher, "validate", dump.toString());
        ok(launcher, "diff", dump.toString(), "--exit-code");
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void realLifeChangesAreTheFewestWrites(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", FILE.toString());
        String mobileId = kong.find("consumers", "mobile-app").get("id").asText();
        String keyAuthId = kong.all("keyauth_credentials").stream()
                .filter(k -> k.get("consumer").get("id").asText().equals(mobileId)).findFirst().orElseThrow()
                .get("id").asText();
        String wwwId = kong.find("snis", "www.banking.example").get("id").asText();
        int before = kong.entityCount();

        String text = Files.readString(FILE);
        String changedText = text
                .replace("username: mobile-app", "username: mobile-application")
                .replace("password: first-password", "password: second-password")
                .replace("key: mobile-key-1", "key: mobile-key-2")
                .replace("      - name: www.banking.example\n        tags: [web]\n", "")
                .replace("      - matrix.example\n", "      - matrix.example\n      - name: www.banking.example\n"
                        + "        tags: [web]\n")
                .replace("  - username: web-app\n    keyauth_credentials:\n      - key: web-key-1\n    acls:\n"
                        + "      - group: users\n", "");
        assertNotEquals(text, changedText);
        Path changed = file("changed.yml", changedText);

        LaunchResult diff = run(launcher, "diff", changed.toString(), "-o", "json", "--exit-code");
        assertEquals(3, diff.exitCode(), "changes with deletes: " + diff.getOutput() + diff.getErrorOutput());
        JsonNode plan = JSON.readTree(diff.getOutput());
        List<String> changes = new ArrayList<>();
        for (JsonNode c : plan.get("changes")) {
            changes.add(c.get("action").asText() + " " + c.get("kind").asText());
        }
        changes.sort(null);
        assertEquals(List.of("delete acl", "delete consumer", "delete key-auth",
                "update basic-auth", "update consumer", "update key-auth", "update sni"),
                changes, "a rename, a rotation and a move are updates, not delete and create: " + diff.getOutput());

        for (String format : List.of("text", "json", "markdown", "junit")) {
            assertNoSecret(run(launcher, "diff", changed.toString(), "-o", format).getOutput());
        }
        Path planFile = tmp.resolve("plan.json");
        run(launcher, "diff", changed.toString(), "--plan-out", planFile.toString());
        assertNoSecret(Files.readString(planFile));

        LaunchResult sync = ok(launcher, "sync", changed.toString(), "--allow-deletes");
        assertNoSecret(sync.getOutput() + sync.getErrorOutput());
        ObjectNode renamed = kong.find("consumers", "mobile-application");
        assertEquals(mobileId, renamed.get("id").asText(), "the renamed consumer keeps its id (custom_id app-1)");
        assertEquals(keyAuthId, kong.all("keyauth_credentials").get(0).get("id").asText(), "the key is updated in place");
        assertEquals("mobile-key-2", kong.all("keyauth_credentials").get(0).get("key").asText());
        assertEquals(StoredSecrets.basicAuthHash("second-password", mobileId),
                kong.all("basicauth_credentials").get(0).get("password").asText(), "the new password is stored");
        ObjectNode www = kong.find("snis", "www.banking.example");
        assertEquals(wwwId, www.get("id").asText());
        assertNotEquals("7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", www.get("certificate").get("id").asText(),
                "the SNI now points at the matrix certificate");
        assertEquals(before - 3, kong.entityCount(), "web-app left with its key and its ACL, and nothing else");

        kong.clearRequests();
        ok(launcher, "sync", changed.toString(), "--allow-deletes");
        assertEquals(List.of(), writeLines(kong), "the rotated password compares equal to its stored hash");
    }

    @Test
    void badInputOnTheNewKindsNamesTheLineAndTheFieldOffline(QuarkusMainLauncher launcher) throws Exception {
        String text = Files.readString(FILE);
        record Case(String from, String to, String expected, String at) {
            Case(String from, String to, String expected) {
                this(from, to, expected, to.strip().lines().reduce((a, b) -> b).orElseThrow());
            }
        }
        List<Case> cases = List.of(
                new Case("        algorithm: RS256\n", "        algorithm: RS257\n", "algorithm"),
                new Case("    kid: kid-1\n", "    kid: kid-1\n    jwk: not-json\n", "'jwk', 'pem'", "- name: signing-key"),
                new Case("    set: banking-keys\n", "    set: no-such-set\n", "no-such-set"),
                new Case("      - group: admins\n", "      - group: \"\"\n", "group"),
                new Case("        redirect_uris: [https://mobile.banking.example/cb]\n",
                        "        redirect_uris: [not a url]\n", "redirect_uris"),
                new Case("      - api.banking.example\n", "      - \"*.*.banking.example\"\n", "name"));
        for (Case c : cases) {
            assertTrue(text.contains(c.from), c.from);
            Path bad = file("bad-" + cases.indexOf(c) + ".yml", text.replace(c.from, c.to));
            int line = lineOf(text.replace(c.from, c.to), c.at);
            LaunchResult r = run(launcher, "validate", bad.toString());
            assertEquals(1, r.exitCode(), c + ": " + r.getOutput());
            String err = r.getErrorOutput();
            assertTrue(err.contains(bad + ":" + line + ":"), c + " names the line " + line + ": " + err);
            assertTrue(err.contains(c.expected), c + " names the field: " + err);
            assertNoSecret(err);
        }
        // an id the file does not hold may be Kong's: offline it is valid, against Kong it must exist
        String unknown = text.replace("    client_certificate: 7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d\n",
                "    client_certificate: 00000000-0000-4000-8000-000000000000\n");
        Path dangling = file("dangling.yml", unknown);
        ok(launcher, "validate", dangling.toString());
        LaunchResult missing = run(launcher, "sync", dangling.toString());
        assertEquals(1, missing.exitCode(), missing.getOutput());
        assertTrue(missing.getErrorOutput().contains(dangling + ":" + lineOf(unknown, "client_certificate: 0000")
                + ":") && missing.getErrorOutput().contains("client_certificate"), missing.getErrorOutput());

        LaunchResult dup = run(launcher, "sync", file("dup.yml", text.replace("      - key: web-key-1\n",
                "      - key: mobile-key-1\n")).toString());
        assertEquals(1, dup.exitCode());
        assertTrue(dup.getErrorOutput().contains("key-auth"), dup.getErrorOutput());
        assertNoSecret(dup.getOutput() + dup.getErrorOutput());
        assertEquals(List.of(), writeLines(kong), "nothing is applied");
    }

    /** Kong's own refusal names the value it found twice; kongsync passes the refusal on without the secret. */
    @Test
    void kongsRefusalOfADuplicateKeyDoesNotPrintTheKey(QuarkusMainLauncher launcher) {
        admin("PUT", "/consumers/someone-else", "{}", 200);
        admin("POST", "/consumers/someone-else/key-auth", "{\"key\": \"mobile-key-1\"}", 201);
        LaunchResult r = run(launcher, "sync", FILE.toString(), "-o", "json");
        assertEquals(4, r.exitCode(), r.getOutput() + r.getErrorOutput());
        assertTrue((r.getOutput() + r.getErrorOutput()).contains("UNIQUE violation"), r.getOutput() + r.getErrorOutput());
        assertNoSecret(r.getOutput() + r.getErrorOutput());
    }

    static Map<String, Integer> createdByKind(JsonNode report) {
        Map<String, Integer> n = new TreeMap<>();
        for (JsonNode c : report.get("changes")) {
            assertEquals("create", c.get("action").asText(), c.toString());
            n.merge(c.get("kind").asText(), 1, Integer::sum);
        }
        return n;
    }

    static final java.util.regex.Pattern UUID = java.util.regex.Pattern.compile(
            "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /**
     * Checks that each id a write refers to ({@code {"id": ...}} in its body, an id in the array of a service's
     * {@code ca_certificates}, or a parent's id in its path) was written earlier, when the run writes it at all.
     * Returns how many such references were checked.
     */
    static int assertReferencesWrittenFirst(List<dev.kongsync.testkong.TestKong.Request> writes) throws Exception {
        List<String> ids = new ArrayList<>();
        for (var w : writes) {
            ids.add(writtenId(w));
        }
        int checked = 0;
        for (int i = 0; i < writes.size(); i++) {
            var w = writes.get(i);
            List<String> refs = new ArrayList<>();
            String[] segments = w.path().split("/");
            for (int s = 0; s < segments.length - ("POST".equals(w.method()) ? 0 : 1); s++) {
                if (UUID.matcher(segments[s]).matches()) {
                    refs.add(segments[s]);
                }
            }
            JsonNode body = w.body() == null || w.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(w.body());
            body.fields().forEachRemaining(f -> {
                if (f.getValue().isObject() && f.getValue().has("id")) {
                    refs.add(f.getValue().get("id").asText());
                }
                if (f.getKey().equals("ca_certificates") && f.getValue().isArray()) {
                    f.getValue().forEach(v -> refs.add(v.asText()));
                }
            });
            for (String ref : refs) {
                int at = ids.indexOf(ref);
                if (at >= 0) {
                    assertTrue(at < i, w.method() + " " + w.path() + " references " + ref + ", written only after it");
                    checked++;
                }
            }
        }
        return checked;
    }

    static String writtenId(dev.kongsync.testkong.TestKong.Request w) throws Exception {
        if ("POST".equals(w.method())) {
            JsonNode id = JSON.readTree(w.body()).get("id");
            return id == null ? null : id.asText();
        }
        return w.path().substring(w.path().lastIndexOf('/') + 1);
    }

    static void assertNoSecret(String out) {
        for (String s : SECRETS) {
            assertFalse(out.contains(s), "a secret (" + s + ") was printed:\n" + out);
        }
    }

    static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment.strip())) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(fragment);
    }
}
