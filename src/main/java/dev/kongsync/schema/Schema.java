package dev.kongsync.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of one Kong entity (or of one plugin, merged over the generic plugin schema): a record field whose
 * sub-fields are the entity's fields.
 */
public final class Schema {
    private final String name;
    private final Field root;

    private Schema(String name, Field root) {
        this.name = name;
        this.root = root;
    }

    /** Builds a schema from the JSON document Kong answers at {@code GET /schemas/...}, already parsed. */
    public static Schema of(String name, Map<String, Object> document) {
        Map<String, Object> def = new LinkedHashMap<>(document);
        def.put("type", "record");
        return new Schema(name, new Field(name, def));
    }

    /**
     * The schema of one subschema ({@code plugins/cors}, {@code vaults/env}): the kind's entity schema with the fields
     * the subschema redefines ({@code config}, and for plugins sometimes {@code protocols}, {@code consumer},
     * {@code route}, {@code service}) replaced, as Kong does when it validates such an entity.
     */
    @SuppressWarnings("unchecked")
    public static Schema withSubschema(Schema base, String path, Map<String, Object> pluginDocument) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (Object o : (List<Object>) pluginDocument.getOrDefault("fields", List.of())) {
            overrides.putAll((Map<String, Object>) o);
        }
        List<Object> merged = new ArrayList<>();
        for (Field f : base.root.fields()) {
            Object over = overrides.remove(f.name());
            merged.add(Map.of(f.name(), over != null ? over : f.raw()));
        }
        for (Map.Entry<String, Object> e : overrides.entrySet()) {
            merged.add(Map.of(e.getKey(), e.getValue()));
        }
        List<Object> checks = new ArrayList<>(base.root.entityChecks());
        checks.addAll((List<Object>) pluginDocument.getOrDefault("entity_checks", List.of()));
        Map<String, Object> def = new LinkedHashMap<>();
        def.put("type", "record");
        def.put("fields", merged);
        def.put("entity_checks", checks);
        return new Schema(path, new Field(base.name(), def));
    }

    public String name() {
        return name;
    }

    public Field root() {
        return root;
    }

    public List<Field> fields() {
        return root.fields();
    }

    public Field field(String fieldName) {
        return root.field(fieldName);
    }
}
