package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A Kong schema (an entity, a plugin's or vault's subschema, or a record field) and Kong's schema engine, ported from
 * {@code kong/db/schema/init.lua} of Kong 3.9.1: {@code process_auto_fields} (shorthands, auto fields, defaults,
 * sets), {@code validate} (field validators in Kong's order, entity checks, transformation checks),
 * {@code merge_values} and {@code transform}. Values are JSON: a missing key is Lua's {@code nil}, JSON null is
 * {@code ngx.null}. The field definitions are the recorded schema answers; what Kong keeps in Lua functions (custom
 * validators, custom entity checks, shorthands, transformations) is attached by {@link KongCode}.
 */
final class KongSchema {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", Pattern.CASE_INSENSITIVE);

    /** The CRUD context of {@code process_auto_fields}. */
    enum Context { INSERT, UPDATE, UPSERT, SELECT }

    /** Where generated values come from: ids, random strings ({@code kong.tools.rand}) and the clock. */
    interface Env {
        String uuid();

        String randomString();

        /** {@code ngx.time()}: whole seconds. */
        long nowSeconds();

        /** {@code ngx.now()}: seconds with millisecond precision. */
        double nowMillis();

        /** The 16 random bytes of a PBKDF2 salt ({@code kong.tools.rand.get_rand_bytes}). */
        byte[] salt();
    }

    /** An {@link Env} for validations that store nothing (record fields, {@code /schemas/.../validate}). */
    static final Env SCRATCH = new Env() {
        @Override
        public String uuid() {
            return java.util.UUID.randomUUID().toString();
        }

        @Override
        public String randomString() {
            return "0".repeat(32);
        }

        @Override
        public long nowSeconds() {
            return System.currentTimeMillis() / 1000;
        }

        @Override
        public double nowMillis() {
            return System.currentTimeMillis() / 1000.0;
        }

        @Override
        public byte[] salt() {
            return new byte[16];
        }
    };

    /** A {@code custom_validator}: null when the value is valid, else Kong's message. */
    interface Validator {
        String check(JsonNode value);
    }

    /** The {@code fn} of a {@code custom_entity_check}: null when the entity is valid, else Kong's message. */
    interface EntityCheck {
        String check(ObjectNode entity);
    }

    /** A shorthand field: validated as {@code field}, removed, replaced by what {@code func} returns. */
    record Shorthand(Field field, Function<JsonNode, ObjectNode> func) {
        boolean deprecated() {
            return field.def.has("deprecation");
        }

        /** The path of the field that replaces a deprecated shorthand (filled back on reads), or null. */
        JsonNode replacedWith() {
            JsonNode p = field.def.path("deprecation").path("replaced_with").path(0).path("path");
            return p.isArray() ? p : null;
        }
    }

    /** A transformation: {@code on_write} gets the values of {@code input} then {@code needs}. */
    record Transformation(List<String> input, List<String> needs,
                          java.util.function.BiFunction<List<JsonNode>, Env, ObjectNode> onWrite) {}

    /** A failed transformation ({@code transformation failed: ...}). */
    static final class TransformationFailure extends RuntimeException {
        TransformationFailure(String message) {
            super(message, null, false, false);
        }
    }

    /** Shorthand fields that failed their validation in {@code process_auto_fields}. */
    static final class ShorthandErrors extends RuntimeException {
        final ObjectNode errors;

        ShorthandErrors(ObjectNode errors) {
            super(errors.toString(), null, false, false);
            this.errors = errors;
        }
    }

    /** One entity check of {@code entity_checks}; {@code fn} and {@code thenValidator} are Kong's code for it. */
    record Check(String name, JsonNode arg, EntityCheck fn, Validator thenValidator) {}

    /** A field: its recorded attributes and, when Kong has one, its custom validator. */
    static final class Field {
        final String name;
        final ObjectNode def;
        final String type;
        final Field elements;
        final Field keys;
        final Field values;
        final KongSchema record;
        final Validator custom;
        final Function<String, KongSchema> foreign;

        Field(String name, ObjectNode def, Field elements, Field keys, Field values, KongSchema record,
              Validator custom, Function<String, KongSchema> foreign) {
            this.name = name;
            this.def = def;
            this.type = def.path("type").asText();
            this.elements = elements;
            this.keys = keys;
            this.values = values;
            this.record = record;
            this.custom = custom;
            this.foreign = foreign;
        }

        boolean required() {
            return def.path("required").asBoolean(false);
        }

        boolean is(String attr) {
            return def.path(attr).asBoolean(false);
        }

        /** The field with {@code required} forced, as Kong marks array elements and map keys/values. */
        Field requiredCopy() {
            if (required()) {
                return this;
            }
            ObjectNode d = def.deepCopy();
            d.put("required", true);
            return new Field(name, d, elements, keys, values, record, custom, foreign);
        }

        /**
         * {@code attrs} over this field, as Kong's {@code conditional} checks give {@code if_match} and
         * {@code then_match} the field definition as metatable: missing attributes come from the field.
         */
        Field overlay(ObjectNode attrs, Validator extra) {
            ObjectNode d = def.deepCopy();
            attrs.fields().forEachRemaining(e -> d.set(e.getKey(), e.getValue()));
            Field el = attrs.has("elements") ? KongCode.plainField("elements", (ObjectNode) attrs.get("elements"))
                    : elements;
            return new Field(name, d, el, keys, values, record, extra != null ? extra : custom, foreign);
        }
    }

    final String name;
    final List<Field> fields;
    final Map<String, Field> byName = new LinkedHashMap<>();
    final List<Check> checks;
    final List<Shorthand> shorthands;
    final List<Transformation> transformations;
    /** The field choosing a subschema ("name" for plugins and vaults, "protocols" for routes), or null. */
    String subschemaKey;
    String subschemaError;
    Function<String, KongSchema> subschemas = k -> null;
    /** Entities with {@code ttl = true} (key-auth credentials, oauth2 tokens). */
    boolean ttl;

    KongSchema(String name, List<Field> fields, List<Check> checks, List<Shorthand> shorthands,
               List<Transformation> transformations) {
        this.name = name;
        this.fields = fields;
        fields.forEach(f -> byName.put(f.name, f));
        this.checks = checks;
        this.shorthands = shorthands;
        this.transformations = transformations;
    }

    Field field(String n) {
        return byName.get(n);
    }

    // ---- helpers with Lua's semantics --------------------------------------------------------------------

    static boolean isTable(JsonNode v) {
        return v != null && (v.isObject() || v.isArray());
    }

    /** {@code is_nonempty}: not nil, not null, not an empty table, not an empty string. */
    static boolean isNonEmpty(JsonNode v) {
        return v != null && !v.isNull() && !(isTable(v) && v.isEmpty()) && !(v.isTextual() && v.asText().isEmpty());
    }

    /** {@code get_field}: "a.b.c" into nested tables; nil (Java null) when absent. */
    static JsonNode getField(JsonNode t, String dotted) {
        JsonNode cur = t;
        for (String seg : dotted.split("\\.")) {
            if (cur == null || !cur.isObject()) {
                return null;
            }
            cur = cur.get(seg);
        }
        return cur;
    }

    /** {@code set_field}: creates the intermediate tables. */
    static void setField(ObjectNode t, String dotted, JsonNode value) {
        String[] segs = dotted.split("\\.");
        ObjectNode cur = t;
        for (int i = 0; i < segs.length - 1; i++) {
            if (!(cur.get(segs[i]) instanceof ObjectNode)) {
                cur.set(segs[i], NODES.objectNode());
            }
            cur = (ObjectNode) cur.get(segs[i]);
        }
        cur.set(segs[segs.length - 1], value);
    }

    /** Lua's {@code tostring} of a scalar. */
    static String luaString(JsonNode v) {
        if (v == null) {
            return "nil";
        }
        if (v.isNull()) {
            return "userdata: NULL";
        }
        if (v.isNumber()) {
            double d = v.asDouble();
            if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e15) {
                return String.valueOf((long) d);
            }
            String s = String.format(java.util.Locale.ROOT, "%.14g", d);
            return s.contains("e") ? s.replaceAll("\\.?0+e", "e") : s.replaceAll("\\.?0+$", "");
        }
        if (isTable(v)) {
            return "table: 0x" + Integer.toHexString(System.identityHashCode(v));
        }
        return v.asText();
    }

    private static boolean luaEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.asDouble() == b.asDouble();
        }
        if (isTable(a) || isTable(b)) {
            return a == b;
        }
        return a.equals(b);
    }

    /** {@code quoted_list}: "'a', 'b'". */
    static String quotedList(JsonNode words) {
        List<String> out = new ArrayList<>();
        for (JsonNode w : words) {
            out.add(w.isArray() ? "(" + quotedList(w) + ")" : "'" + w.asText() + "'");
        }
        return String.join(", ", out);
    }

    /** A JSON table whose keys are "1".."n", for arrays given where Kong expects a record (Lua has one table type). */
    private static ObjectNode asRecord(JsonNode v) {
        if (v.isObject()) {
            return (ObjectNode) v;
        }
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < v.size(); i++) {
            o.set(String.valueOf(i + 1), v.get(i));
        }
        return o;
    }

    /** {@code is_sequence}: JSON arrays, and the empty table. */
    private static boolean isSequence(JsonNode v) {
        return v.isArray() || (v.isObject() && v.isEmpty());
    }

    // ---- subschemas and fields ----------------------------------------------------------------------------

    KongSchema subschemaOf(JsonNode input) {
        if (subschemaKey == null || input == null || !input.isObject()) {
            return null;
        }
        JsonNode key = input.get(subschemaKey);
        if (key != null && key.isTextual()) {
            return subschemas.apply(key.asText());
        }
        if (key != null && key.isArray()) {
            for (JsonNode k : key) {
                KongSchema s = k.isTextual() ? subschemas.apply(k.asText()) : null;
                if (s != null) {
                    return s;
                }
            }
        }
        return null;
    }

    /** {@code each_field(values)}: the fields in order, a subschema's definitions replacing the parent's. */
    List<Field> eachField(JsonNode values) {
        KongSchema sub = subschemaOf(values);
        if (sub == null) {
            return fields;
        }
        List<Field> out = new ArrayList<>(fields.size());
        for (Field f : fields) {
            Field s = sub.field(f.name);
            out.add(s != null ? s : f);
        }
        return out;
    }

    // ---- process_auto_fields ------------------------------------------------------------------------------

    /**
     * {@code process_auto_fields(data, context, nulls = true)} as the Admin API calls it. On insert and upsert it
     * generates ids, random strings ({@code auto} strings) and timestamps and fills defaults; on select it fills the
     * deprecated shorthands back from the fields that replace them (unless {@code hideShorthands}) and drops what is
     * not a field.
     */
    ObjectNode processAutoFields(ObjectNode input, Context ctx, Env env, boolean hideShorthands) {
        boolean select = ctx == Context.SELECT;
        ObjectNode data = select ? input : input.deepCopy();
        if (!shorthands.isEmpty()) {
            ObjectNode errs = NODES.objectNode();
            for (Shorthand sh : shorthands) {
                String sname = sh.field.name;
                JsonNode value = data.get(sname);
                if (value != null) {
                    JsonNode err = validateField(sh.field, value);
                    String dep = err == null ? deprecationExclusiveness(data, value, sh) : null;
                    if (err != null) {
                        errs.set(sname, err);
                    } else if (dep != null) {
                        errs.put(sname, dep);
                    } else {
                        data.remove(sname);
                        ObjectNode nv = sh.func.apply(value);
                        if (nv != null) {
                            applyShorthand(data, nv, sh.deprecated());
                        }
                    }
                }
                JsonNode path = sh.replacedWith();
                if (select && !hideShorthands && path != null) {
                    JsonNode v = data;
                    for (JsonNode seg : path) {
                        v = v != null && v.isObject() ? v.get(seg.asText()) : null;
                    }
                    if (v == null) {
                        data.remove(sname);
                    } else {
                        data.set(sname, v.deepCopy());
                    }
                }
            }
            if (!errs.isEmpty()) {
                throw new ShorthandErrors(errs);
            }
        }
        for (Field field : eachField(data)) {
            String key = field.name;
            JsonNode value = data.get(key);
            if (!select && field.is("auto")) {
                boolean insertOrUpsert = ctx == Context.INSERT || ctx == Context.UPSERT;
                if (field.is("uuid")) {
                    if (insertOrUpsert && value == null) {
                        value = NODES.textNode(env.uuid());
                    }
                } else if (field.type.equals("string")) {
                    if (insertOrUpsert && value == null) {
                        value = NODES.textNode(env.randomString());
                    }
                } else if ((key.equals("created_at") && insertOrUpsert && (value == null || value.isNull()))
                        || (key.equals("updated_at") && (insertOrUpsert || ctx == Context.UPDATE))) {
                    value = field.type.equals("number") ? NODES.numberNode(env.nowMillis())
                            : NODES.numberNode(env.nowSeconds());
                }
            }
            value = adjust(field, value, ctx, env, hideShorthands);
            if (select && value != null && field.type.equals("integer") && value.isNumber()) {
                value = NODES.numberNode((long) Math.floor(value.asDouble()));
            }
            if (value == null) {
                data.remove(key);
            } else {
                data.set(key, value);
            }
        }
        if (!select) {
            return data;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Field f = byName.get(e.getKey());
            if (f != null) {
                if (f.type.equals("string") && f.def.path("len_min").asInt(1) > 0 && e.getValue().isTextual()
                        && e.getValue().asText().isEmpty()) {
                    e.setValue(NullNode.getInstance());
                }
            } else if (!(e.getKey().equals("ttl") && ttl) && !isShorthandShownOnRead(e.getKey())) {
                it.remove();
            }
        }
        return data;
    }

    private boolean isShorthandShownOnRead(String key) {
        for (Shorthand sh : shorthands) {
            if (sh.field.name.equals(key) && sh.replacedWith() != null) {
                return true;
            }
        }
        return false;
    }

    private static void applyShorthand(ObjectNode data, ObjectNode newValues, boolean deprecated) {
        newValues.fields().forEachRemaining(e -> {
            String k = e.getKey();
            JsonNode v = e.getValue();
            JsonNode cur = data.get(k);
            if (isTable(v)) {
                ObjectNode source = cur != null && !cur.isNull() && cur.isObject() ? (ObjectNode) cur
                        : NODES.objectNode();
                ObjectNode merged = NODES.objectNode();
                if (deprecated) {
                    // null_aware_table_merge(v, source): the new field's non-null values win
                    v.fields().forEachRemaining(x -> merged.set(x.getKey(), x.getValue()));
                    source.fields().forEachRemaining(x -> {
                        if (!merged.has(x.getKey()) || !x.getValue().isNull()) {
                            merged.set(x.getKey(), x.getValue());
                        }
                    });
                } else {
                    source.fields().forEachRemaining(x -> merged.set(x.getKey(), x.getValue()));
                    v.fields().forEachRemaining(x -> merged.set(x.getKey(), x.getValue()));
                }
                data.set(k, merged);
            } else if (!deprecated || cur == null || cur.isNull()) {
                data.set(k, v);
            }
        });
    }

    private static String deprecationExclusiveness(ObjectNode data, JsonNode value, Shorthand sh) {
        JsonNode path = sh.replacedWith();
        if (value.isNull() || path == null) {
            return null;
        }
        JsonNode cur = data;
        List<String> names = new ArrayList<>();
        for (JsonNode seg : path) {
            names.add(seg.asText());
            cur = cur != null && cur.isObject() ? cur.get(seg.asText()) : null;
        }
        if (cur != null && !cur.isNull() && !cur.equals(value)) {
            return "both deprecated and new field are used but their values mismatch: " + sh.field.name + " = "
                    + luaString(value) + " vs " + String.join(".", names) + " = " + luaString(cur);
        }
        return null;
    }

    /** {@code adjust_field_for_context}. Returns null for Lua's nil. */
    private JsonNode adjust(Field field, JsonNode value, Context ctx, Env env, boolean hideShorthands) {
        if (ctx == Context.SELECT && value != null && value.isNull() && field.required()) {
            return handleMissing(field, env);
        }
        if (field.is("abstract")) {
            return value;
        }
        if (field.type.equals("record")) {
            boolean recurse = ctx == Context.UPDATE ? value != null && !value.isNull()
                    : (value == null || !value.isNull()) && (value != null || field.required());
            if (recurse) {
                JsonNode v = value != null ? value : handleMissing(field, env);
                if (isTable(v) && field.record != null) {
                    return field.record.processAutoFields(asRecord(v), ctx, env, hideShorthands);
                }
                value = v;
            }
        } else if (isTable(value)) {
            Field sub = null;
            if (field.type.equals("array") || field.type.equals("set")) {
                sub = field.elements;
                if (isSequence(value)) {
                    value = field.type.equals("set") ? makeSet(value) : NODES.arrayNode().addAll(arrayOf(value));
                }
            } else if (field.type.equals("map")) {
                sub = field.values;
            }
            if (sub != null) {
                if (value.isArray()) {
                    ArrayNode out = NODES.arrayNode();
                    for (JsonNode v : value) {
                        JsonNode a = adjust(sub, v, ctx, env, hideShorthands);
                        out.add(a == null ? NullNode.getInstance() : a);
                    }
                    value = out;
                } else {
                    ObjectNode out = NODES.objectNode();
                    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        JsonNode a = adjust(sub, e.getValue(), ctx, env, hideShorthands);
                        if (a != null) {
                            out.set(e.getKey(), a);
                        }
                    }
                    value = out;
                }
            }
        }
        if (value == null && ctx != Context.UPDATE) {
            return handleMissing(field, env);
        }
        return value;
    }

    private static List<JsonNode> arrayOf(JsonNode v) {
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** {@code make_set}: duplicates removed (tables are never equal to each other in Lua). */
    private static ArrayNode makeSet(JsonNode v) {
        ArrayNode out = NODES.arrayNode();
        for (JsonNode x : v) {
            boolean seen = false;
            for (JsonNode y : out) {
                if (luaEquals(x, y)) {
                    seen = true;
                    break;
                }
            }
            if (!seen) {
                out.add(x);
            }
        }
        return out;
    }

    /** {@code handle_missing_field}: the default, null when optional, the defaults of a required record. */
    private JsonNode handleMissing(Field field, Env env) {
        if (field.def.has("default")) {
            return field.def.get("default").deepCopy();
        }
        if (!field.required()) {
            return NullNode.getInstance();
        }
        if (field.is("abstract")) {
            return null;
        }
        if (field.type.equals("record") && field.record != null) {
            return field.record.processAutoFields(NODES.objectNode(), Context.INSERT, env, false);
        }
        return null;
    }

    // ---- validate -----------------------------------------------------------------------------------------

    /**
     * {@code Schema:validate(input, full_check, original_input, rbw_entity)}; {@code updating} selects the wording of
     * {@code validate_update}. Returns the errors, empty when valid.
     */
    ObjectNode validate(ObjectNode input, boolean fullCheck, ObjectNode originalInput, ObjectNode rbw,
                        boolean updating) {
        if (subschemaKey != null) {
            JsonNode key = input.get(subschemaKey);
            if (key == null || key.isNull()) {
                return NODES.objectNode().put(subschemaKey, "required field missing");
            }
            if (subschemaOf(input) == null) {
                String k = luaString(key.isArray() ? key.get(0) : key);
                return NODES.objectNode().put(subschemaKey,
                        (subschemaError != null ? subschemaError : "unknown type: %s").replace("%s", k));
            }
        }
        ObjectNode errors = validateFields(input);
        for (Field f : fields) {
            JsonNode v = input.get(f.name);
            if (f.required() && ((v != null && v.isNull()) || (fullCheck && v == null))) {
                errors.put(f.name, "required field missing");
            }
        }
        runEntityChecks(input, fullCheck, errors, updating);
        runTransformationChecks(input, originalInput, rbw, errors);
        return errors;
    }

    private ObjectNode validateFields(ObjectNode input) {
        ObjectNode errors = NODES.objectNode();
        KongSchema sub = subschemaOf(input);
        for (Iterator<Map.Entry<String, JsonNode>> it = input.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String k = e.getKey();
            if (k.equals("updated_at") || (k.equals("ttl") && ttl)) {
                continue;
            }
            Field f = byName.get(k);
            if (f == null) {
                errors.put(k, "unknown field");
                continue;
            }
            if (sub != null && sub.field(k) != null) {
                f = sub.field(k);
            }
            JsonNode err = validateField(f, e.getValue());
            if (err != null) {
                errors.set(k, err);
            }
        }
        return errors;
    }

    /** {@code Schema:validate_field}: null when valid, else the error (a string, or a table for aggregates). */
    JsonNode validateField(Field field, JsonNode value) {
        ObjectNode def = field.def;
        String err = def.has("err") ? def.get("err").asText() : null;
        if (value != null && value.isNull()) {
            if (def.has("ne") && def.get("ne").isNull()) {
                return text(err != null ? err : "value must not be null");
            }
            if (def.has("eq") && !def.get("eq").isNull()) {
                return text("value must be " + luaString(def.get("eq")));
            }
            return field.required() ? text("required field missing") : null;
        }
        if (def.has("eq") && def.get("eq").isNull()) {
            return text(err != null ? err : "value must be null");
        }
        if (field.is("abstract")) {
            return text("error in schema definition: abstract field was not specialized");
        }
        switch (field.type) {
            case "array", "set" -> {
                if (value == null || !isTable(value) || !isSequence(value)) {
                    return text(field.type.equals("set") ? "expected a set" : "expected an array");
                }
                JsonNode elementErrors = validateElements(field, value);
                if (elementErrors != null) {
                    return elementErrors;
                }
            }
            case "map" -> {
                if (!isTable(value)) {
                    return text("expected a map");
                }
                if (value.isArray() && !value.isEmpty()) {
                    return text("expected a string");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode ke = field.keys == null ? null
                            : validateField(field.keys.requiredCopy(), NODES.textNode(e.getKey()));
                    if (ke != null) {
                        return ke;
                    }
                    JsonNode ve = field.values == null ? null : validateField(field.values.requiredCopy(), e.getValue());
                    if (ve != null) {
                        return ve;
                    }
                }
            }
            case "record" -> {
                if (!isTable(value)) {
                    return text("expected a record");
                }
                if (field.record != null) {
                    ObjectNode copy = field.record.processAutoFields(asRecord(value), Context.INSERT, SCRATCH,
                            false);
                    ObjectNode errs = field.record.validate(copy, true, null, null, false);
                    if (!errs.isEmpty()) {
                        return errs;
                    }
                }
            }
            case "foreign" -> {
                KongSchema target = field.foreign.apply(def.path("reference").asText());
                ObjectNode pkErrors = target.validatePrimaryKey(value, true);
                if (pkErrors != null) {
                    if (value != null && value.isObject()) {
                        ObjectNode fe = target.validate((ObjectNode) value, false, null, null, false);
                        if (!fe.isEmpty()) {
                            return fe;
                        }
                    }
                    return pkErrors;
                }
            }
            case "integer" -> {
                if (value == null || !value.isNumber() || value.asDouble() != Math.floor(value.asDouble())
                        || Double.isInfinite(value.asDouble())) {
                    return text("expected an integer");
                }
            }
            case "number" -> {
                if (value == null || !value.isNumber()) {
                    return text("expected a number");
                }
            }
            case "boolean" -> {
                if (value == null || !value.isBoolean()) {
                    return text("expected a boolean");
                }
            }
            case "string" -> {
                if (value == null || !value.isTextual()) {
                    return text("expected a string");
                }
                if (field.is("referenceable") && isReference(value.asText())) {
                    return null;
                }
            }
            default -> {
                return text("invalid type: " + field.type);
            }
        }
        String v = validators(field, value);
        if (v != null) {
            return text(err != null ? err : v);
        }
        return null;
    }

    private JsonNode validateElements(Field field, JsonNode value) {
        if (field.elements == null || !value.isArray()) {
            return null;
        }
        Field el = field.elements.requiredCopy();
        ArrayNode errs = NODES.arrayNode();
        boolean any = false;
        for (int i = 0; i < value.size(); i++) {
            JsonNode e = validateField(el, value.get(i));
            errs.add(e == null ? NullNode.getInstance() : e);
            any |= e != null;
        }
        if (!any) {
            return null;
        }
        while (errs.size() > 0 && errs.get(errs.size() - 1).isNull()) {
            errs.remove(errs.size() - 1);
        }
        return errs;
    }

    /** Kong's vault references: {@code {vault://prefix/name}} ({@code kong.pdk.vault}'s {@code is_reference}). */
    static boolean isReference(String s) {
        return s.length() > 9 && s.startsWith("{vault://") && s.endsWith("}");
    }

    private static JsonNode text(String s) {
        return NODES.textNode(s);
    }

    /** The validators of {@code Schema.validators_order}, in that order; the first failure's message. */
    private String validators(Field field, JsonNode value) {
        ObjectNode d = field.def;
        if (d.has("eq") && !luaEquals(value, d.get("eq"))) {
            return "value must be " + luaString(d.get("eq"));
        }
        if (d.has("ne") && luaEquals(value, d.get("ne"))) {
            return "value must not be " + luaString(value);
        }
        if (d.has("not_one_of")) {
            for (JsonNode o : d.get("not_one_of")) {
                if (luaEquals(value, o)) {
                    return "must not be one of: " + joinOptions(d.get("not_one_of"));
                }
            }
        }
        if (d.has("one_of")) {
            boolean found = false;
            for (JsonNode o : d.get("one_of")) {
                found |= luaEquals(value, o);
            }
            if (!found) {
                return "expected one of: " + joinOptions(d.get("one_of"));
            }
        }
        if (d.has("gt") && value.isNumber() && !(value.asDouble() > d.get("gt").asDouble())) {
            return "value must be greater than " + luaString(d.get("gt"));
        }
        if (d.path("timestamp").asBoolean() && value.isNumber() && !(value.asDouble() > 0)) {
            return "expected a valid timestamp";
        }
        if (d.path("uuid").asBoolean() && value.isTextual()
                && !(value.asText().length() == 36 && UUID.matcher(value.asText()).matches())) {
            return "expected a valid UUID";
        }
        if (d.has("between") && value.isNumber()) {
            double x = value.asDouble();
            JsonNode b = d.get("between");
            if (x < b.get(0).asDouble() || x > b.get(1).asDouble()) {
                return "value should be between " + (long) b.get(0).asDouble() + " and " + (long) b.get(1).asDouble();
            }
        }
        int len = length(value);
        if (d.has("len_eq") && len != d.get("len_eq").asInt()) {
            return "length must be " + d.get("len_eq").asInt();
        }
        int lenMin = d.has("len_min") ? d.get("len_min").asInt() : field.type.equals("string") ? 1 : -1;
        if (lenMin >= 0 && len < lenMin) {
            return "length must be at least " + lenMin;
        }
        if (d.has("len_max") && len > d.get("len_max").asInt()) {
            return "length must be at most " + d.get("len_max").asInt();
        }
        if (value.isTextual()) {
            String s = value.asText();
            if (d.has("starts_with") && !s.startsWith(d.get("starts_with").asText())) {
                return "should start with: " + d.get("starts_with").asText();
            }
            if (d.has("not_match") && LuaPattern.find(s, d.get("not_match").asText())) {
                return "invalid value: " + s;
            }
            if (d.has("match_none")) {
                for (JsonNode m : d.get("match_none")) {
                    if (LuaPattern.find(s, m.get("pattern").asText())) {
                        return m.has("err") ? m.get("err").asText() : "invalid value: " + s;
                    }
                }
            }
            if (d.has("match") && !LuaPattern.find(s, d.get("match").asText())) {
                return "invalid value: " + s;
            }
            if (d.has("match_all")) {
                for (JsonNode m : d.get("match_all")) {
                    if (!LuaPattern.find(s, m.get("pattern").asText())) {
                        return m.has("err") ? m.get("err").asText() : "invalid value: " + s;
                    }
                }
            }
            if (d.has("match_any")) {
                boolean any = false;
                for (JsonNode p : d.get("match_any").get("patterns")) {
                    any |= LuaPattern.find(s, p.asText());
                }
                if (!any) {
                    JsonNode e = d.get("match_any").get("err");
                    return e != null ? e.asText() : "invalid value: " + s;
                }
            }
        }
        if (d.has("contains") && value.isArray()) {
            boolean found = false;
            for (JsonNode x : value) {
                found |= luaEquals(x, d.get("contains"));
            }
            if (!found) {
                return "expected to contain: " + luaString(d.get("contains"));
            }
        }
        if (field.custom != null) {
            String e = field.custom.check(value);
            if (e != null) {
                return e;
            }
        }
        if (d.has("mutually_exclusive_subsets") && value.isArray()) {
            List<JsonNode> memberOf = new ArrayList<>();
            for (JsonNode v : value) {
                for (JsonNode subset : d.get("mutually_exclusive_subsets")) {
                    for (JsonNode s : subset) {
                        if (s.equals(v) && !memberOf.contains(subset)) {
                            memberOf.add(subset);
                        }
                    }
                }
            }
            if (memberOf.size() > 1) {
                ArrayNode a = NODES.arrayNode();
                memberOf.forEach(a::add);
                return "these sets are mutually exclusive: " + quotedList(a);
            }
        }
        return null;
    }

    private static String joinOptions(JsonNode options) {
        List<String> out = new ArrayList<>();
        options.forEach(o -> out.add(luaString(o)));
        return String.join(", ", out);
    }

    /** Lua's {@code #}: bytes of a string, items of an array; a map counts its keys. */
    private static int length(JsonNode v) {
        if (v.isTextual()) {
            return v.asText().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        return isTable(v) ? v.size() : 0;
    }

    /** {@code validate_primary_key}: null when valid, else the errors ("missing primary key", ...). */
    ObjectNode validatePrimaryKey(JsonNode pk, boolean ignoreOthers) {
        ObjectNode errors = NODES.objectNode();
        Field id = field("id");
        JsonNode v = pk != null && pk.isObject() ? pk.get("id") : null;
        if (v == null || (v.isBoolean() && !v.asBoolean())) {
            errors.put("id", "missing primary key");
        } else if ((id.required() || id.is("auto")) && v.isNull()) {
            errors.put("id", "required field missing");
        } else {
            JsonNode e = validateField(id, v);
            if (e != null) {
                errors.set("id", e);
            }
        }
        if (!ignoreOthers && pk != null && pk.isObject()) {
            pk.fieldNames().forEachRemaining(k -> {
                if (!k.equals("id")) {
                    errors.put(k, "not a primary key");
                }
            });
        }
        return errors.isEmpty() ? null : errors;
    }

    // ---- entity checks ------------------------------------------------------------------------------------

    private void runEntityChecks(ObjectNode input, boolean fullCheck, ObjectNode errors, boolean updating) {
        for (Check c : checks) {
            runCheck(this, c, input, fullCheck, errors, updating);
        }
        KongSchema sub = subschemaOf(input);
        if (sub != null) {
            for (Check c : sub.checks) {
                runCheck(sub, c, input, fullCheck, errors, updating);
            }
        }
    }

    /** How an entity checker treats missing and invalid fields, and which sources it needs. */
    private record Checker(boolean runWithMissing, boolean runWithInvalid, List<String> sources,
                           List<String> requiredSources) {}

    private static Checker checker(String name) {
        return switch (name) {
            case "at_least_one_of" -> new Checker(true, true, null, null);
            // required_fields is a list here, so no source counts as required (init.lua indexes it by name)
            case "conditional_at_least_one_of" -> new Checker(true, true,
                    List.of("if_field", "then_at_least_one_of", "else_then_at_least_one_of"), List.of());
            case "only_one_of", "distinct" -> new Checker(false, true, null, null);
            case "conditional" -> new Checker(false, true, List.of("if_field", "then_field"), List.of("if_field"));
            case "custom_entity_check" -> new Checker(false, false, List.of("field_sources"),
                    List.of("field_sources"));
            case "mutually_required", "mutually_exclusive" -> new Checker(true, false, null, null);
            case "mutually_exclusive_sets" -> new Checker(true, false, List.of("set1", "set2"), List.of());
            default -> null;
        };
    }

    private void runCheck(KongSchema owner, Check check, ObjectNode input, boolean fullCheck, ObjectNode errors,
                          boolean updating) {
        Checker checker = checker(check.name);
        if (checker == null) {
            return;
        }
        JsonNode arg = check.arg;
        List<String> toCheck = new ArrayList<>();
        List<String> required = new ArrayList<>();
        if (checker.sources != null) {
            for (String source : checker.sources) {
                JsonNode v = arg.get(source);
                if (v == null) {
                    continue;
                }
                List<String> names = new ArrayList<>();
                if (v.isTextual()) {
                    names.add(v.asText());
                } else if (v.isArray()) {
                    v.forEach(n -> names.add(n.asText()));
                }
                toCheck.addAll(names);
                if (checker.requiredSources.contains(source)) {
                    required.addAll(names);
                }
            }
        } else {
            arg.forEach(n -> toCheck.add(n.asText()));
            required.addAll(toCheck);
        }
        List<String> missing = new ArrayList<>();
        boolean allNil = true;
        boolean allOk = true;
        boolean argRunWithMissing = arg.path("run_with_missing_fields").asBoolean(false);
        ObjectNode checkInput = NODES.objectNode();
        for (String fname : toCheck) {
            JsonNode value = getField(input, fname);
            if (value == null) {
                if (!checker.runWithMissing && !argRunWithMissing && required.contains(fname)) {
                    missing.add(fname);
                }
            } else {
                allNil = false;
                Field f = fieldAt(owner, fname);
                if (f != null && f.type.equals("string") && f.is("referenceable") && value.isTextual()
                        && isReference(value.asText())) {
                    return;
                }
            }
            if (errors.has(fname)) {
                allOk = false;
            }
            if (value != null) {
                setField(checkInput, fname, value);
            }
        }
        if (!allOk && !checker.runWithInvalid && !arg.path("run_with_invalid_fields").asBoolean(false)) {
            return;
        }
        if (allNil && !(checker.runWithMissing && fullCheck)) {
            return;
        }
        if (!missing.isEmpty()) {
            for (String m : missing) {
                setField(errors, m, text(updating ? "field required for entity check when updating"
                        : "field required for entity check"));
            }
            return;
        }
        String[] result = runChecker(owner, check, checkInput, errors, updating);
        if (result == null) {
            return;
        }
        String message;
        if (result[1] != null) {
            message = result[1];
        } else {
            String fmt = switch (check.name) {
                case "at_least_one_of" -> (updating ? "when updating, " : "")
                        + "at least one of these fields must be non-empty: %s";
                case "conditional_at_least_one_of" -> (updating ? "when updating, " : "")
                        + "at least one of these fields must be non-empty: %s";
                case "only_one_of" -> "exactly one of these fields must be non-empty: %s";
                case "distinct" -> "values of these fields must be distinct: %s";
                case "conditional" -> "failed conditional validation given value of field '%s'";
                case "mutually_required" -> "all or none of these fields must be set: %s";
                case "mutually_exclusive" -> "only one or none of these fields must be set: %s";
                case "mutually_exclusive_sets" -> "these sets are mutually exclusive: %s";
                default -> "%s";
            };
            message = fmt.replace("%s", result[0]);
        }
        errors.withArray("@entity").add(message);
    }

    /** The field at a dotted path; a subschema's checks see the parent's fields where it has none of its own. */
    private Field fieldAt(KongSchema schema, String dotted) {
        KongSchema cur = schema;
        Field f = null;
        for (String seg : dotted.split("\\.")) {
            if (cur == null) {
                return null;
            }
            f = cur.field(seg);
            if (f == null && cur == schema) {
                f = field(seg);
            }
            cur = f != null ? f.record : null;
        }
        return f;
    }

    /** Runs a checker: null when it passes, else {error argument, custom error or null}. */
    private String[] runChecker(KongSchema owner, Check check, ObjectNode entity, ObjectNode errors,
                                boolean updating) {
        JsonNode arg = check.arg;
        switch (check.name) {
            case "at_least_one_of" -> {
                for (JsonNode n : arg) {
                    if (isNonEmpty(getField(entity, n.asText()))) {
                        return null;
                    }
                }
                return new String[] {quotedList(arg), null};
            }
            case "conditional_at_least_one_of" -> {
                JsonNode ifValue = getField(entity, arg.get("if_field").asText());
                if (ifValue == null) {
                    return null;
                }
                Field ifField = fieldAt(owner, arg.get("if_field").asText());
                if (validateField(ifField.overlay((ObjectNode) arg.get("if_match"), null), ifValue) != null) {
                    if (!arg.has("else_match")) {
                        return null;
                    }
                    if (validateField(ifField.overlay((ObjectNode) arg.get("else_match"), null), ifValue) != null) {
                        return null;
                    }
                    return atLeastOne(entity, arg.get("else_then_at_least_one_of"), arg.get("else_then_err"));
                }
                return atLeastOne(entity, arg.get("then_at_least_one_of"), arg.get("then_err"));
            }
            case "only_one_of" -> {
                int found = 0;
                for (JsonNode n : arg) {
                    if (isNonEmpty(getField(entity, n.asText()))) {
                        found++;
                    }
                }
                return found == 1 ? null : new String[] {quotedList(arg), null};
            }
            case "distinct" -> {
                List<JsonNode> seen = new ArrayList<>();
                for (JsonNode n : arg) {
                    JsonNode v = getField(entity, n.asText());
                    if (isNonEmpty(v)) {
                        for (JsonNode s : seen) {
                            if (luaEquals(s, v)) {
                                return new String[] {quotedList(arg), null};
                            }
                        }
                        seen.add(v);
                    }
                }
                return null;
            }
            case "conditional" -> {
                String ifName = arg.get("if_field").asText();
                String thenName = arg.get("then_field").asText();
                JsonNode ifValue = getField(entity, ifName);
                JsonNode thenValue = getField(entity, thenName);
                if (thenValue == null) {
                    thenValue = NullNode.getInstance();
                }
                Field ifField = fieldAt(owner, ifName);
                if (validateField(ifField.overlay((ObjectNode) arg.get("if_match"), null), ifValue) != null) {
                    return null;
                }
                ObjectNode thenMatch = (ObjectNode) arg.get("then_match");
                if (thenMatch.path("required").asBoolean(false) && thenValue.isNull()) {
                    setField(errors, thenName, text("required field missing"));
                    return new String[] {ifName, null};
                }
                Field thenField = fieldAt(owner, thenName).overlay(thenMatch, check.thenValidator);
                JsonNode err = validateField(thenField, thenValue);
                if (err != null) {
                    setField(errors, thenName, err);
                    String thenErr = arg.has("then_err") ? arg.get("then_err").asText().replace("%s", ifName) : null;
                    return new String[] {ifName, thenErr};
                }
                return null;
            }
            case "custom_entity_check" -> {
                String e = check.fn == null ? null : check.fn.check(entity);
                return e == null ? null : new String[] {e, null};
            }
            case "mutually_required" -> {
                int n = 0;
                for (JsonNode f : arg) {
                    if (isNonEmpty(getField(entity, f.asText()))) {
                        n++;
                    }
                }
                return n == 0 || n == arg.size() ? null : new String[] {quotedList(arg), null};
            }
            case "mutually_exclusive" -> {
                int n = 0;
                for (JsonNode f : arg) {
                    if (isNonEmpty(getField(entity, f.asText()))) {
                        n++;
                    }
                }
                return n <= 1 ? null : new String[] {quotedList(arg), null};
            }
            case "mutually_exclusive_sets" -> {
                ArrayNode s1 = NODES.arrayNode();
                ArrayNode s2 = NODES.arrayNode();
                arg.get("set1").forEach(f -> {
                    if (isNonEmpty(getField(entity, f.asText()))) {
                        s1.add(f);
                    }
                });
                arg.get("set2").forEach(f -> {
                    if (isNonEmpty(getField(entity, f.asText()))) {
                        s2.add(f);
                    }
                });
                return s1.isEmpty() || s2.isEmpty() ? null
                        : new String[] {"(" + quotedList(s1) + "), (" + quotedList(s2) + ")", null};
            }
            default -> {
                return null;
            }
        }
    }

    private static String[] atLeastOne(JsonNode entity, JsonNode names, JsonNode customErr) {
        for (JsonNode n : names) {
            if (isNonEmpty(getField(entity, n.asText()))) {
                return null;
            }
        }
        String list = quotedList(names);
        return new String[] {list, customErr != null ? customErr.asText().replace("%s", list) : null};
    }

    // ---- transformations ----------------------------------------------------------------------------------

    private void runTransformationChecks(ObjectNode input, ObjectNode original, ObjectNode rbw, ObjectNode errors) {
        for (Transformation t : transformations) {
            List<String> args = new ArrayList<>();
            boolean noneSet = true;
            ObjectNode source = original != null ? original : input;
            for (String f : t.input) {
                if (isNonEmpty(getField(source, f))) {
                    noneSet = false;
                }
                args.add(f);
            }
            boolean needsChanged = false;
            for (String f : t.needs) {
                if (rbw != null && !needsChanged) {
                    JsonNode v = getField(source, f);
                    JsonNode r = getField(rbw, f);
                    if (v == null ? r != null : r == null || !v.equals(r)) {
                        needsChanged = true;
                    }
                }
                args.add(f);
            }
            if (needsChanged || !noneSet) {
                String err = mutuallyRequired(needsChanged ? source : input, args);
                if (err == null) {
                    err = mutuallyRequired(source, t.input);
                }
                if (err != null) {
                    errors.withArray("@entity").add("all or none of these fields must be set: " + err);
                }
            }
        }
        KongSchema sub = subschemaOf(input);
        if (sub != null) {
            sub.runTransformationChecks(input, original, rbw, errors);
        }
    }

    private static String mutuallyRequired(JsonNode entity, List<String> names) {
        int n = 0;
        for (String f : names) {
            if (isNonEmpty(getField(entity, f))) {
                n++;
            }
        }
        if (n == 0 || n == names.size()) {
            return null;
        }
        ArrayNode a = NODES.arrayNode();
        names.forEach(a::add);
        return quotedList(a);
    }

    /** {@code Schema:transform(input, original_input, "insert"|"update"|"upsert")}: the {@code on_write}s. */
    ObjectNode transform(ObjectNode input, ObjectNode original, Env env) {
        ObjectNode output = transformWith(transformations, input, original, env);
        KongSchema sub = subschemaOf(input);
        if (sub != null) {
            output = sub.transformWith(sub.transformations, output, original, env);
        }
        return output;
    }

    private ObjectNode transformWith(List<Transformation> ts, ObjectNode input, ObjectNode original, Env env) {
        ObjectNode output = null;
        for (Transformation t : ts) {
            List<JsonNode> args = new ArrayList<>();
            boolean ok = true;
            for (String f : t.input) {
                JsonNode v = getField(output != null ? output : original != null ? original : input, f);
                if (!isNonEmpty(v)) {
                    ok = false;
                    break;
                }
                args.add(original != null ? getField(output != null ? output : input, f) : v);
            }
            for (String f : t.needs) {
                if (!ok) {
                    break;
                }
                JsonNode v = getField(output != null ? output : input, f);
                if (!isNonEmpty(v)) {
                    ok = false;
                    break;
                }
                args.add(v);
            }
            if (ok) {
                ObjectNode data = t.onWrite.apply(args, env);
                output = mergeValues(data, output != null ? output : input);
            }
        }
        return output != null ? output : input;
    }

    /** {@code merge_values(top, bottom)}: records merged field by field, everything else replaced. */
    ObjectNode mergeValues(ObjectNode top, ObjectNode bottom) {
        ObjectNode out = bottom == null ? NODES.objectNode() : bottom.deepCopy();
        top.fields().forEachRemaining(e -> out.set(e.getKey(), e.getValue()));
        if (bottom == null) {
            return out;
        }
        for (Field f : eachField(bottom)) {
            JsonNode t = top.get(f.name);
            if (t == null) {
                if (bottom.has(f.name)) {
                    out.set(f.name, bottom.get(f.name));
                }
            } else if (f.type.equals("record") && !f.is("abstract") && f.record != null && t.isObject()
                    && bottom.get(f.name) instanceof ObjectNode b) {
                out.set(f.name, f.record.mergeValues((ObjectNode) t, b));
            } else {
                out.set(f.name, t);
            }
        }
        return out;
    }
}
