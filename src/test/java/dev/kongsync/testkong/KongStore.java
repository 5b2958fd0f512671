package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.Daos.Dao;
import dev.kongsync.testkong.KongErrors.KongError;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static dev.kongsync.testkong.KongSchema.NODES;

/**
 * The test Kong's database and Kong's generic DAO ({@code kong/db/dao/init.lua}) over it: {@code check_insert},
 * {@code check_upsert}, {@code check_update} (auto fields, foreign keys resolved by unique fields, validation,
 * transformations), and what PostgreSQL enforces (primary key, unique columns and the cache key, foreign keys,
 * {@code ON DELETE CASCADE} and restrict), with errors mapped as the PostgreSQL strategy's {@code toerror} maps them.
 * Rows are kept by kind, ordered by id as PostgreSQL pages them. Callers hold the store's lock.
 */
final class KongStore {
    static final Pattern UUID_RE = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** {@code DAO_MAX_TTL} of {@code kong/constants.lua}. */
    private static final long MAX_TTL = 100_000_000L;

    final KongSchemas schemas = KongSchemas.shared();
    private final Map<String, TreeMap<String, ObjectNode>> tables = new HashMap<>();
    /** Expiry (epoch seconds) of rows of ttl kinds. */
    private final Map<String, Map<String, Double>> expiries = new HashMap<>();
    final Deque<String> nextIds = new ArrayDeque<>();
    final Deque<String> nextGenerated = new ArrayDeque<>();
    volatile Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    /**
     * Where random strings, salts and timestamps come from: queued values first. Generated ids are fresh ones; a
     * create takes the next queued id instead when it is stored, so a create that fails takes none.
     */
    final KongSchema.Env env = new KongSchema.Env() {
        @Override
        public String uuid() {
            return UUID.randomUUID().toString();
        }

        @Override
        public String randomString() {
            String s = nextGenerated.poll();
            if (s != null) {
                return s;
            }
            // kong.tools.rand.random_string: 24 random bytes in base64, '/' and '+' replaced by letters
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            StringBuilder out = new StringBuilder();
            for (char c : Base64.getEncoder().encodeToString(bytes).toCharArray()) {
                out.append(c == '/' ? (char) ('A' + random.nextInt(26)) : c == '+' ? (char) ('a' + random.nextInt(26))
                        : c);
            }
            return out.toString();
        }

        @Override
        public long nowSeconds() {
            return clock.millis() / 1000;
        }

        @Override
        public double nowMillis() {
            return clock.millis() / 1000.0;
        }

        @Override
        public byte[] salt() {
            String s = nextGenerated.poll();
            if (s != null) {
                return Base64.getDecoder().decode(s);
            }
            byte[] b = new byte[16];
            random.nextBytes(b);
            return b;
        }
    };

    /** The id of a new entity: the next queued one (taken), else {@code generated}. */
    String newId(String generated) {
        String id = nextIds.poll();
        return id != null ? id.toLowerCase() : generated.toLowerCase();
    }

    /** The id a create will take: the next queued one (left queued until the create is stored), else its own. */
    private String pendingId(ObjectNode e) {
        String queued = nextIds.peek();
        return queued != null ? queued.toLowerCase() : e.get("id").asText().toLowerCase();
    }

    KongStore() {
        for (Dao d : Daos.ALL) {
            tables.put(d.name(), new TreeMap<>());
            expiries.put(d.name(), new HashMap<>());
        }
    }

    void clear() {
        tables.values().forEach(Map::clear);
        expiries.values().forEach(Map::clear);
        nextIds.clear();
        nextGenerated.clear();
    }

    KongSchema schema(Dao dao) {
        return schemas.entity(dao.name());
    }

    /** The live rows of a kind (expired ones are gone, as Kong's ttl filter hides them). */
    TreeMap<String, ObjectNode> rows(Dao dao) {
        Map<String, Double> exp = expiries.get(dao.name());
        if (!exp.isEmpty()) {
            double now = clock.millis() / 1000.0;
            exp.entrySet().removeIf(e -> {
                if (e.getValue() < now) {
                    tables.get(dao.name()).remove(e.getKey());
                    return true;
                }
                return false;
            });
        }
        return tables.get(dao.name());
    }

    int size() {
        int n = 0;
        for (Dao d : Daos.ALL) {
            n += rows(d).size();
        }
        return n;
    }

    // ---- reads ----------------------------------------------------------------------------------------------

    /** {@code row_to_entity}: the row as the Admin API answers it (shorthands filled back, ttl remaining). */
    ObjectNode toEntity(Dao dao, ObjectNode row, boolean hideShorthands) {
        ObjectNode copy = row.deepCopy();
        if (dao.ttl()) {
            Double exp = expiries.get(dao.name()).get(row.get("id").asText());
            // PostgreSQL: FLOOR(EXTRACT(EPOCH FROM (ttl - CURRENT_TIMESTAMP))); the expiry was set from ngx.time(),
            // a whole second, so a fresh 3600 s key reads 3599
            copy.set("ttl", exp == null ? NullNode.getInstance()
                    : NODES.numberNode((long) Math.floor(exp - clock.millis() / 1000.0)));
        }
        ObjectNode entity = schema(dao).processAutoFields(copy, KongSchema.Context.SELECT, env, hideShorthands);
        return dao.override().read(this, dao, entity);
    }

    ObjectNode toEntity(Dao dao, ObjectNode row) {
        return toEntity(dao, row, false);
    }

    ObjectNode row(Dao dao, String id) {
        return id == null ? null : rows(dao).get(id.toLowerCase());
    }

    ObjectNode rowBy(Dao dao, String field, JsonNode value) {
        for (ObjectNode r : rows(dao).values()) {
            if (value.equals(r.get(field))) {
                return r;
            }
        }
        return null;
    }

    /** {@code DAO:select(pk)}: validates the primary key (code 1), then the entity or null. */
    ObjectNode select(Dao dao, String id) {
        ObjectNode pk = NODES.objectNode().put("id", id);
        ObjectNode errors = schema(dao).validatePrimaryKey(pk, false);
        if (errors != null) {
            throw KongErrors.invalidPrimaryKey(errors);
        }
        ObjectNode r = row(dao, id);
        return r == null ? null : toEntity(dao, r);
    }

    /** {@code validate_unique_row_method}: the value must be valid for its field (code 10, "invalid unique name"). */
    JsonNode uniqueValue(Dao dao, String field, String raw) {
        KongSchema.Field f = schema(dao).field(field);
        JsonNode value = infer(raw, f);
        JsonNode err = schema(dao).validateField(f, value);
        if (err != null) {
            throw KongErrors.invalidUnique(field, err.isTextual() ? err.asText() : err.toString());
        }
        return value;
    }

    /** {@code arguments.infer_value}: a URL segment as the field's type. */
    private static JsonNode infer(String raw, KongSchema.Field f) {
        if (f.type.equals("integer") || f.type.equals("number")) {
            try {
                return NODES.numberNode(Double.parseDouble(raw));
            } catch (NumberFormatException e) {
                return NODES.textNode(raw);
            }
        }
        return NODES.textNode(raw);
    }

    /** {@code select_by_<field>}: validates the value (code 10), then the entity or null. */
    ObjectNode selectByKey(Dao dao, String field, String raw) {
        ObjectNode r = rowBy(dao, field, uniqueValue(dao, field, raw));
        return r == null ? null : toEntity(dao, r);
    }

    /** A page: the entities and the offset of the next page (null on the last). */
    record Page(List<ObjectNode> data, String offset) {}

    /** Tag filters of {@code ?tags=}: all of them ("and") or any ("or"). */
    record Tags(List<String> tags, boolean and) {
        boolean matches(ObjectNode row) {
            List<String> has = new ArrayList<>();
            row.path("tags").forEach(t -> has.add(t.asText()));
            return and ? has.containsAll(tags) : tags.stream().anyMatch(has::contains);
        }
    }

    /**
     * The PostgreSQL strategy's {@code page}: rows in id order after the offset (base64 of {@code ["<id>"]});
     * {@code filter} selects a parent's children or tagged rows.
     */
    Page page(Dao dao, int size, String offset, Predicate<ObjectNode> filter) {
        String after = null;
        if (offset != null) {
            after = decodeOffset(offset);
        }
        List<ObjectNode> data = new ArrayList<>();
        TreeMap<String, ObjectNode> t = rows(dao);
        String last = null;
        for (ObjectNode r : (after == null ? t : t.tailMap(after, false)).values()) {
            if (!filter.test(r)) {
                continue;
            }
            if (data.size() == size) {
                return new Page(data, encodeOffset(last));
            }
            data.add(r);
            last = r.get("id").asText();
        }
        return new Page(data, null);
    }

    static String encodeOffset(String id) {
        return Base64.getEncoder().withoutPadding()
                .encodeToString(("[\"" + id + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code ngx.decode_base64} then {@code cjson.decode}; the first item is the id to page after. No first item is
     * SQL's NULL, after which nothing comes ("\uFFFF" here); what PostgreSQL does not take as a uuid, or what Lua
     * cannot index, fails.
     */
    static String decodeOffset(String offset) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(offset);
        } catch (IllegalArgumentException e) {
            throw KongErrors.invalidOffset(offset, "bad base64 encoding");
        }
        JsonNode token;
        try {
            token = KongSchema.JSON.readTree(raw);
        } catch (java.io.IOException e) {
            throw KongErrors.invalidOffset(offset, "bad json encoding");
        }
        if (token == null || token.isNull() || token.isNumber() || token.isBoolean()) {
            throw KongErrors.unexpected();
        }
        JsonNode first = token.isArray() ? token.get(0) : null;
        if (first == null || first.isNull()) {
            return "\uFFFF";
        }
        if (!first.isTextual() || !UUID_RE.matcher(first.asText()).matches()) {
            throw KongErrors.unexpected();
        }
        return first.asText().toLowerCase();
    }

    // ---- the DAO: insert, upsert, update, delete ------------------------------------------------------------

    private void checkTtl(Dao dao, Long ttl, boolean given) {
        if (!given) {
            return;
        }
        if (!dao.ttl()) {
            throw KongErrors.invalidOptions(NODES.objectNode().put("ttl", "cannot be used with '" + dao.name() + "'"));
        }
        if (ttl == null || ttl < 0 || ttl > MAX_TTL) {
            throw KongErrors.invalidOptions(NODES.objectNode().put("ttl",
                    "must be an integer between 0 and " + MAX_TTL));
        }
    }

    /** The {@code ttl} option of a write: absent, or a number (anything else fails as an invalid option). */
    record Ttl(boolean given, Long seconds) {
        static final Ttl NONE = new Ttl(false, null);

        static Ttl of(JsonNode v) {
            if (v == null) {
                return NONE;
            }
            boolean integral = v.isNumber() && v.asDouble() == Math.floor(v.asDouble());
            return new Ttl(true, integral ? v.asLong() : null);
        }
    }

    private ObjectNode auto(KongSchema s, ObjectNode entity, KongSchema.Context ctx) {
        try {
            return s.processAutoFields(entity, ctx, env, false);
        } catch (KongSchema.ShorthandErrors e) {
            throw KongErrors.schemaViolation(e.errors);
        }
    }

    private void validate(KongSchema s, ObjectNode e, boolean full, ObjectNode original, ObjectNode rbw,
                          boolean updating) {
        ObjectNode errors = s.validate(e, full, original, rbw, updating);
        if (!errors.isEmpty()) {
            throw KongErrors.schemaViolation(errors);
        }
    }

    private ObjectNode transform(KongSchema s, ObjectNode e, ObjectNode original) {
        try {
            return s.transform(e, original, env);
        } catch (KongSchema.TransformationFailure f) {
            throw KongErrors.transformationError("transformation failed: " + f.getMessage());
        }
    }

    /**
     * {@code resolve_foreign}: a reference without a valid id is looked up by the referenced kind's unique fields
     * ({@code {"name": "x"}}); when none resolves, code 13.
     */
    private void resolveForeign(KongSchema s, ObjectNode e) {
        ObjectNode unresolved = NODES.objectNode();
        Map<String, String> parents = new LinkedHashMap<>();
        for (KongSchema.Field f : s.eachField(e)) {
            JsonNode value = e.get(f.name);
            if (!f.type.equals("foreign") || value == null || !value.isObject()) {
                continue;
            }
            Dao ref = Daos.find(f.def.path("reference").asText());
            KongSchema target = schemas.entity(f.def.path("reference").asText());
            if (ref == null || target.validatePrimaryKey(value, true) == null) {
                continue;
            }
            ObjectNode errs = NODES.objectNode();
            for (KongSchema.Field uf : target.fields) {
                JsonNode uv = value.get(uf.name);
                if (!uf.is("unique") || uv == null || uv.isNull() || target.validateField(uf, uv) != null) {
                    continue;
                }
                ObjectNode found = rowBy(ref, uf.name, uv);
                if (found != null) {
                    e.set(f.name, NODES.objectNode().put("id", found.get("id").asText()));
                    break;
                }
                errs.set(uf.name, uv);
            }
            if (!errs.isEmpty()) {
                unresolved.set(f.name, errs);
                parents.put(f.name, target.name);
            }
        }
        if (!unresolved.isEmpty()) {
            throw KongErrors.foreignKeysUnresolved(unresolved, parents);
        }
    }

    /** {@code DAO:insert} (the generic one; kinds with a DAO override call it as {@code super.insert}). */
    ObjectNode superInsert(Dao dao, ObjectNode entity, Ttl ttl) {
        checkTtl(dao, ttl.seconds(), ttl.given());
        KongSchema s = schema(dao);
        ObjectNode e = auto(s, entity, KongSchema.Context.INSERT);
        resolveForeign(s, e);
        validate(s, e, true, entity, null, false);
        e = transform(s, e, entity);
        boolean queued = !entity.has("id") && !nextIds.isEmpty();
        String id = entity.has("id") ? e.get("id").asText().toLowerCase() : pendingId(e);
        e.put("id", id);
        if (rows(dao).containsKey(id)) {
            throw toError(dao, dao.table() + "_pkey", e);
        }
        checkUnique(dao, e, id);
        checkForeignKeys(dao, e);
        if (queued) {
            nextIds.poll();
        }
        store(dao, id, e, ttl, e.path("created_at").asDouble());
        return toEntity(dao, rows(dao).get(id));
    }

    /** {@code DAO:upsert(pk)}: a full replace, or a create with this id. */
    ObjectNode superUpsert(Dao dao, String id, ObjectNode entity, Ttl ttl) {
        checkTtl(dao, ttl.seconds(), ttl.given());
        KongSchema s = schema(dao);
        String pk = id.toLowerCase();
        ObjectNode input = entity.deepCopy();
        if (!input.has("id")) {
            // Kong generates an id here and the strategy then writes the primary key's
            input.put("id", pk);
        }
        ObjectNode e = auto(s, input, KongSchema.Context.UPSERT);
        resolveForeign(s, e);
        validate(s, e, true, entity, null, false);
        e = transform(s, e, entity);
        e.put("id", pk);
        checkUnique(dao, e, pk);
        checkForeignKeys(dao, e);
        store(dao, pk, e, ttl, e.path("created_at").asDouble());
        return toEntity(dao, rows(dao).get(pk));
    }

    /** {@code upsert_by_<endpoint key>}: replaces the entity of that key, or creates one with it. */
    ObjectNode superUpsertByKey(Dao dao, String raw, ObjectNode entity, Ttl ttl) {
        ObjectNode e = checkUpsertByKey(dao, raw, entity, ttl);
        ObjectNode existing = rowBy(dao, dao.endpointKey(), e.get(dao.endpointKey()));
        boolean queued = existing == null && !entity.has("id") && !nextIds.isEmpty();
        if (queued) {
            e.put("id", pendingId(e));
        }
        String id = e.get("id").asText();
        if (existing == null && rows(dao).containsKey(id)) {
            throw toError(dao, dao.table() + "_pkey", e);
        }
        checkUnique(dao, e, id);
        checkForeignKeys(dao, e);
        if (queued) {
            nextIds.poll();
        }
        store(dao, id, e, ttl, e.path("created_at").asDouble());
        return toEntity(dao, rows(dao).get(id));
    }

    /** {@code check_upsert} with a key: the entity to write, its id the existing entity's when there is one. */
    ObjectNode checkUpsertByKey(Dao dao, String raw, ObjectNode entity, Ttl ttl) {
        String key = dao.endpointKey();
        JsonNode value = uniqueValue(dao, key, raw);
        checkTtl(dao, ttl.seconds(), ttl.given());
        KongSchema s = schema(dao);
        ObjectNode existing = rowBy(dao, key, value);
        ObjectNode input = entity.deepCopy();
        if (existing != null && !input.has("id")) {
            // Kong generates an id here; the upsert keeps the existing row's
            input.put("id", existing.get("id").asText());
        }
        ObjectNode e = auto(s, input, KongSchema.Context.UPSERT);
        e.set(key, value);
        resolveForeign(s, e);
        validate(s, e, true, entity, null, false);
        e = transform(s, e, entity);
        e.set(key, value);
        e.put("id", existing != null ? existing.get("id").asText() : e.get("id").asText().toLowerCase());
        return e;
    }

    /** {@code DAO:update(pk)} (PATCH): the entity merged into the stored one; missing: code 6. */
    ObjectNode superUpdate(Dao dao, String id, ObjectNode entity, Ttl ttl) {
        ObjectNode rbw = row(dao, id);
        return update(dao, rbw, entity, ttl, KongErrors.notFound(NODES.objectNode().put("id", id)));
    }

    /** {@code update_by_<endpoint key>}: as {@link #superUpdate}, missing: code 6 "with '{name="x"}'". */
    ObjectNode updateByKey(Dao dao, String raw, ObjectNode entity, Ttl ttl) {
        String key = dao.endpointKey();
        JsonNode value = uniqueValue(dao, key, raw);
        return update(dao, rowBy(dao, key, value), entity, ttl,
                KongErrors.notFoundByField(NODES.objectNode().set(key, value)));
    }

    private ObjectNode update(Dao dao, ObjectNode rbwRow, ObjectNode entity, Ttl ttl, KongError notFound) {
        checkTtl(dao, ttl.seconds(), ttl.given());
        KongSchema s = schema(dao);
        ObjectNode e = auto(s, entity, KongSchema.Context.UPDATE);
        if (rbwRow == null) {
            throw notFound;
        }
        ObjectNode rbw = toEntity(dao, rbwRow, true);
        ObjectNode merged = s.mergeValues(e, rbw);
        merged.remove("ttl");
        resolveForeign(s, merged);
        validate(s, merged, false, entity, rbw, true);
        merged = transform(s, merged, entity);
        String id = rbwRow.get("id").asText();
        merged.put("id", id);
        checkUnique(dao, merged, id);
        checkForeignKeys(dao, merged);
        if (ttl.given()) {
            store(dao, id, merged, ttl, merged.path("updated_at").asDouble());
        } else {
            rows(dao).put(id, stripped(dao, merged));
        }
        return toEntity(dao, rows(dao).get(id));
    }

    private void store(Dao dao, String id, ObjectNode e, Ttl ttl, double base) {
        rows(dao).put(id, stripped(dao, e));
        if (ttl.seconds() != null && ttl.seconds() > 0) {
            expiries.get(dao.name()).put(id, base + ttl.seconds());
        } else {
            expiries.get(dao.name()).remove(id);
        }
    }

    /** What a row keeps: the entity without its transient fields (a certificate's snis) and the ttl. */
    private ObjectNode stripped(Dao dao, ObjectNode e) {
        ObjectNode r = e.deepCopy();
        r.remove("ttl");
        for (KongSchema.Field f : schema(dao).fields) {
            if (f.is("transient")) {
                r.remove(f.name);
            }
        }
        return r;
    }

    // ---- what PostgreSQL enforces ---------------------------------------------------------------------------

    /** The cache key of an entity: its fields' values, references by id, nil as "". */
    private List<String> cacheKey(Dao dao, ObjectNode e) {
        List<String> out = new ArrayList<>();
        for (String f : dao.cacheKey()) {
            JsonNode v = e.get(f);
            if (v != null && v.isObject()) {
                v = v.get("id");
            }
            out.add(v == null || v.isNull() ? "" : v.asText());
        }
        return out;
    }

    /** The unique columns in the order PostgreSQL checks them. */
    private List<String> uniqueColumns(Dao dao) {
        if (!dao.uniqueOrder().isEmpty()) {
            return dao.uniqueOrder();
        }
        List<String> out = new ArrayList<>();
        if (dao.storesCacheKey()) {
            out.add("cache_key");
        }
        for (KongSchema.Field f : schema(dao).fields) {
            if (f.is("unique")) {
                out.add(f.name);
            }
        }
        return out;
    }

    private void checkUnique(Dao dao, ObjectNode e, String id) {
        for (String column : uniqueColumns(dao)) {
            boolean cache = column.equals("cache_key");
            JsonNode v = cache ? null : e.get(column);
            if (!cache && (v == null || v.isNull())) {
                continue;
            }
            List<String> ck = cache ? cacheKey(dao, e) : null;
            for (ObjectNode r : rows(dao).values()) {
                if (r.get("id").asText().equals(id)) {
                    continue;
                }
                boolean clash = cache ? ck.equals(cacheKey(dao, r)) : v.equals(r.get(column));
                if (clash) {
                    throw toError(dao, dao.table() + "_" + column + "_key", e);
                }
            }
        }
    }

    /**
     * The PostgreSQL strategy's {@code toerror} for a unique violation: the cache key when the constraint's name
     * has "cache_key", else the first unique field whose name is in the constraint's name, else the primary key.
     * So a duplicate id of a key-auth or jwt credential ({@code keyauth_credentials_pkey}) reports its {@code key}.
     */
    private KongError toError(Dao dao, String constraint, ObjectNode e) {
        if (constraint.contains("cache_key")) {
            ObjectNode keys = NODES.objectNode();
            for (String f : dao.cacheKey()) {
                JsonNode v = e.get(f);
                keys.set(f, v == null ? NullNode.getInstance()
                        : v.isObject() ? NODES.objectNode().set("id", v.get("id")) : v);
            }
            return KongErrors.uniqueViolation(keys);
        }
        for (KongSchema.Field f : schema(dao).fields) {
            if (f.is("unique") && constraint.contains(f.name)) {
                JsonNode v = e.get(f.name);
                return KongErrors.uniqueViolation(NODES.objectNode().set(f.name,
                        v == null ? NullNode.getInstance() : v));
            }
        }
        return KongErrors.primaryKeyViolation(NODES.objectNode().put("id", e.get("id").asText()));
    }

    /** Foreign keys: the referenced row must exist (checked after the unique constraints, as PostgreSQL does). */
    private void checkForeignKeys(Dao dao, ObjectNode e) {
        for (KongSchema.Field f : schema(dao).eachField(e)) {
            JsonNode v = e.get(f.name);
            if (!f.type.equals("foreign") || v == null || !v.isObject()) {
                continue;
            }
            Dao ref = Daos.find(f.def.path("reference").asText());
            String rid = v.path("id").asText(null);
            if (ref != null && rid != null && !rows(ref).containsKey(rid.toLowerCase())) {
                throw KongErrors.foreignKeyInvalidReference(NODES.objectNode().put("id", rid), f.name,
                        f.def.path("reference").asText());
            }
        }
    }

    /** A foreign key of one kind to another: which field, and whether deleting the referenced row cascades. */
    record Fk(Dao child, String field, boolean cascade) {}

    /** The foreign keys pointing at a kind, read from the schemas ({@code reference}, {@code on_delete}). */
    List<Fk> referencing(Dao parent) {
        List<Fk> out = new ArrayList<>();
        for (Dao d : Daos.ALL) {
            for (KongSchema.Field f : schema(d).fields) {
                if (f.type.equals("foreign") && parent.name().equals(f.def.path("reference").asText())) {
                    out.add(new Fk(d, f.name, "cascade".equals(f.def.path("on_delete").asText())));
                }
            }
        }
        List<String> order = parent.restrictOrder();
        out.sort((a, b) -> Integer.compare(rank(order, a.child.name()), rank(order, b.child.name())));
        return out;
    }

    private static int rank(List<String> order, String name) {
        int i = order.indexOf(name);
        return i < 0 ? order.size() : i;
    }

    /** {@code DAO:delete(pk)}: nothing when absent; cascades, or refuses when a restricting reference exists. */
    void superDelete(Dao dao, String id) {
        ObjectNode row = row(dao, id);
        if (row == null) {
            return;
        }
        Map<Dao, Set<String>> doomed = new LinkedHashMap<>();
        collect(dao, row.get("id").asText(), doomed);
        for (Map.Entry<Dao, Set<String>> e : doomed.entrySet()) {
            for (String gone : e.getValue()) {
                for (Fk fk : referencing(e.getKey())) {
                    if (fk.cascade) {
                        continue;
                    }
                    for (ObjectNode r : rows(fk.child).values()) {
                        boolean refers = gone.equals(r.path(fk.field).path("id").asText(null));
                        boolean alsoGone = doomed.getOrDefault(fk.child, Set.of()).contains(r.get("id").asText());
                        if (refers && !alsoGone) {
                            throw KongErrors.foreignKeyRestricted(e.getKey().name(), fk.child.table());
                        }
                    }
                }
            }
        }
        doomed.forEach((d, ids) -> ids.forEach(i -> {
            rows(d).remove(i);
            expiries.get(d.name()).remove(i);
        }));
    }

    private void collect(Dao dao, String id, Map<Dao, Set<String>> doomed) {
        if (!doomed.computeIfAbsent(dao, k -> new LinkedHashSet<>()).add(id)) {
            return;
        }
        for (Fk fk : referencing(dao)) {
            if (!fk.cascade) {
                continue;
            }
            for (ObjectNode r : new ArrayList<>(rows(fk.child).values())) {
                if (id.equals(r.path(fk.field).path("id").asText(null))) {
                    collect(fk.child, r.get("id").asText(), doomed);
                }
            }
        }
    }

    // ---- entry points (through the kinds' DAO overrides) ----------------------------------------------------

    ObjectNode insert(Dao dao, ObjectNode entity, Ttl ttl) {
        return dao.override().insert(this, dao, entity, ttl);
    }

    ObjectNode upsert(Dao dao, String id, ObjectNode entity, Ttl ttl) {
        ObjectNode errors = schema(dao).validatePrimaryKey(NODES.objectNode().put("id", id), false);
        if (errors != null) {
            throw KongErrors.invalidPrimaryKey(errors);
        }
        return dao.override().upsert(this, dao, id, entity, ttl);
    }

    ObjectNode upsertByKey(Dao dao, String key, ObjectNode entity, Ttl ttl) {
        return dao.override().upsertByKey(this, dao, key, entity, ttl);
    }

    ObjectNode update(Dao dao, String id, ObjectNode entity, Ttl ttl) {
        ObjectNode errors = schema(dao).validatePrimaryKey(NODES.objectNode().put("id", id), false);
        if (errors != null) {
            throw KongErrors.invalidPrimaryKey(errors);
        }
        return dao.override().update(this, dao, id, entity, ttl);
    }

    void delete(Dao dao, String id) {
        ObjectNode errors = schema(dao).validatePrimaryKey(NODES.objectNode().put("id", id), false);
        if (errors != null) {
            throw KongErrors.invalidPrimaryKey(errors);
        }
        dao.override().delete(this, dao, id);
    }

    /** {@code delete_by_<endpoint key>}: validates the key, then deletes the entity it names, if any. */
    void deleteByKey(Dao dao, String raw) {
        JsonNode value = uniqueValue(dao, dao.endpointKey(), raw);
        ObjectNode r = rowBy(dao, dao.endpointKey(), value);
        if (r != null) {
            delete(dao, r.get("id").asText());
        }
    }

    // ---- views for the test API ----------------------------------------------------------------------------

    /** Every row of every kind, sorted: kinds by name, rows by id, keys alphabetically; ttl as the stored expiry. */
    ObjectNode snapshot() {
        ObjectNode out = NODES.objectNode();
        TreeMap<String, Dao> kinds = new TreeMap<>();
        Daos.ALL.forEach(d -> kinds.put(d.name(), d));
        for (Dao d : kinds.values()) {
            ArrayNode a = out.putArray(d.name());
            for (ObjectNode r : rows(d).values()) {
                ObjectNode copy = sorted(r);
                if (d.ttl()) {
                    Double exp = expiries.get(d.name()).get(r.get("id").asText());
                    copy.set("ttl", exp == null ? NullNode.getInstance() : NODES.numberNode(exp));
                }
                a.add(sorted(copy));
            }
        }
        return out;
    }

    static ObjectNode sorted(ObjectNode o) {
        ObjectNode out = NODES.objectNode();
        TreeMap<String, JsonNode> m = new TreeMap<>();
        o.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue()));
        m.forEach((k, v) -> out.set(k, v instanceof ObjectNode vo ? sorted(vo) : v.deepCopy()));
        return out;
    }

    /** Replaces a stored row (for {@code alterOnWrite}). */
    void replaceRow(Dao dao, ObjectNode row) {
        rows(dao).put(row.get("id").asText(), row);
    }

    /** The rows of all kinds that have tags, as the tags table lists them (entity id order). */
    List<ObjectNode> tagRows(String only) {
        TreeMap<String, ObjectNode> byEntity = new TreeMap<>();
        List<ObjectNode> out = new ArrayList<>();
        for (Dao d : Daos.ALL) {
            for (ObjectNode r : rows(d).values()) {
                JsonNode tags = r.get("tags");
                if (tags == null || !tags.isArray()) {
                    continue;
                }
                for (Iterator<JsonNode> it = tags.elements(); it.hasNext(); ) {
                    String tag = it.next().asText();
                    if (only == null || only.equals(tag)) {
                        ObjectNode t = NODES.objectNode();
                        t.put("entity_id", r.get("id").asText());
                        t.put("entity_name", d.table());
                        t.put("tag", tag);
                        byEntity.put(r.get("id").asText() + "\u0000" + String.format("%06d", byEntity.size()), t);
                    }
                }
            }
        }
        out.addAll(byEntity.values());
        return out;
    }
}
