package dev.kongsync.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One field of a Kong schema, as {@code GET /schemas/...} describes it. Wraps the raw definition and offers
 * typed access to the attributes kongsync uses.
 */
public final class Field {
    private final String name;
    private final Map<String, Object> def;
    private final List<Field> fields;
    private final List<Field> shorthands;

    @SuppressWarnings("unchecked")
    Field(String name, Map<String, Object> def) {
        this.name = name;
        this.def = def;
        this.fields = parseFields((List<Object>) def.get("fields"));
        this.shorthands = parseFields((List<Object>) def.get("shorthand_fields"));
    }

    @SuppressWarnings("unchecked")
    static List<Field> parseFields(List<Object> raw) {
        if (raw == null) {
            return List.of();
        }
        List<Field> out = new ArrayList<>();
        for (Object o : raw) {
            Map<String, Object> m = (Map<String, Object>) o;
            for (Map.Entry<String, Object> e : m.entrySet()) {
                out.add(new Field(e.getKey(), (Map<String, Object>) e.getValue()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    public String name() {
        return name;
    }

    public String type() {
        Object t = def.get("type");
        return t == null ? "any" : t.toString();
    }

    public boolean is(String type) {
        return type().equals(type);
    }

    public boolean required() {
        return Boolean.TRUE.equals(def.get("required"));
    }

    public boolean auto() {
        return Boolean.TRUE.equals(def.get("auto"));
    }

    /** Kong always sets it itself: an id or a timestamp. */
    public boolean setByKong() {
        return auto() && (Boolean.TRUE.equals(def.get("uuid")) || Boolean.TRUE.equals(def.get("timestamp")));
    }

    /** Kong generates it when it is not given (a key-auth's key, a jwt's secret), but it may be given. */
    public boolean generatedIfAbsent() {
        return auto() && !setByKong();
    }

    public boolean abstractField() {
        return Boolean.TRUE.equals(def.get("abstract"));
    }

    public boolean hasDefault() {
        return def.containsKey("default");
    }

    public Object defaultValue() {
        return def.get("default");
    }

    public boolean encrypted() {
        return Boolean.TRUE.equals(def.get("encrypted"));
    }

    public String reference() {
        Object r = def.get("reference");
        return r == null ? null : r.toString();
    }

    public Object attr(String key) {
        return def.get(key);
    }

    public boolean has(String key) {
        return def.containsKey(key);
    }

    @SuppressWarnings("unchecked")
    public Field elements() {
        Object e = def.get("elements");
        return e == null ? null : new Field(name + "[]", (Map<String, Object>) e);
    }

    @SuppressWarnings("unchecked")
    public Field values() {
        Object e = def.get("values");
        return e == null ? null : new Field(name + "{}", (Map<String, Object>) e);
    }

    @SuppressWarnings("unchecked")
    public Field keys() {
        Object e = def.get("keys");
        return e == null ? null : new Field(name + "{key}", (Map<String, Object>) e);
    }

    /** Sub-fields of a record field. */
    public List<Field> fields() {
        return fields;
    }

    public List<Field> shorthandFields() {
        return shorthands;
    }

    @SuppressWarnings("unchecked")
    public List<Object> entityChecks() {
        Object c = def.get("entity_checks");
        return c == null ? List.of() : (List<Object>) c;
    }

    public Field field(String fieldName) {
        for (Field f : fields) {
            if (f.name.equals(fieldName)) {
                return f;
            }
        }
        return null;
    }

    /** The path a deprecated shorthand field maps to, or null if it has no plain replacement. */
    @SuppressWarnings("unchecked")
    public List<String> replacedWith() {
        Object dep = def.get("deprecation");
        if (!(dep instanceof Map<?, ?> d)) {
            return null;
        }
        Object rw = d.get("replaced_with");
        if (!(rw instanceof List<?> l) || l.size() != 1 || !(l.get(0) instanceof Map<?, ?> first)) {
            return null;
        }
        Object path = first.get("path");
        return path instanceof List<?> p ? (List<String>) p : null;
    }

    Map<String, Object> raw() {
        return def;
    }

    @Override
    public String toString() {
        return name + ":" + type();
    }
}
