package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rules of Kong 3.9.1 the transcripts do not show, implemented from its source: each test names the file. The
 * answers are what that code gives.
 */
class KongRulesTest extends TestKongCase {
    private static JsonNode ok(KongHttp.Reply r, int status) {
        assertEquals(status, r.status(), String.valueOf(r.body()));
        return r.body();
    }

    @Test
    void uniqueViolationsAreNamedFromTheConstraintName() {
        // kong/db/strategies/postgres/init.lua toerror: a duplicate id is a primary key violation unless a unique
        // field's name is in the constraint's name: "hmacauth_credentials_pkey" has none, "jwt_secrets_pkey" has "key"
        ok(http.put("/consumers/c", "{}"), 200);
        String id = "11111111-1111-4111-8111-111111111111";
        ok(http.post("/consumers/c/hmac-auth", "{'id': '" + id + "', 'username': 'h'}"), 201);
        JsonNode pk = ok(http.post("/consumers/c/hmac-auth", "{'id': '" + id + "', 'username': 'h'}"), 400);
        assertEquals("primary key violation", pk.get("name").asText());
        String jid = "22222222-2222-4222-8222-222222222222";
        ok(http.post("/consumers/c/jwt", "{'id': '" + jid + "', 'key': 'k'}"), 201);
        JsonNode unique = ok(http.post("/consumers/c/jwt", "{'id': '" + jid + "', 'key': 'k'}"), 409);
        assertEquals("UNIQUE violation detected on '{key=\"k\"}'", unique.get("message").asText());
        // two unique fields: the conflicting one is named
        ok(http.post("/consumers", "{'username': 'u1', 'custom_id': 'x1'}"), 201);
        assertEquals("{\"custom_id\":\"x1\"}",
                ok(http.post("/consumers", "{'username': 'u2', 'custom_id': 'x1'}"), 409).get("fields").toString());
    }

    @Test
    void keysAndKeySetsCannotBeUpsertedByName() {
        // kong/db/dao/init.lua upsert_by_name + kong/db/migrations/core/017_300_to_310.lua (name UNIQUE without
        // ws_id): the ON CONFLICT (ws_id, name) fails, also for an existing name; schema errors still come first
        ok(http.post("/key-sets", "{'name': 'ks'}"), 201);
        assertEquals("An unexpected error occurred", ok(http.put("/key-sets/ks", "{}"), 500).get("message").asText());
        assertEquals(2, ok(http.put("/key-sets/ks", "{'tags': 'x'}"), 400).get("code").asInt());
        ok(http.patch("/key-sets/ks", "{'tags': ['t']}"), 200);
        ok(http.delete("/key-sets/ks"), 204);
    }

    @Test
    void targets() {
        ok(http.put("/upstreams/u", "{}"), 200);
        // kong/db/dao/targets.lua: formatted host:port, 8000 by default
        JsonNode t = ok(http.post("/upstreams/u/targets", "{'target': '10.0.0.1'}"), 201);
        assertEquals("10.0.0.1:8000", t.get("target").asText());
        assertEquals("{\"target\":\"10.0.0.1:8000\",\"upstream\":{\"id\":\"" + t.at("/upstream/id").asText() + "\"}}",
                ok(http.post("/upstreams/u/targets", "{'target': '10.0.0.1:8000'}"), 409).get("fields").toString());
        // kong/api/routes/upstreams.lua: by target, and PUT of an existing one updates it (merges)
        ok(http.patch("/upstreams/u/targets/" + t.get("id").asText(), "{'tags': ['a']}"), 200);
        JsonNode put = ok(http.put("/upstreams/u/targets/10.0.0.1:8000", "{'weight': 5}"), 200);
        assertEquals("[\"a\"]", put.get("tags").toString());
        assertEquals(5, put.get("weight").asInt());
        // newest first, offsets are positions
        kong.clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(10)));
        ok(http.post("/upstreams/u/targets", "{'target': '10.0.0.2:80'}"), 201);
        JsonNode page = ok(http.get("/upstreams/u/targets?size=1"), 200);
        assertEquals("10.0.0.2:80", page.at("/data/0/target").asText());
        assertEquals("/upstreams/u/targets?offset=1", page.get("next").asText());
        assertEquals("10.0.0.1:8000", ok(http.get("/upstreams/u/targets?offset=1"), 200).at("/data/0/target").asText());
        assertEquals(404, http.get("/targets/" + t.get("id").asText()).status());
    }

    @Test
    void keyAuthTtlCountsDownAndExpires() {
        // kong/db/strategies/postgres/init.lua: ttl = created_at (ngx.time) + ttl; read as FLOOR(ttl - now)
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00.500Z"));
        kong.clock(clock);
        ok(http.put("/consumers/c", "{}"), 200);
        assertEquals(59, ok(http.post("/consumers/c/key-auth", "{'key': 'k', 'ttl': 60}"), 201).get("ttl").asInt());
        clock.now = clock.now.plusSeconds(30);
        assertEquals(29, ok(http.get("/key-auths/k"), 200).get("ttl").asInt());
        clock.now = clock.now.plusSeconds(30);
        assertEquals(404, http.get("/key-auths/k").status());
        assertEquals("invalid option (ttl: must be an integer between 0 and 100000000)",
                ok(http.post("/consumers/c/key-auth", "{'ttl': -1}"), 400).get("message").asText());
        assertEquals("schema violation (ttl: unknown field)",
                ok(http.post("/consumers", "{'username': 'x', 'ttl': 5}"), 400).get("message").asText());
    }

    @Test
    void pluginProtocolsMustMatchTheirRoute() {
        // kong/db/dao/plugins.lua check_protocols_match
        ok(http.put("/services/s", "{'host': 'a.example'}"), 200);
        ok(http.put("/routes/r", "{'paths': ['/r'], 'protocols': ['https'], 'service': {'name': 's'}}"), 200);
        assertEquals("schema violation (protocols: must match the associated route's protocols)",
                ok(http.post("/routes/r/plugins", "{'name': 'cors', 'protocols': ['http']}"), 400).get("message")
                        .asText());
        ok(http.post("/routes/r/plugins", "{'name': 'cors', 'protocols': ['https']}"), 201);
        assertEquals(400, http.post("/services/s/plugins", "{'name': 'cors', 'protocols': ['grpc']}").status());
    }

    @Test
    void certificateDeletesRemoveItsSnisEvenWhenRefused() throws Exception {
        // kong/db/dao/certificates.lua delete: the SNIs go first, then the certificate (which a service may hold)
        JsonNode pair = TestMaterial.certificate();
        JsonNode cert = ok(http.post("/certificates", "{'cert': " + pair.get("cert") + ", 'key': " + pair.get("key")
                + ", 'snis': ['a.example']}"), 201);
        String id = cert.get("id").asText();
        ok(http.put("/services/tls", "{'host': 'a.example', 'protocol': 'https', 'client_certificate': {'id': '" + id
                + "'}}"), 200);
        JsonNode refused = ok(http.delete("/certificates/" + id), 400);
        assertEquals("an existing 'services' entity references this 'certificates' entity",
                refused.get("message").asText());
        assertEquals(0, ok(http.get("/snis"), 200).get("data").size());
        assertEquals("SNI not found", ok(http.get("/certificates/a.example"), 404).get("message").asText());
        assertEquals(6, ok(http.get("/certificates/" + "33333333-3333-4333-8333-333333333333"), 404).get("code")
                .asInt());
    }

    @Test
    void addressingErrors() {
        // kong/db/dao/init.lua validate_unique_row_method (code 10) and DAO:select's primary key check (code 1)
        JsonNode name = ok(http.get("/services/bad%20name"), 400);
        assertEquals("invalid unique name", name.get("name").asText());
        JsonNode pk = ok(http.get("/acls/not-a-uuid"), 400);
        assertEquals("invalid primary key: '{id=\"expected a valid UUID\"}'", pk.get("message").asText());
        // kong/api/endpoints.lua: PATCH by a missing name
        assertEquals("could not find the entity with '{name=\"nope\"}'",
                ok(http.patch("/services/nope", "{'retries': 1}"), 404).get("message").asText());
        // lapis: trailing slash, unknown path, unknown method
        ok(http.get("/services/"), 200);
        assertEquals(404, http.get("/nope").status());
        assertEquals("Method not allowed", ok(http.put("/targets", "{}"), 405).get("message").asText());
        // kong/api/api_helpers.lua: a body needs a known content type; JSON must parse
        assertEquals("Unsupported media type",
                ok(http.raw("POST", "/services", "host=a", "text/plain"), 415).get("message").asText());
        assertEquals("Cannot parse JSON body",
                ok(http.raw("POST", "/services", "{nope", "application/json"), 400).get("message").asText());
    }

    @Test
    void cascadesAndRestrictions() {
        // on_delete of the schemas: cascade (credentials, plugins, targets, keys) or restrict (routes)
        ok(http.put("/consumers/c", "{}"), 200);
        String cred = ok(http.post("/consumers/c/oauth2", "{'name': 'o', 'redirect_uris': ['https://a.example/cb']}"),
                201).get("id").asText();
        ok(http.post("/consumers/c/plugins", "{'name': 'rate-limiting', 'config': {'second': 1}}"), 201);
        ok(http.delete("/consumers/c"), 204);
        assertEquals(0, kong.entityCount());
        ok(http.put("/services/s", "{'host': 'a.example'}"), 200);
        ok(http.put("/routes/r", "{'paths': ['/r'], 'service': {'name': 's'}}"), 200);
        assertEquals("an existing 'routes' entity references this 'services' entity",
                ok(http.delete("/services/s"), 400).get("message").asText());
        assertNull(kong.find("oauth2_credentials", cred));
    }

    @Test
    void caCertificatesReferencedByServices() throws Exception {
        // kong/db/dao/ca_certificates.lua check_ca_reference: code 19, even for a CA certificate that is gone
        String ca = "44444444-4444-4444-8444-444444444444";
        String svc = ok(http.put("/services/s", "{'host': 'a.example', 'protocol': 'https', 'ca_certificates': ['"
                + ca + "']}"), 200).get("id").asText();
        assertEquals("ca certificate " + ca + " is still referenced by services (id = " + svc + ")",
                ok(http.delete("/ca_certificates/" + ca), 400).get("message").asText());
        JsonNode pair = TestMaterial.certificate();
        JsonNode notCa = ok(http.post("/ca_certificates", "{'cert': " + TestMaterial.leaf() + "}"), 400);
        assertEquals("schema violation (certificate does not appear to be a CA because it is missing the \"CA\" basic "
                + "constraint)", notCa.get("message").asText());
        assertEquals("schema violation (please submit only one certificate at a time)",
                ok(http.post("/ca_certificates", "{'cert': " + TestMaterial.twoCertificates(pair) + "}"),
                        400).get("message").asText());
    }

    @Test
    void basicAuthRehashesOnlyWhatItIsGiven() {
        // kong/plugins/basic-auth/daos.lua transformation: input password, needs consumer.id
        ok(http.put("/consumers/a", "{}"), 200);
        String b = ok(http.put("/consumers/b", "{}"), 200).get("id").asText();
        JsonNode cred = ok(http.post("/consumers/a/basic-auth", "{'username': 'u', 'password': 'p'}"), 201);
        String hash = cred.get("password").asText();
        assertEquals(hash, ok(http.patch("/basic-auths/u", "{'tags': ['t']}"), 200).get("password").asText());
        JsonNode moved = ok(http.patch("/basic-auths/u", "{'consumer': {'id': '" + b + "'}}"), 400);
        assertEquals("schema violation (all or none of these fields must be set: 'password', 'consumer.id')",
                moved.get("message").asText());
    }

    @Test
    void routeSubschemasByProtocol() {
        // kong/db/schema/entities/routes_subschemas.lua
        JsonNode tls = ok(http.post("/routes", "{'protocols': ['https'], 'snis': ['*.a.example']}"), 201);
        assertEquals("[\"*.a.example\"]", tls.get("snis").toString());
        assertEquals("2 schema violations ('snis' can only be set when 'protocols' is 'grpcs', 'https', 'tls' or "
                + "'tls_passthrough'; snis: length must be 0)", ok(http.post("/routes", "{'protocols': ['http'], "
                + "'paths': ['/s'], 'snis': ['a.example']}"), 400).get("message").asText());
        JsonNode grpc = ok(http.post("/routes", "{'protocols': ['grpc'], 'paths': ['/g']}"), 201);
        assertEquals(false, grpc.get("strip_path").asBoolean());
        assertEquals("schema violation (paths: cannot set 'paths' when 'protocols' is 'tcp', 'tls', 'tls_passthrough' "
                + "or 'udp')", ok(http.post("/routes", "{'protocols': ['tcp'], 'paths': ['/t'], 'sources': "
                + "[{'ip': '10.0.0.0/8'}]}"), 400).get("message").asText());
        assertEquals("schema violation (must set one of 'sources', 'destinations', 'snis' when 'protocols' is "
                + "'tcp', 'tls' or 'udp')", ok(http.post("/routes", "{'protocols': ['tcp']}"), 400).get("message")
                .asText());
        assertEquals("schema violation (protocols: these sets are mutually exclusive: ('http', 'https'), ('grpc', "
                + "'grpcs'))", ok(http.post("/routes", "{'protocols': ['http', 'grpc'], 'paths': ['/x']}"), 400)
                .get("message").asText());
    }

    @Test
    void foreignEntityEndpoints() {
        // kong/api/endpoints.lua: /routes/:routes/service
        ok(http.put("/services/s", "{'host': 'a.example'}"), 200);
        ok(http.put("/routes/r", "{'paths': ['/r'], 'service': {'name': 's'}}"), 200);
        assertEquals("s", ok(http.get("/routes/r/service"), 200).get("name").asText());
        assertEquals(3, ok(http.patch("/routes/r/service", "{'retries': 3}"), 200).get("retries").asInt());
        assertEquals(405, http.delete("/routes/r/service").status());
        ok(http.put("/routes/bare", "{'paths': ['/b']}"), 200);
        assertEquals(404, http.get("/routes/bare/service").status());
        JsonNode created = ok(http.put("/routes/bare/service", "{'name': 'made', 'host': 'm.example'}"), 200);
        assertEquals(created.get("id"), ok(http.get("/routes/bare"), 200).at("/service/id"));
    }

    @Test
    void dbLessRefusesWrites() {
        // kong/db/strategies/off/init.lua: operation unsupported, code 12
        kong.dbLess(true);
        JsonNode r = ok(http.post("/services", "{'host': 'a.example'}"), 405);
        assertEquals("cannot create 'services' entities when not using a database", r.get("message").asText());
        assertEquals(12, r.get("code").asInt());
    }

    @Test
    void everyServedPathIsListedByGetEndpoints() {
        // kong/api/routes/kong.lua /endpoints (the recorded list)
        assertTrue(new AdminApi(new KongStore(), KongSchema.NODES.objectNode(), () -> false,
                KongSchema.NODES::objectNode).unlisted().isEmpty());
    }

    @Test
    void tags() {
        // kong/db/strategies/postgres/tags.lua: by entity id, the table's name
        ok(http.put("/services/s", "{'host': 'a.example', 'tags': ['t1', 't2']}"), 200);
        ok(http.put("/vaults/v-1", "{'name': 'env', 'tags': ['t1']}"), 200);
        JsonNode all = ok(http.get("/tags"), 200);
        assertEquals(3, all.get("data").size());
        JsonNode one = ok(http.get("/tags/t1?size=1"), 200);
        assertEquals(1, one.get("data").size());
        assertTrue(one.get("next").asText().startsWith("/tags/t1?offset="));
        assertTrue(ok(http.get("/tags/t1"), 200).toString().contains("sm_vaults"));
        assertEquals("invalid unique tag", ok(http.get("/tags/a%2Cb"), 400).get("name").asText());
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
