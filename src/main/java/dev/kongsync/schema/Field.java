package dev.kongsync.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One field of a Kong schema, as {@code GET /schemas/...} describes it. Wraps the raw definition and offers
 * typed access to the attributes kongsync uses, read once when the schema is loaded (every entity of a file and
 * of Kong is normalized and validated through these, field by field).
 */
public final class Field {
    private final String name;
    private final Map<String, Object> def;
    private final List<Field> fields;
    private final Map<String, Field> fieldsByName;
    private final List<Field> shorthands;
    private final String type;
    private final boolean required;
    private final boolean auto;
    private final boolean setByKong;
    private final boolean abstractField;
    private final boolean hasDefault;
    private final boolean encrypted;
    private final Field elements;
    private final Field values;
    private final Field keys;
    private final RecordMap.Layout layout;

    @SuppressWarnings("unchecked")
    Field(String name, Map<String, Object> def) {
        this.name = name;
        this.def = def;
        this.fields = parseFields((List<Object>) def.get("fields"));
        Map<String, Field> byName = new java.util.HashMap<>();
        for (Field f : fields) {
            byName.putIfAbsent(f.name, f);
        }
        this.fieldsByName = byName;
        this.shorthands = parseFields((List<Object>) def.get("shorthand_fields"));
        Object t = def.get("type");
        this.type = t == null ? "any" : t.toString();
        this.required = Boolean.TRUE.equals(def.get("required"));
        this.auto = Boolean.TRUE.equals(def.get("auto"));
        this.setByKong = auto && (Boolean.TRUE.equals(def.get("uuid")) || Boolean.TRUE.equals(def.get("timestamp")));
        this.abstractField = Boolean.TRUE.equals(def.get("abstract"));
        this.hasDefault = def.containsKey("default");
        this.encrypted = Boolean.TRUE.equals(def.get("encrypted"));
        this.elements = sub(name + "[]", def.get("elements"));
        this.values = sub(name + "{}", def.get("values"));
        this.keys = sub(name + "{key}", def.get("keys"));
        this.layout = fields.isEmpty() ? null : new RecordMap.Layout(fields);
    }

    @SuppressWarnings("unchecked")
    private static Field sub(String name, Object def) {
        return def instanceof Map<?, ?> m ? new Field(name, (Map<String, Object>) m) : null;
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
        return type;
    }

    public boolean is(String type) {
        return this.type.equals(type);
    }

    public boolean required() {
        return required;
    }

    public boolean auto() {
        return auto;
    }

    /** Kong always sets it itself: an id or a timestamp. */
    public boolean setByKong() {
        return setByKong;
    }

    /** Kong generates it when it is not given (a key-auth's key, a jwt's secret), but it may be given. */
    public boolean generatedIfAbsent() {
        return auto && !setByKong;
    }

    public boolean abstractField() {
        return abstractField;
    }

    public boolean hasDefault() {
        return hasDefault;
    }

    public Object defaultValue() {
        return def.get("default");
    }

    public boolean encrypted() {
        return encrypted;
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

    public Field elements() {
        return elements;
    }

    public Field values() {
        return values;
    }

    public Field keys() {
        return keys;
    }

    /** Sub-fields of a record field. */
    public List<Field> fields() {
        return fields;
    }

    /** A new, empty map of this record's fields in its schema layout (see {@link RecordMap}). */
    public Map<String, Object> newRecord() {
        return layout == null ? new java.util.LinkedHashMap<>() : new RecordMap(layout);
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
        return fieldsByName.get(fieldName);
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
