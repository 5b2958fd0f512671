package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The banking configuration through sync and diff against the test Kong, over real HTTP. */
@QuarkusMainTest
class CoreE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void bankingIntoEmptyKongThenZeroDiffAndNoWrites(QuarkusMainLauncher launcher) {
        LaunchResult sync = ok(launcher, "sync", "kong/kong.yml");
        assertTrue(sync.getOutput().contains("Applied 14 changes: 14 created, 0 updated, 0 deleted."), sync.getOutput());
        assertEquals(14, kong.writes().size());
        assertTrue(kong.writes().stream().allMatch(w -> w.method().equals("PUT")), "creates are PUT by id");
        assertEquals(4, kong.all("services").size());
        assertEquals(5, kong.all("routes").size());
        assertEquals(5, kong.all("plugins").size());
        ObjectNode auth = kong.find("services", "auth-service");
        assertEquals("auth-service.banking.svc.cluster.local", auth.get("host").asText());
        assertEquals(8001, auth.get("port").asInt());
        assertEquals("[\"banking\"]", auth.get("tags").toString());
        ObjectNode ws = kong.find("routes", "notification-ws-route");
        assertFalse(ws.get("strip_path").asBoolean());
        assertEquals("[\"/ws\"]", ws.get("paths").toString());

        kong.clearRequests();
        LaunchResult diff = ok(launcher, "diff", "kong/kong.yml", "--exit-code");
        assertTrue(diff.getOutput().contains("No changes: Kong matches the files (14 entities in scope)."), diff.getOutput());
        LaunchResult again = ok(launcher, "sync", "kong/kong.yml");
        assertTrue(again.getOutput().contains("Nothing to do"), again.getOutput());
        assertEquals(List.of(), writeLines(kong), "an unchanged entity is never written");
    }

    @Test
    void addingARouteCreatesExactlyThatRoute(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("      - name: auth-route\n", "      - name: login-route\n        paths: [\"/api/login\"]\n"
                + "      - name: auth-route\n");
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", changed.toString(), "--exit-code");
        assertEquals(2, diff.exitCode());
        assertEquals("+ route login-route  paths: [\"/api/login\"], service: \"auth-service\"\n"
                + "Summary: 1 to create, 0 to update, 0 to delete (1 change).",
                diff.getOutput().trim());
        ok(launcher, "sync", changed.toString());
        assertEquals(1, kong.writes().size());
        assertTrue(kong.writes().get(0).path().startsWith("/routes/"));
        ObjectNode login = kong.find("routes", "login-route");
        assertEquals(kong.find("services", "auth-service").get("id"), login.get("service").get("id"));
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void modifyingANestedFieldShowsOnlyThatField(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("\"X-Session\",\n                    \"X-Admin-Secret\"]",
                "\"X-Session\",\n                    \"X-Admin-Secret\", \"X-Request-Id\"]");
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", changed.toString(), "--exit-code");
        assertEquals(2, diff.exitCode());
        assertEquals("~ plugin cors (service account-service)  config.headers: "
                + "[\"Accept\",\"Accept-Version\",\"Content-Length\",\"Content-MD5\",\"Content-Type\",\"Date\",\"X-Session\",\"X-Admin-Secret\"]"
                + " -> [\"Accept\",\"Accept-Version\",\"Content-Length\",\"Content-MD5\",\"Content-Type\",\"Date\",\"X-Session\",\"X-Admin-Secret\",\"X-Request-Id\"]\n"
                + "Summary: 0 to create, 1 to update, 0 to delete (1 change).", diff.getOutput().trim());
        String pluginId = kong.all("plugins").stream()
                .filter(p -> p.get("config").path("headers").toString().contains("X-Admin-Secret"))
                .findFirst().orElseThrow().get("id").asText();
        ok(launcher, "sync", changed.toString());
        assertEquals(List.of("PUT /plugins/" + pluginId), writeLines(kong), "one PUT, on the plugin's own id");
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void removingARouteDeletesIt(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        String id = kong.find("routes", "transfer-route").get("id").asText();
        Path changed = banking("    routes:\n      - name: transfer-route\n        paths: [\"/api/transfer\"]\n        strip_path: true\n", "");
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", changed.toString(), "--exit-code");
        assertEquals(3, diff.exitCode(), "deletes pending");
        assertEquals("- route transfer-route\nSummary: 0 to create, 0 to update, 1 to delete (1 change).",
                diff.getOutput().trim());
        ok(launcher, "sync", changed.toString());
        assertEquals(List.of("DELETE /routes/" + id), writeLines(kong));
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void renamingAServiceUpdatesItInPlace(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        String id = kong.find("services", "transfer-service").get("id").asText();
        Path changed = banking("- name: transfer-service", "- name: payments-service");
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", changed.toString(), "--exit-code");
        assertEquals(2, diff.exitCode());
        assertEquals("~ service payments-service (was transfer-service)  name: \"transfer-service\" -> \"payments-service\"\n"
                + "Summary: 0 to create, 1 to update, 0 to delete (1 change).", diff.getOutput().trim());
        ok(launcher, "sync", changed.toString());
        assertEquals(List.of("PUT /services/" + id), writeLines(kong), "the service keeps its id; routes and plugins stay");
        assertEquals(id, kong.find("services", "payments-service").get("id").asText());
        ok(launcher, "diff", changed.toString(), "--exit-code");
    }

    @Test
    void removingAServiceDeletesChildrenFirst(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        String text = "_format_version: \"3.0\"\n_info:\n  select_tags: [banking]\n"
                + "services:\n  - name: auth-service\n    url: http://auth-service.banking.svc.cluster.local:8001\n"
                + "    routes:\n      - name: auth-route\n        paths: [\"/api/auth\"]\n";
        Path smaller = file("smaller.yml", text);
        kong.clearRequests();
        LaunchResult sync = ok(launcher, "sync", smaller.toString());
        assertTrue(sync.getOutput().contains("Applied 12 changes: 0 created, 0 updated, 12 deleted."), sync.getOutput());
        assertEquals(1, kong.all("services").size());
        assertEquals(1, kong.all("routes").size());
        assertEquals(0, kong.all("plugins").size());
        ok(launcher, "diff", smaller.toString(), "--exit-code");
    }

    @Test
    void movingAPluginFromServiceToRouteKeepsIt(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        String text = "_format_version: \"3.0\"\n_info:\n  select_tags: [banking]\n"
                + "services:\n  - name: auth-service\n    url: http://auth-service.banking.svc.cluster.local:8001\n"
                + "    routes:\n      - name: auth-route\n        paths: [\"/api/auth\"]\n"
                + "    plugins:\n      - name: rate-limiting\n        config: {minute: 60, policy: local}\n";
        Path before = file("before.yml", text);
        ok(launcher, "sync", before.toString());
        String id = kong.all("plugins").get(0).get("id").asText();
        Path after = file("after.yml", text.replace("    plugins:\n      - name: rate-limiting\n        config: {minute: 60, policy: local}\n", "")
                .replace("        paths: [\"/api/auth\"]\n", "        paths: [\"/api/auth\"]\n        plugins:\n"
                        + "          - name: rate-limiting\n            config: {minute: 60, policy: local}\n"));
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", after.toString(), "--exit-code");
        assertEquals(2, diff.exitCode());
        assertEquals("~ plugin rate-limiting (route auth-route) (was service auth-service)\n"
                + "    service: \"auth-service\" -> null\n"
                + "    route: null -> \"auth-route\"\n"
                + "Summary: 0 to create, 1 to update, 0 to delete (1 change).", diff.getOutput().trim());
        ok(launcher, "sync", after.toString());
        assertEquals(List.of("PUT /plugins/" + id), writeLines(kong));
        ObjectNode p = kong.find("plugins", id);
        assertTrue(p.get("service").isNull());
        assertEquals(kong.find("routes", "auth-route").get("id"), p.get("route").get("id"));
        ok(launcher, "diff", after.toString(), "--exit-code");
    }

    @Test
    void selectTagsLeaveForeignEntitiesAlone(QuarkusMainLauncher launcher) {
        Path other = file("other.yml", "_format_version: \"3.0\"\n_info:\n  select_tags: [other-team]\n"
                + "services:\n  - name: billing\n    url: http://billing.other.svc.cluster.local:80\n"
                + "    routes:\n      - name: billing-route\n        paths: [\"/billing\"]\n"
                + "plugins:\n  - name: prometheus\n    service: billing\n");
        ok(launcher, "sync", other.toString());
        ok(launcher, "sync", "kong/kong.yml");
        assertEquals(5, kong.all("services").size());
        LaunchResult diffOther = ok(launcher, "diff", other.toString(), "--exit-code");
        assertTrue(diffOther.getOutput().contains("(3 entities in scope)"), diffOther.getOutput());
        Path empty = file("empty.yml", "_format_version: \"3.0\"\n_info:\n  select_tags: [banking]\n");
        kong.clearRequests();
        ok(launcher, "sync", empty.toString(), "--allow-empty");
        assertEquals(14, kong.writes().size());
        assertTrue(kong.writes().stream().allMatch(w -> w.method().equals("DELETE")));
        assertEquals(1, kong.all("services").size());
        assertEquals("billing", kong.all("services").get(0).get("name").asText());
        assertEquals(1, kong.all("plugins").size());
        ok(launcher, "diff", other.toString(), "--exit-code");
    }

    @Test
    void emptyFileIsRefusedWithoutAllowEmpty(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        Path empty = file("empty.yml", "_format_version: \"3.0\"\n");
        kong.clearRequests();
        LaunchResult r = run(launcher, "sync", empty.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("the files declare no entities"), r.getErrorOutput());
        assertEquals(List.of(), writeLines(kong), "refused before any write");
    }

    @Test
    void dbLessKongIsRefused(QuarkusMainLauncher launcher) {
        kong.dbLess(true);
        LaunchResult r = run(launcher, "sync", "kong/kong.yml");
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("database = off"), r.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
        LaunchResult ping = ok(launcher, "ping");
        assertTrue(ping.getOutput().contains("DB-less"), ping.getOutput());
    }

    @Test
    void dumpRoundTripsToZeroChanges(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path dump = tmp.resolve("dump.yml");
        ok(launcher, "dump", "-o", dump.toString(), "--select-tag", "banking");
        String text = java.nio.file.Files.readString(dump);
        assertTrue(text.contains("select_tags"), text);
        assertFalse(text.contains("created_at"), text);
        assertFalse(text.contains("\n    id:"), "no ids by default:\n" + text);
        assertFalse(text.contains("read_timeout"), "defaults stripped:\n" + text);
        kong.clearRequests();
        LaunchResult diff = ok(launcher, "diff", dump.toString(), "--exit-code");
        assertTrue(diff.getOutput().contains("No changes"), diff.getOutput());
        Path whole = tmp.resolve("whole.json");
        ok(launcher, "dump", "-o", whole.toString());
        JsonNode doc = JSON.readTree(whole.toFile());
        assertEquals("3.0", doc.get("_format_version").asText());
        assertEquals(4, doc.get("services").size());
        assertEquals(1, doc.get("plugins").size());
        ok(launcher, "diff", whole.toString(), "--exit-code");
    }

    @Test
    void jsonDiffIsOneStableDocument(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        LaunchResult r = run(launcher, "diff", changed.toString(), "-o", "json", "--exit-code");
        assertEquals(2, r.exitCode());
        JsonNode doc = JSON.readTree(r.getOutput());
        assertEquals("diff", doc.get("command").asText());
        assertEquals("3.9.1", doc.get("kong").get("version").asText());
        assertEquals(1, doc.get("summary").get("update").asInt());
        assertEquals(1, doc.get("summary").get("total").asInt());
        JsonNode change = doc.get("changes").get(0);
        assertEquals("update", change.get("action").asText());
        assertEquals("route", change.get("kind").asText());
        assertEquals("auth-route", change.get("name").asText());
        assertEquals("paths", change.get("fields").get(0).get("path").asText());
        assertEquals("[\"/api/auth\"]", change.get("fields").get(0).get("before").toString());
        assertEquals("[\"/api/auth\",\"/api/login\"]", change.get("fields").get(0).get("after").toString());
        assertEquals(0, doc.get("errors").size());

        LaunchResult bad = run(launcher, "diff", file("bad.yml", "_format_version: \"2.1\"\n").toString(), "-o", "json");
        assertEquals(1, bad.exitCode());
        JsonNode err = JSON.readTree(bad.getOutput());
        assertEquals(1, err.get("errors").size());
        assertEquals(1, err.get("errors").get(0).get("line").asInt());
        assertNotNull(err.get("errors").get(0).get("file").asText());
        assertNull(err.get("result").textValue());
    }

    @Test
    void adminTokenIsSentAndNeverPrinted(QuarkusMainLauncher launcher) throws Exception {
        String token = "s3cr3t-admin-token-value";
        kong.requireToken(token);
        LaunchResult denied = run(launcher, "diff", "kong/kong.yml");
        assertEquals(1, denied.exitCode());
        assertTrue(denied.getErrorOutput().contains("HTTP 401"), denied.getErrorOutput());
        LaunchResult r = ok(launcher, "sync", "kong/kong.yml", "--kong-admin-token", token, "--header", "X-Trace:abc",
                "-o", "json");
        assertTrue(kong.requests().stream().allMatch(q -> !q.method().equals("PUT")
                || (token.equals(q.headers().get("Kong-Admin-Token")) && "abc".equals(q.headers().get("X-Trace")))));
        assertFalse(r.getOutput().contains(token));
        assertFalse(r.getErrorOutput().contains(token));
        JsonNode doc = JSON.readTree(r.getOutput());
        assertTrue(doc.get("summary").get("in_sync").asBoolean(), "after a complete sync Kong matches the files");
        assertTrue(doc.get("ok").asBoolean());
    }

    @Test
    void nameTakenOutsideTheScopeIsExplained(QuarkusMainLauncher launcher) throws Exception {
        Path untagged = file("untagged.yml", "_format_version: \"3.0\"\nservices:\n  - name: auth-service\n"
                + "    host: legacy.example\n");
        ok(launcher, "sync", untagged.toString());
        LaunchResult r = run(launcher, "sync", "kong/kong.yml");
        assertEquals(4, r.exitCode());
        assertTrue(r.getOutput().contains("FAILED: PUT /services/"), r.getOutput());
        assertTrue(r.getOutput().contains("outside the select-tag scope"), r.getOutput());
    }

    @Test
    void aReferenceByIdToAnEntityOnlyKongHoldsResolvesAgainstKong(QuarkusMainLauncher launcher) throws Exception {
        // a certificate another team manages (no file of this one declares it)
        Map<String, Object> cert = new java.util.LinkedHashMap<>(dev.kongsync.kind.Recorded.body(
                "certificate PUT by id with snis"));
        cert.remove("snis");
        String certId = "0e6e6b7c-7c7e-4c9a-9d7e-0d1c2b3a4f5e";
        java.net.http.HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(kong.url() + "/certificates/" + certId))
                        .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(cert)))
                        .header("Content-Type", "application/json").build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        String text = "_format_version: \"3.0\"\n_info:\n  select_tags: [secure]\nservices:\n  - name: secure\n"
                + "    url: https://secure.banking.svc.cluster.local:8443\n    retries: 3\n"
                + "    client_certificate: " + certId + "\n";
        ok(launcher, "sync", file("secure.yml", text).toString());
        ok(launcher, "diff", file("secure.yml", text).toString(), "--exit-code");
        ok(launcher, "sync", file("secure2.yml", text.replace("retries: 3", "retries: 4")).toString());
        ObjectNode after = kong.find("services", "secure");
        assertEquals(4, after.get("retries").asInt());
        assertEquals(certId, after.get("client_certificate").get("id").asText());
        assertNotNull(kong.find("certificates", certId), "the certificate outside the scope is left alone");

        kong.clearRequests();
        LaunchResult missing = run(launcher, "sync", file("secure3.yml", text.replace(certId,
                "11111111-2222-4333-8444-555555555555")).toString());
        assertEquals(1, missing.exitCode());
        assertTrue(missing.getErrorOutput().contains("services[0].client_certificate: service secure references") && missing.getErrorOutput().contains(
                "references certificate 11111111-2222-4333-8444-555555555555, which neither the files nor Kong have"),
                missing.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void dryRunWritesNothing(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        Path changed = banking("paths: [\"/api/auth\"]", "paths: [\"/api/auth\", \"/api/login\"]");
        kong.clearRequests();
        LaunchResult r = ok(launcher, "sync", changed.toString(), "--dry-run");
        assertTrue(r.getOutput().contains("~ route auth-route  paths:"), r.getOutput());
        assertEquals(List.of(), writeLines(kong));
    }

    @Test
    void severalFilesMergeIntoOneConfiguration(QuarkusMainLauncher launcher) {
        Path services = file("services.yml", "_format_version: \"3.0\"\nservices:\n  - name: a\n"
                + "    url: http://a.banking.svc.cluster.local:8001\n");
        Path routes = file("routes.yml", "_format_version: \"3.0\"\nroutes:\n  - name: a-route\n    service: a\n"
                + "    paths: [/a]\nplugins:\n  - name: cors\n    route: a-route\n");
        ok(launcher, "sync", services.toString(), routes.toString());
        assertEquals(kong.find("services", "a").get("id"), kong.find("routes", "a-route").get("service").get("id"));
        assertEquals(kong.find("routes", "a-route").get("id"), kong.all("plugins").get(0).get("route").get("id"));
        kong.clearRequests();
        ok(launcher, "diff", services.toString(), routes.toString(), "--exit-code");
        LaunchResult alone = run(launcher, "validate", routes.toString());
        assertEquals(1, alone.exitCode(), "the route's service is in the other file");
    }

    @Test
    void tokenFromAFile(QuarkusMainLauncher launcher) throws Exception {
        kong.requireToken("t0ken-from-a-mounted-secret");
        Path tokenFile = file("token", "t0ken-from-a-mounted-secret\n");
        LaunchResult r = ok(launcher, "sync", "kong/kong.yml", "--kong-admin-token-file", tokenFile.toString());
        assertFalse(r.getOutput().contains("t0ken") || r.getErrorOutput().contains("t0ken"));
    }

    @Test
    void dumpWithIdsRoundTripsById(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path dump = tmp.resolve("with-ids.yml");
        ok(launcher, "dump", "-o", dump.toString(), "--select-tag", "banking", "--with-id");
        String text = java.nio.file.Files.readString(dump);
        assertTrue(text.contains("id: " + kong.find("services", "auth-service").get("id").asText()), text);
        kong.clearRequests();
        ok(launcher, "diff", dump.toString(), "--exit-code");
    }
}
