package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The test Kong's own schema engine (independent of kongsync's): fills defaults and checks input the way Kong 3.9
 * does on insert and upsert, producing Kong's error fields. Schemas are the recorded Kong 3.9.1 documents.
 */
final class KongSchemas {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private final Map<String, JsonNode> cache = new ConcurrentHashMap<>();

    /** The raw schema document, or null. {@code path} is "services" or "plugins/cors". */
    JsonNode document(String path) {
        if (!path.matches("[a-z0-9_/-]+")) {
            return null;
        }
        return cache.computeIfAbsent(path, p -> {
            String res = p.startsWith("plugins/") ? "kong-schemas/3.9/plugin-schemas/" + p.substring(8) + ".json"
                    : "kong-schemas/3.9/schemas/" + p + ".json";
            try (InputStream in = KongSchemas.class.getClassLoader().getResourceAsStream(res)) {
                return in == null ? NullNode.getInstance() : JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).isNull() ? null : cache.get(path);
    }

    /** The fields of an entity, for plugins with the plugin's own fields in place of the generic ones. */
    List<Map.Entry<String, JsonNode>> fields(String entity, String plugin) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        for (JsonNode f : document(entity).get("fields")) {
            Map.Entry<String, JsonNode> e = f.fields().next();
            out.add(Map.entry(e.getKey(), e.getValue()));
        }
        if (plugin != null) {
            JsonNode p = document("plugins/" + plugin);
            for (JsonNode f : p.get("fields")) {
                Map.Entry<String, JsonNode> e = f.fields().next();
                boolean replaced = false;
                for (int i = 0; i < out.size(); i++) {
                    if (out.get(i).getKey().equals(e.getKey())) {
                        out.set(i, Map.entry(e.getKey(), e.getValue()));
                        replaced = true;
                    }
                }
                if (!replaced) {
                    out.add(Map.entry(e.getKey(), e.getValue()));
                }
            }
        }
        return out;
    }

    static List<Map.Entry<String, JsonNode>> recordFields(JsonNode record) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        if (record.has("fields")) {
            for (JsonNode f : record.get("fields")) {
                Map.Entry<String, JsonNode> e = f.fields().next();
                out.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return out;
    }

    // ---- processing: shorthands, unknown fields, types, defaults --------------------------------------------

    /**
     * Applies shorthands and checks {@code input} against {@code fields}; fills the result (all fields, nulls for
     * unset, defaults on insert/upsert). Errors go into {@code errors} as Kong reports them (nested objects).
     */
    ObjectNode process(List<Map.Entry<String, JsonNode>> fields, JsonNode shorthands, ObjectNode input,
                       ObjectNode errors, Set<String> skip) {
        ObjectNode data = input.deepCopy();
        applyShorthands(shorthands, data, errors);
        ObjectNode out = NODES.objectNode();
        Set<String> known = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> f : fields) {
            known.add(f.getKey());
        }
        for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k) && !skip.contains(k)) {
                errors.put(k, "unknown field");
            }
        }
        for (Map.Entry<String, JsonNode> f : fields) {
            String name = f.getKey();
            JsonNode def = f.getValue();
            if (skip.contains(name)) {
                continue;
            }
            JsonNode v = data.get(name);
            if (v == null) {
                if (def.has("default")) {
                    v = def.get("default").deepCopy();
                } else if ("record".equals(def.path("type").asText()) && def.path("required").asBoolean()
                        && !def.path("abstract").asBoolean()) {
                    v = NODES.objectNode();
                } else {
                    v = NullNode.getInstance();
                }
            }
            JsonNode processed = value(def, v, errors, name);
            out.set(name, processed);
            if (processed.isNull() && def.path("required").asBoolean() && !errors.has(name)
                    && !"foreign".equals(def.path("type").asText())) {
                errors.put(name, "required field missing");
            }
        }
        return out;
    }

    private void applyShorthands(JsonNode shorthands, ObjectNode data, ObjectNode errors) {
        if (shorthands == null) {
            return;
        }
        for (JsonNode s : shorthands) {
            Map.Entry<String, JsonNode> e = s.fields().next();
            String name = e.getKey();
            JsonNode path = e.getValue().path("deprecation").path("replaced_with").path(0).path("path");
            if (!data.has(name) || !path.isArray()) {
                continue;
            }
            JsonNode v = data.remove(name);
            ObjectNode cur = data;
            for (int i = 0; i < path.size() - 1; i++) {
                String seg = path.get(i).asText();
                if (!cur.path(seg).isObject()) {
                    cur.set(seg, NODES.objectNode());
                }
                cur = (ObjectNode) cur.get(seg);
            }
            String last = path.get(path.size() - 1).asText();
            if (cur.path(last).isMissingNode() || cur.get(last).isNull()) {
                cur.set(last, v);
            } else if (!cur.get(last).equals(v) && !v.isNull()) {
                errors.put(name, "both deprecated and new field are used but their values mismatch");
            }
        }
    }

    /** Kong fills deprecated shorthands back from the fields that replace them when it answers a read. */
    static void translateBackwards(JsonNode fieldsDef, ObjectNode record) {
        for (Map.Entry<String, JsonNode> f : recordFieldsOf(fieldsDef)) {
            JsonNode def = f.getValue();
            if ("record".equals(def.path("type").asText()) && record.path(f.getKey()).isObject()) {
                ObjectNode sub = (ObjectNode) record.get(f.getKey());
                translateBackwards(def, sub);
                JsonNode sh = def.get("shorthand_fields");
                if (sh != null) {
                    for (JsonNode s : sh) {
                        Map.Entry<String, JsonNode> e = s.fields().next();
                        JsonNode path = e.getValue().path("deprecation").path("replaced_with").path(0).path("path");
                        if (path.isArray()) {
                            JsonNode cur = sub;
                            for (JsonNode seg : path) {
                                cur = cur.path(seg.asText());
                            }
                            sub.set(e.getKey(), cur.isMissingNode() ? NullNode.getInstance() : cur.deepCopy());
                        }
                    }
                }
            }
        }
    }

    private static List<Map.Entry<String, JsonNode>> recordFieldsOf(JsonNode def) {
        if (def.has("fields") && def.get("fields").isArray()) {
            return recordFields(def);
        }
        return List.of();
    }

    private JsonNode value(JsonNode def, JsonNode v, ObjectNode errors, String name) {
        if (v == null || v.isNull()) {
            return NullNode.getInstance();
        }
        String type = def.path("type").asText();
        switch (type) {
            case "string" -> {
                if (!v.isTextual()) {
                    errors.put(name, "expected a string");
                    return v;
                }
                String err = stringCheck(def, v.asText());
                if (err != null) {
                    errors.put(name, err);
                }
                return v;
            }
            case "integer" -> {
                if (!v.isNumber() || (v.isFloatingPointNumber() && v.asDouble() != Math.floor(v.asDouble()))) {
                    errors.put(name, "expected an integer");
                    return v;
                }
                String err = numberCheck(def, v.asDouble());
                if (err != null) {
                    errors.put(name, err);
                }
                return NODES.numberNode(v.asLong());
            }
            case "number" -> {
                if (!v.isNumber()) {
                    errors.put(name, "expected a number");
                    return v;
                }
                String err = numberCheck(def, v.asDouble());
                if (err != null) {
                    errors.put(name, err);
                }
                return v;
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    errors.put(name, "expected a boolean");
                }
                return v;
            }
            case "array", "set" -> {
                if (!v.isArray()) {
                    errors.put(name, type.equals("set") ? "expected a set" : "expected an array");
                    return v;
                }
                ArrayNode out = NODES.arrayNode();
                ArrayNode elementErrors = NODES.arrayNode();
                boolean any = false;
                JsonNode el = def.get("elements");
                Set<JsonNode> seen = new LinkedHashSet<>();
                for (int i = 0; i < v.size(); i++) {
                    JsonNode item = v.get(i);
                    if (type.equals("set") && !seen.add(item)) {
                        continue;
                    }
                    ObjectNode e = NODES.objectNode();
                    out.add(el == null ? item : value(el, item, e, "x"));
                    if (e.has("x")) {
                        while (elementErrors.size() <= i) {
                            elementErrors.addNull();
                        }
                        elementErrors.set(i, e.get("x"));
                        any = true;
                    }
                }
                if (any) {
                    errors.set(name, elementErrors);
                }
                if (def.has("len_min") && out.size() < def.get("len_min").asInt()) {
                    errors.put(name, "length must be at least " + def.get("len_min").asInt());
                }
                if (def.has("one_of")) {
                    String err = oneOf(def, v);
                    if (err != null) {
                        errors.put(name, err);
                    }
                }
                return out;
            }
            case "map" -> {
                if (!v.isObject()) {
                    errors.put(name, "expected a map");
                    return v;
                }
                return v;
            }
            case "record" -> {
                if (!v.isObject()) {
                    errors.put(name, "expected a record");
                    return v;
                }
                if (!def.has("fields")) {
                    return v;
                }
                ObjectNode sub = NODES.objectNode();
                ObjectNode processed = process(recordFields(def), def.get("shorthand_fields"), (ObjectNode) v, sub,
                        Set.of());
                if (sub.size() > 0) {
                    errors.set(name, sub);
                } else {
                    recordChecks(def, processed, errors, name);
                }
                return processed;
            }
            case "foreign" -> {
                return v;
            }
            default -> {
                return v;
            }
        }
    }

    private void recordChecks(JsonNode def, ObjectNode processed, ObjectNode errors, String name) {
        JsonNode checks = def.get("entity_checks");
        if (checks == null) {
            return;
        }
        for (JsonNode c : checks) {
            if (c.has("at_least_one_of")) {
                boolean any = false;
                List<String> names = new ArrayList<>();
                for (JsonNode f : c.get("at_least_one_of")) {
                    names.add("'" + f.asText() + "'");
                    if (!processed.path(f.asText()).isNull() && !processed.path(f.asText()).isMissingNode()) {
                        any = true;
                    }
                }
                if (!any) {
                    ObjectNode sub = errors.with(name);
                    sub.withArray("@entity").add("at least one of these fields must be non-empty: "
                            + String.join(", ", names));
                }
            }
        }
    }

    private static String oneOf(JsonNode def, JsonNode v) {
        for (JsonNode a : def.get("one_of")) {
            if (a.equals(v) || (a.isNumber() && v.isNumber() && a.asDouble() == v.asDouble())) {
                return null;
            }
        }
        List<String> opts = new ArrayList<>();
        def.get("one_of").forEach(a -> opts.add(a.asText()));
        return "expected one of: " + String.join(", ", opts);
    }

    private static String stringCheck(JsonNode def, String s) {
        if (def.has("one_of")) {
            String err = oneOf(def, NODES.textNode(s));
            if (err != null) {
                return err;
            }
        }
        if (def.has("len_min") && s.length() < def.get("len_min").asInt()) {
            return s.isEmpty() ? "length must be at least " + def.get("len_min").asInt() : "length must be at least "
                    + def.get("len_min").asInt();
        }
        if (def.has("starts_with") && !s.startsWith(def.get("starts_with").asText())) {
            return "should start with: " + def.get("starts_with").asText();
        }
        if (def.path("uuid").asBoolean() && !UUID.matcher(s).matches()) {
            return "expected a valid UUID";
        }
        if (def.has("match_any")) {
            boolean ok = false;
            for (JsonNode p : def.get("match_any").get("patterns")) {
                String lua = p.asText();
                if (lua.startsWith("^") && !lua.contains("%") && !lua.contains("[") && s.startsWith(lua.substring(1))) {
                    ok = true;
                } else if (lua.contains("%") || lua.contains("[")) {
                    ok = true; // patterns with classes are not judged here
                }
            }
            if (!ok) {
                return def.get("match_any").get("err").asText();
            }
        }
        if (def.has("match_none")) {
            for (JsonNode m : def.get("match_none")) {
                String lua = m.get("pattern").asText();
                if (!lua.contains("%") && !lua.contains("[") && !lua.startsWith("^") && s.contains(lua)) {
                    return m.get("err").asText();
                }
            }
        }
        return null;
    }

    private static String numberCheck(JsonNode def, double d) {
        if (def.has("between")) {
            JsonNode b = def.get("between");
            if (d < b.get(0).asDouble() || d > b.get(1).asDouble()) {
                return "value should be between " + b.get(0).asText() + " and " + b.get(1).asText();
            }
        }
        if (def.has("gt") && !(d > def.get("gt").asDouble())) {
            return "value must be greater than " + def.get("gt").asText();
        }
        if (def.has("one_of")) {
            return oneOf(def, NODES.numberNode(d));
        }
        return null;
    }

    /** Kong's error body for schema violations: "schema violation (a: x)" or "N schema violations (a: x; b: y)". */
    static ObjectNode violation(ObjectNode fieldErrors) {
        List<String> parts = new ArrayList<>();
        flatten("", fieldErrors, parts);
        ObjectNode body = NODES.objectNode();
        body.put("code", 2);
        body.set("fields", fieldErrors);
        body.put("message", (parts.size() == 1 ? "schema violation (" : parts.size() + " schema violations (")
                + String.join("; ", parts) + ")");
        body.put("name", "schema violation");
        return body;
    }

    private static void flatten(String prefix, JsonNode errs, List<String> out) {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        errs.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("@entity")) {
                v.forEach(m -> out.add(m.asText()));
            } else if (v.isTextual()) {
                out.add(prefix + k + ": " + v.asText());
            } else if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    if (!v.get(i).isNull()) {
                        out.add(prefix + k + "." + (i + 1) + ": " + v.get(i).asText());
                    }
                }
            } else if (v.isObject()) {
                flatten(prefix + k + ".", v, out);
            }
        }
    }
}
