package dev.kongsync.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings an entity to the canonical form both sides of a comparison share: every schema field present (defaults
 * filled as Kong fills them on insert, unset fields null), auto fields (id, timestamps), foreign references and
 * deprecated shorthand mirrors removed, sets ordered, empty collections as null, numbers canonical.
 *
 * The same function serves the file (desired) and Kong's answers (current): that is what makes a clean sync show
 * zero changes.
 */
public final class Normalizer {
    private Normalizer() {}

    public static Map<String, Object> normalize(Schema schema, Map<String, Object> input) {
        return record(schema.root(), input, true);
    }

    private static Map<String, Object> record(Field record, Map<String, Object> input, boolean top) {
        Map<String, Object> out = record.newRecord();
        for (Field f : record.fields()) {
            if (f.setByKong() || (top && f.is("foreign"))) {
                continue;
            }
            boolean present = input != null && input.containsKey(f.name());
            Object v = present ? input.get(f.name()) : null;
            if (!present) {
                if (f.hasDefault()) {
                    v = Values.deepCopy(f.defaultValue());
                } else if (f.is("record") && f.required() && !f.abstractField()) {
                    v = new LinkedHashMap<String, Object>();
                }
            }
            out.put(f.name(), value(f, v));
        }
        return out;
    }

    /**
     * The entity as Kong completes it on insert, before it checks required fields ({@code process_auto_fields} in
     * Kong's {@code kong/db/schema/init.lua}): an absent field takes its default, an absent required record is
     * expanded with its own defaults, at every depth; an absent optional field is null. Nothing else changes (an empty
     * list stays an empty list), so that a required field whose default is {@code []} counts as present.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withDefaults(Field record, Map<String, Object> input) {
        Map<String, Object> out = new LinkedHashMap<>(input);
        for (Field f : record.fields()) {
            if (f.setByKong() || f.generatedIfAbsent() && !input.containsKey(f.name())
                    || f.is("foreign") && !input.containsKey(f.name())) {
                continue;
            }
            Object v = input.get(f.name());
            if (!input.containsKey(f.name())) {
                if (f.hasDefault()) {
                    v = Values.deepCopy(f.defaultValue());
                } else if (f.required() && f.is("record") && !f.abstractField()) {
                    v = new LinkedHashMap<String, Object>();
                } else if (f.abstractField()) {
                    continue;
                }
            }
            if (v instanceof Map<?, ?> m && f.is("record") && !f.fields().isEmpty()) {
                v = withDefaults(f, (Map<String, Object>) m);
            }
            out.put(f.name(), v);
        }
        return out;
    }

    /**
     * The same fields and values in the layout of {@code record} ({@link RecordMap}), its records within too: an
     * answer of Kong kept in memory at the cost of its values. Nothing is added, removed or converted; the schema's
     * fields come first, in its order, then any others.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> inLayout(Field record, Map<String, Object> fields) {
        Map<String, Object> out = record.newRecord();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            Field f = record.field(e.getKey());
            Object v = e.getValue();
            if (f != null && f.is("record") && !f.fields().isEmpty() && v instanceof Map<?, ?> m) {
                v = inLayout(f, (Map<String, Object>) m);
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    /** The field's default in canonical form (what {@link #normalize} fills in when the field is absent). */
    public static Object canonicalDefault(Field f) {
        return value(f, Values.deepCopy(f.defaultValue()));
    }

    @SuppressWarnings("unchecked")
    static Object value(Field f, Object v) {
        if (v == null) {
            return null;
        }
        v = Values.canonicalNumber(v);
        switch (f.type()) {
            case "record" -> {
                if (v instanceof Map<?, ?> m && !f.fields().isEmpty()) {
                    return record(f, (Map<String, Object>) m, false);
                }
                return Values.deepCopy(v);
            }
            case "array", "set" -> {
                if (!(v instanceof List<?> l)) {
                    return v;
                }
                if (l.isEmpty()) {
                    return null;
                }
                Field el = f.elements();
                List<Object> items = new ArrayList<>();
                for (Object o : l) {
                    items.add(el == null ? Values.deepCopy(Values.canonicalNumber(o)) : value(el, o));
                }
                if (f.is("set")) {
                    // each element rendered once: its text is both its identity and its order
                    java.util.TreeMap<String, Object> unique = new java.util.TreeMap<>();
                    for (Object o : items) {
                        unique.putIfAbsent(Values.render(o), o);
                    }
                    return new ArrayList<>(unique.values());
                }
                return items;
            }
            case "map" -> {
                if (!(v instanceof Map<?, ?> m)) {
                    return v;
                }
                if (m.isEmpty()) {
                    return null;
                }
                Field vf = f.values();
                Map<String, Object> out = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    out.put(e.getKey().toString(), vf == null ? Values.deepCopy(e.getValue()) : value(vf, e.getValue()));
                }
                return out;
            }
            default -> {
                return v instanceof Map<?, ?> || v instanceof List<?> ? Values.deepCopy(v) : v;
            }
        }
    }

    /**
     * The fields with their deprecated shorthands moved ({@link #applyShorthands}), leaving {@code data} as it is:
     * a copy of the top level when no shorthand is given at any depth (the common case), else a deep copy with them
     * moved.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> withShorthandsApplied(Field record, Map<String, Object> data) {
        if (!givesShorthands(record, data)) {
            return new LinkedHashMap<>(data);
        }
        Map<String, Object> copy = (Map<String, Object>) Values.deepCopy(data);
        applyShorthands(record, copy);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static boolean givesShorthands(Field record, Map<String, Object> data) {
        for (Field s : record.shorthandFields()) {
            if (s.replacedWith() != null && data.containsKey(s.name())) {
                return true;
            }
        }
        for (Field f : record.fields()) {
            if (f.is("record") && data.get(f.name()) instanceof Map<?, ?> m
                    && givesShorthands(f, (Map<String, Object>) m)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves values given under deprecated shorthand fields (for example rate-limiting's {@code config.redis_host})
     * to the field that replaces them ({@code config.redis.host}), recursively, as Kong does on write. The new field
     * wins when both are given (the validator reports a conflict). Shorthands without a plain replacement are
     * left in place for the validator to report.
     */
    @SuppressWarnings("unchecked")
    private static void applyShorthands(Field record, Map<String, Object> data) {
        for (Field s : record.shorthandFields()) {
            List<String> path = s.replacedWith();
            if (path == null || !data.containsKey(s.name())) {
                continue;
            }
            Object v = data.remove(s.name());
            Map<String, Object> cur = data;
            for (int i = 0; i < path.size() - 1; i++) {
                Object next = cur.get(path.get(i));
                if (!(next instanceof Map)) {
                    next = new LinkedHashMap<String, Object>();
                    cur.put(path.get(i), next);
                }
                cur = (Map<String, Object>) next;
            }
            String last = path.get(path.size() - 1);
            if (cur.get(last) == null) {
                cur.put(last, v);
            }
        }
        for (Field f : record.fields()) {
            if (f.is("record") && data.get(f.name()) instanceof Map<?, ?> m) {
                applyShorthands(f, (Map<String, Object>) m);
            }
        }
    }

    /**
     * The entity without its top-level fields that equal their default (what a full replace gives a field that is
     * not sent).
     */
    public static Map<String, Object> withoutDefaults(Schema schema, Map<String, Object> norm) {
        Map<String, Object> out = new LinkedHashMap<>(norm);
        for (Field f : schema.fields()) {
            if (f.hasDefault() && out.containsKey(f.name())
                    && Values.equal(canonicalDefault(f), out.get(f.name()))) {
                out.remove(f.name());
            }
        }
        return out;
    }

    /**
     * The value of {@code f} without what equals the schema's default, at every depth of its records; null if
     * nothing is left (the way a file written for people leaves defaults out).
     */
    @SuppressWarnings("unchecked")
    public static Object withoutDefaultsDeep(Field f, Object v) {
        if (v == null) {
            return null;
        }
        if (f.hasDefault() && Values.equal(canonicalDefault(f), v)) {
            return null;
        }
        if (f.is("record") && v instanceof Map<?, ?> m && !f.fields().isEmpty()) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Field sub : f.fields()) {
                Object sv = withoutDefaultsDeep(sub, ((Map<String, Object>) m).get(sub.name()));
                if (sv != null) {
                    out.put(sub.name(), sv);
                }
            }
            return out.isEmpty() && (f.required() || f.hasDefault()) ? null : out;
        }
        return v;
    }

    /** The value with every null removed from records, for write bodies: under PUT an omitted field is reset. */
    @SuppressWarnings("unchecked")
    public static Object withoutNulls(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getValue() != null) {
                    out.put((String) e.getKey(), withoutNulls(e.getValue()));
                }
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(withoutNulls(o));
            }
            return out;
        }
        return v;
    }
}
