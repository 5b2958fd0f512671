package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema engine ported from kong/db/schema/init.lua, and kong/db/errors.lua's messages, through the API. */
class KongSchemaTest extends TestKongCase {
    private static String message(KongHttp.Reply r) {
        return r.body().get("message").asText();
    }

    @Test
    void everyBundledPluginIsJudgedByItsSchema() throws Exception {
        java.nio.file.Path dir = java.nio.file.Path.of("src/main/resources/kong-schemas/3.9/plugin-schemas");
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(dir)) {
            for (java.nio.file.Path f : files.sorted().toList()) {
                String name = f.getFileName().toString().replace(".json", "");
                KongHttp.Reply r = http.post("/plugins", "{'name': '" + name + "'}");
                assertTrue(r.status() == 201 || r.status() == 400, name + ": " + r.status() + " " + r.body());
                KongHttp.Reply v = http.post("/schemas/plugins/validate", "{'name': '" + name + "', 'config': {}}");
                assertTrue(v.status() == 200 || v.status() == 400, name + ": " + v.status() + " " + v.body());
            }
        }
    }

    @Test
    void emptyStringsAreRefusedAndReadBackAsNull() {
        // validate_field: "empty strings are not accepted by default" (len_min = 1)
        assertEquals("schema violation (name: length must be at least 1)",
                message(http.post("/services", "{'name': '', 'host': 'a.example'}")));
        // redis_password has len_min = 0 in rate-limiting's schema
        assertEquals(201, http.post("/plugins", "{'name': 'rate-limiting', 'config': {'minute': 1, 'redis': "
                + "{'password': ''}}}").status());
    }

    @Test
    void setsDropDuplicatesArraysDoNot() {
        // make_set / make_array of process_auto_fields
        JsonNode s = http.post("/services", "{'host': 'a.example', 'tags': ['x', 'x', 'y']}").body();
        assertEquals("[\"x\",\"y\"]", s.get("tags").toString());
        JsonNode r = http.post("/routes", "{'paths': ['/a', '/a']}").body();
        assertEquals("[\"/a\",\"/a\"]", r.get("paths").toString());
    }

    @Test
    void patchMergesRecordsAndChecksTheWhole() {
        // check_update: merge_values merges records (config), replaces the rest; validate_update's wording
        String id = http.post("/plugins", "{'name': 'rate-limiting', 'config': {'minute': 5, 'hour': 100}}").body()
                .get("id").asText();
        JsonNode p = http.patch("/plugins/" + id, "{'config': {'minute': 6}}").body();
        assertEquals(100, p.at("/config/hour").asInt());
        assertEquals("schema violation (config: The limit for hour(1.0) cannot be lower than the limit for "
                + "minute(6.0))", message(http.patch("/plugins/" + id, "{'config': {'hour': 1}}")));
        String c = http.post("/consumers", "{'username': 'u'}").body().get("id").asText();
        assertEquals("schema violation (when updating, at least one of these fields must be non-empty: 'custom_id', "
                + "'username')", message(http.patch("/consumers/" + c, "{'username': null}")));
    }

    @Test
    void nestedErrorsAreWrittenWithPenlight() {
        // kong/db/errors.lua schema_violation: a table under a field's sub-field is pl.pretty.write(value)
        KongHttp.Reply r = http.post("/upstreams", "{'name': 'u', 'healthchecks': {'active': {'healthy': "
                + "{'interval': -1}}}}");
        assertEquals("schema violation (healthchecks.active: {\n  healthy = {\n    interval = \"value should be "
                + "between 0 and 65535\"\n  }\n})", message(r));
        assertEquals("{\"active\":{\"healthy\":{\"interval\":\"value should be between 0 and 65535\"}}}",
                r.body().at("/fields/healthchecks").toString());
    }

    @Test
    void conditionalChecks() {
        // entity_checks: conditional (services), mutually_required (certificates), distinct (upstreams)
        KongHttp.Reply r = http.post("/services", "{'host': 'a.example', 'protocol': 'tcp', 'path': '/x'}");
        assertEquals("2 schema violations (failed conditional validation given value of field 'protocol'; path: "
                + "value must be null)", message(r));
        assertEquals("2 schema violations (failed conditional validation given value of field 'hash_fallback'; "
                + "hash_fallback_header: required field missing)",
                message(http.post("/upstreams", "{'name': 'u', 'hash_on': 'ip', 'hash_fallback': 'header'}")));
        JsonNode hashed = http.post("/upstreams", "{'name': 'u2', 'hash_on': 'header', 'hash_on_header': 'x'}")
                .body();
        assertEquals("consistent-hashing", hashed.get("algorithm").asText(), "upstreams.lua's hash_on shorthand");
    }

    @Test
    void shorthandsAndTheirMismatch() {
        // shorthand_fields with deprecation: filled back on reads, and both forms must agree
        JsonNode p = http.post("/plugins", "{'name': 'rate-limiting', 'config': {'minute': 1, 'redis_host': "
                + "'r.example'}}").body();
        assertEquals("r.example", p.at("/config/redis/host").asText());
        assertEquals("r.example", p.at("/config/redis_host").asText());
        // a record's process_auto_fields returns its shorthand errors as they are: not under "config"
        assertEquals("schema violation (redis_host: both deprecated and new field are used but their values "
                + "mismatch: redis_host = a.example vs redis.host = b.example)",
                message(http.post("/plugins", "{'name': 'rate-limiting', 'config': {'minute': 1, 'redis_host': "
                        + "'a.example', 'redis': {'host': 'b.example'}}}")));
        JsonNode s = http.post("/services", "{'url': 'grpcs://g.example'}").body();
        assertEquals(80, s.get("port").asInt(), "services.lua: no port and neither http nor https: 80");
        assertEquals("grpcs", s.get("protocol").asText());
    }

    @Test
    void foreignKeysUnresolvedAndInvalid() {
        // kong/db/dao/init.lua resolve_foreign: every unique field given is looked up; all that fail are named
        assertEquals("2 foreign keys unresolved (consumer.custom_id: the foreign key cannot be resolved with "
                + "'{custom_id=\"a\"}' for an existing 'consumers' entity; consumer.username: the foreign key cannot "
                + "be resolved with '{username=\"b\"}' for an existing 'consumers' entity)",
                message(http.post("/plugins", "{'name': 'rate-limiting', 'config': {'minute': 1}, 'consumer': "
                        + "{'custom_id': 'a', 'username': 'b'}}")));
        assertEquals("schema violation (consumer.foo: unknown field)", message(http.post("/plugins",
                "{'name': 'rate-limiting', 'config': {'minute': 1}, 'consumer': {'foo': 1}}")));
        // auth plugins take no consumer (typedefs.no_consumer: eq = null)
        assertEquals("schema violation (consumer: value must be null)",
                message(http.post("/plugins", "{'name': 'cors', 'consumer': {'foo': 1}}")));
    }
}
