package dev.kongsync.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.admin.JsonTree;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.kind.Kinds;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kong's pages are decoded from the parser straight into the entities' layout instead of into maps that are then
 * laid out. Both must give the same maps, in the same order, with the same number types: checked on every answer
 * the three recorded transcripts of Kong 3.9.1 hold.
 */
class StateReaderDecodingTest {
    /** kongsync's ObjectMapper for Kong's answers (AdminClient). */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    static List<JsonNode> answers() throws IOException {
        Path dir = Path.of(System.getProperty("kongsync.shared", "../shared"), "fixtures/kong-3.9/responses");
        List<JsonNode> out = new ArrayList<>();
        for (String file : List.of("admin-api-transcript.jsonl", "admin-api-transcript-2.jsonl",
                "admin-api-transcript-3-write-matrix.jsonl")) {
            for (String line : Files.readAllLines(dir.resolve(file))) {
                if (!line.isBlank()) {
                    JsonNode body = JSON.readTree(line).path("response").path("body");
                    if (body.isObject() || body.isArray()) {
                        out.add(body);
                    }
                }
            }
        }
        return out;
    }

    @Test
    void theGenericReaderDecodesAsTheObjectMapperDoes() throws IOException {
        List<String> bodies = new ArrayList<>();
        for (JsonNode body : answers()) {
            bodies.add(JSON.writeValueAsString(body));
        }
        // numbers at the edges of their types, which Kong's answers hold few of
        bodies.add("{\"a\": 1, \"b\": -0, \"c\": 1.0, \"d\": 1e3, \"f\": -9223372036854775808, \"g\": 0.1, "
                + "\"h\": [true, false, null, \"x\", [], {}], \"i\": {\"j\": {\"k\": [1.5, 2]}}, \"a\": 2}");
        for (String text : bodies) {
            Object expected = JSON.readValue(text, Object.class);
            try (JsonParser p = JSON.createParser(text)) {
                Object actual = JsonTree.read(p, p.nextToken());
                assertEquals(expected, actual, text);
                assertEquals(types(expected), types(actual), text);
            }
        }
        assertTrue(bodies.size() > 300, "the transcripts' answers: " + bodies.size());
        // an integer beyond a long is refused by both (Kong's answer is then malformed JSON)
        String tooLong = "{\"e\": 12345678901234567890}";
        assertThrows(IOException.class, () -> JSON.readValue(tooLong, Object.class));
        try (JsonParser p = JSON.createParser(tooLong)) {
            assertThrows(IOException.class, () -> JsonTree.read(p, p.nextToken()));
        }
    }

    @Test
    void pagesDecodedStraightIntoTheLayoutAreTheMapsLaidOut() throws IOException {
        SchemaRegistry schemas = BundledSchemas.registry();
        Set<String> kinds = new TreeSet<>();
        int entities = 0;
        for (JsonNode body : answers()) {
            // the entities of pages, and those answered alone (a create, a read by id)
            List<JsonNode> items = new ArrayList<>();
            body.path("data").forEach(items::add);
            if (body.has("id")) {
                items.add(body);
            }
            for (JsonNode item : items) {
                EntityKind kind = kindOf(item);
                if (kind == null || kind.subschemaField() != null) {
                    continue;
                }
                String text = JSON.writeValueAsString(item);
                Field root = schemas.entity(kind).root();
                Map<String, Object> expected = Normalizer.inLayout(root, JSON.readValue(text, MAP));
                try (JsonParser p = JSON.createParser(text)) {
                    assertEquals(JsonToken.START_OBJECT, p.nextToken());
                    Map<String, Object> actual = StateReader.record(root, p);
                    assertEquals(expected, actual, text);
                    assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), "order: " + text);
                    assertEquals(expected.getClass(), actual.getClass());
                    assertEquals(types(expected), types(actual), text);
                }
                kinds.add(kind.name());
                entities++;
            }
        }
        assertTrue(entities > 50 && kinds.containsAll(Set.of("service", "route", "upstream", "consumer", "target")),
                entities + " entities of " + kinds);
    }

    /** The kind whose schema names every field of the entity, by the fields only one kind has. */
    private static EntityKind kindOf(JsonNode item) {
        if (item.has("retries") && item.has("protocol") && item.has("host")) {
            return Kinds.SERVICE;
        }
        if (item.has("paths") || item.has("strip_path")) {
            return Kinds.ROUTE;
        }
        if (item.has("hash_on") && item.has("slots")) {
            return Kinds.UPSTREAM;
        }
        if (item.has("custom_id") && item.has("username")) {
            return Kinds.CONSUMER;
        }
        if (item.has("target") && item.has("weight")) {
            return Kinds.TARGET;
        }
        return null;
    }

    /**
     * The value's shape with every leaf replaced by its class, and each map's class first: equal maps whose numbers
     * differ in type, or whose nested records are laid out in one and not the other, differ.
     */
    private static Object types(Object v) {
        if (v instanceof Map<?, ?> m) {
            List<Object> out = new ArrayList<>();
            out.add(m.getClass().getName());
            m.forEach((k, x) -> out.add(List.of(k, types(x))));
            return out;
        }
        if (v instanceof List<?> l) {
            return l.stream().map(StateReaderDecodingTest::types).toList();
        }
        return v == null ? "null" : v.getClass().getName();
    }
}
