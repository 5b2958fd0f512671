package dev.kongsync.schema;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The canonical form's map keeps the {@link Map} contract a LinkedHashMap gives (it replaces one everywhere the
 * normalized entities go: comparison, reports, write bodies, plan files), in the schema's order.
 */
class RecordMapTest {
    private final Field service = BundledSchemas.registry().forEntity(dev.kongsync.kind.Kinds.SERVICE, Map.of())
            .orElseThrow().root();

    private Map<String, Object> normalizedService(Map<String, Object> input) {
        Map<String, Object> out = Normalizer.normalize(
                BundledSchemas.registry().forEntity(dev.kongsync.kind.Kinds.SERVICE, input).orElseThrow(), input);
        assertTrue(out instanceof RecordMap, "the canonical form uses the schema's layout");
        return out;
    }

    @Test
    void behavesAsAnOrderedMapInTheSchemasOrder() {
        Map<String, Object> m = service.newRecord();
        m.put("port", 8080L);
        m.put("host", "a.example");
        m.put("not-a-schema-field", "x");
        m.put("name", "svc");
        assertEquals(4, m.size());
        assertEquals("a.example", m.get("host"));
        assertTrue(m.containsKey("not-a-schema-field"));
        assertFalse(m.containsKey("path"));
        assertNull(m.get("path"));

        List<String> schemaOrder = new ArrayList<>();
        service.fields().forEach(f -> schemaOrder.add(f.name()));
        List<String> keys = new ArrayList<>(m.keySet());
        assertEquals("not-a-schema-field", keys.get(3), "keys outside the schema come after its fields");
        assertTrue(schemaOrder.indexOf(keys.get(0)) < schemaOrder.indexOf(keys.get(1))
                && schemaOrder.indexOf(keys.get(1)) < schemaOrder.indexOf(keys.get(2)), keys.toString());

        assertEquals(8080L, m.put("port", 80L));
        assertEquals(4, m.size());
        assertEquals(80L, m.remove("port"));
        assertNull(m.remove("port"));
        assertEquals("x", m.remove("not-a-schema-field"));
        assertEquals(2, m.size());
        m.put("path", null);
        assertTrue(m.containsKey("path"), "a null value is present, as in a LinkedHashMap");
        assertEquals(3, m.size());
        m.clear();
        assertTrue(m.isEmpty());
    }

    @Test
    void equalsAndHashCodeAgreeWithLinkedHashMap() {
        Map<String, Object> a = normalizedService(new LinkedHashMap<>(Map.of("name", "s", "host", "h.example")));
        Map<String, Object> b = normalizedService(new LinkedHashMap<>(Map.of("host", "h.example", "name", "s")));
        Map<String, Object> plain = new LinkedHashMap<>(a);
        assertEquals(a, b);
        assertEquals(a, plain);
        assertEquals(plain, a);
        assertEquals(plain.hashCode(), a.hashCode());
        assertEquals(plain.toString(), a.toString());

        b.put("port", 81L);
        assertNotEquals(a, b);
        b.put("port", a.get("port"));
        assertEquals(a, b);
        b.remove("path");
        assertNotEquals(a, b, "an absent field differs from a null one");
        b.put("path", null);
        b.put("extra", 1L);
        assertNotEquals(a, b);
        b.remove("extra");
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
    }

    @Test
    void iteratorsRemoveAndWriteThrough() {
        Map<String, Object> m = service.newRecord();
        m.put("name", "s");
        m.put("host", "h");
        m.put("port", 1L);
        m.put("zz-other", 2L);
        m.keySet().removeAll(List.of("host", "zz-other"));
        assertEquals(new LinkedHashMap<>(Map.of("name", "s", "port", 1L)), m);

        for (Map.Entry<String, Object> e : m.entrySet()) {
            if (e.getKey().equals("port")) {
                e.setValue(2L);
            }
        }
        assertEquals(2L, m.get("port"));

        Iterator<Map.Entry<String, Object>> it = m.entrySet().iterator();
        Map.Entry<String, Object> first = it.next();
        it.remove();
        assertThrows(IllegalStateException.class, it::remove);
        assertThrows(IllegalStateException.class, () -> first.setValue("again"));
        assertEquals(1, m.size());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(java.util.NoSuchElementException.class, it::next);
    }

    @Test
    void keySetRemovesAndValuesCompareByValueSlotBySlot() {
        Map<String, Object> a = normalizedService(new LinkedHashMap<>(Map.of("name", "s", "host", "h", "port", 80L)));
        Map<String, Object> b = normalizedService(new LinkedHashMap<>(Map.of("name", "s", "host", "h", "port", 80L)));
        assertTrue(a.keySet().remove("name"));
        assertFalse(a.keySet().remove("name"));
        assertFalse(a.containsKey("name"));
        assertFalse(Values.equal(a, b), "a removed key makes them differ");
        a.put("name", "s");
        assertTrue(Values.equal(a, b));
        b.put("port", 80.0);
        assertTrue(Values.equal(a, b), "numbers compare by value, as between any two maps");
        b.put("port", 81.0);
        assertFalse(Values.equal(a, b));
        assertFalse(Values.equal(b, new LinkedHashMap<>(a)));
        b.put("port", 80L);
        assertTrue(Values.equal(b, new LinkedHashMap<>(a)));
    }

    @Test
    void kongsAnswerInItsSchemasLayoutIsTheSameMap() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("policy", "local");
        config.put("minute", 60);
        config.put("redis", new LinkedHashMap<>(Map.of("host", "redis.redis.svc", "port", 6379)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("config", config);
        answer.put("name", "rate-limiting");
        answer.put("service", new LinkedHashMap<>(Map.of("id", "6b0b5b5e-5b4b-4c4d-9e9f-0a0b0c0d0e0f")));
        answer.put("a-field-of-a-newer-kong", List.of("x"));
        Schema schema = BundledSchemas.registry().forEntity(dev.kongsync.kind.Kinds.PLUGIN, answer).orElseThrow();

        Map<String, Object> kept = Normalizer.inLayout(schema.root(), answer);
        assertEquals(answer, kept);
        assertEquals(kept, answer);
        assertEquals(answer.hashCode(), kept.hashCode());
        assertTrue(kept instanceof RecordMap && kept.get("config") instanceof RecordMap
                && ((Map<?, ?>) kept.get("config")).get("redis") instanceof RecordMap, "records within too");
        assertEquals(List.of("name", "service", "config", "a-field-of-a-newer-kong"),
                new ArrayList<>(kept.keySet()).stream().filter(answer::containsKey).toList(),
                "the schema's order, then the fields it does not name");
        assertEquals(60, ((Map<?, ?>) kept.get("config")).get("minute"), "values are not converted");
    }
}
