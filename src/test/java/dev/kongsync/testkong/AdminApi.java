package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.Daos.Dao;
import dev.kongsync.testkong.KongErrors.KongError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static dev.kongsync.testkong.KongSchema.JSON;
import static dev.kongsync.testkong.KongSchema.NODES;

/**
 * Kong 3.9.1's Admin API over the {@link KongStore}: the endpoints Kong generates for every kind
 * ({@code kong/api/endpoints.lua}: collections, entities, nested collections and entities, foreign entities) and the
 * custom ones ({@code kong/api/routes/*.lua}, {@code kong/plugins/acl/api.lua}), routed as Lapis routes them
 * (literal segments before parameters, a trailing slash ignored, 404 for unknown paths, 405 for unknown methods).
 */
final class AdminApi {
    /** An answer: status, body (null for 204), and the kind and id a successful write wrote (or null). */
    record Answer(int status, JsonNode body, Dao written, String writtenId) {
        static Answer of(int status, JsonNode body) {
            return new Answer(status, body, null, null);
        }
    }

    /** One request as a handler sees it. */
    static final class Call {
        final String method;
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, List<String>> query;
        private final String contentType;
        private final String rawBody;
        private ObjectNode body;

        Call(String method, Map<String, List<String>> query, String contentType, String rawBody) {
            this.method = method;
            this.query = query;
            this.contentType = contentType;
            this.rawBody = rawBody;
        }

        /** A path parameter, percent-decoded ({@code ngx.unescape_uri}). */
        String param(String name) {
            return unescape(params.get(name));
        }

        String query(String name) {
            List<String> v = query.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** The JSON body as Kong's {@code self.args.post} ("Cannot parse JSON body" when it does not parse). */
        ObjectNode body() {
            if (body == null) {
                body = NODES.objectNode();
                if (contentType != null && contentType.toLowerCase().contains("application/json")) {
                    try {
                        JsonNode n = JSON.readTree(rawBody == null ? "" : rawBody);
                        if (n == null || n.isMissingNode()) {
                            throw KongErrors.message(400, "Cannot parse JSON body");
                        }
                        if (n.isObject()) {
                            body = (ObjectNode) n;
                        }
                    } catch (IOException e) {
                        throw KongErrors.message(400, "Cannot parse JSON body");
                    }
                }
            }
            return body;
        }

        /** The body without Kong's {@code ttl} option, which {@code extract_options} takes out for ttl kinds. */
        KongStore.Ttl ttl(Dao dao) {
            if (!dao.ttl()) {
                return KongStore.Ttl.NONE;
            }
            return KongStore.Ttl.of(body().remove("ttl"));
        }
    }

    interface Handler {
        Answer handle(Call c);
    }

    private static final class Route {
        final String template;
        final String[] segments;
        final Map<String, Handler> methods = new LinkedHashMap<>();
        Handler before;

        Route(String template) {
            this.template = template;
            this.segments = template.substring(1).split("/");
        }
    }

    private final KongStore store;
    private final ObjectNode root;
    private final BooleanSupplier dbLess;
    private final java.util.function.Supplier<ObjectNode> status;
    private final List<Route> routes = new ArrayList<>();
    private final JsonNode endpoints;

    AdminApi(KongStore store, ObjectNode root, BooleanSupplier dbLess, java.util.function.Supplier<ObjectNode> status) {
        this.store = store;
        this.root = root;
        this.dbLess = dbLess;
        this.status = status;
        this.endpoints = resource("testkong/endpoints.json");
        generate();
        customize();
    }

    private static JsonNode resource(String name) {
        try (InputStream in = AdminApi.class.getClassLoader().getResourceAsStream(name)) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Route route(String template) {
        for (Route r : routes) {
            if (r.template.equals(template)) {
                return r;
            }
        }
        Route r = new Route(template);
        routes.add(r);
        return r;
    }

    /** The path templates this Admin API serves, Kong's {@code {param}} form (as {@code GET /endpoints} lists). */
    List<String> templates() {
        List<String> out = new ArrayList<>();
        for (Route r : routes) {
            out.add(r.template.equals("/") ? "/" : r.template.replaceAll(":([^/]+)", "{$1}"));
        }
        return out;
    }

    /** The template matching a path, for request counters (null for unknown paths). */
    String templateOf(String rawPath) {
        Route r = match(normalize(rawPath), new LinkedHashMap<>());
        return r == null ? null : r.template;
    }

    // ---- dispatch -------------------------------------------------------------------------------------------

    Answer handle(String method, String rawPath, String rawQuery, String contentType, String rawBody) {
        Call c = new Call(method, query(rawQuery), contentType, rawBody);
        try {
            Route r = match(normalize(rawPath), c.params);
            if (r == null) {
                return Answer.of(404, message("Not found"));
            }
            boolean needsBody = method.equals("PUT") || method.equals("POST") || method.equals("PATCH");
            if (needsBody && rawBody != null && !rawBody.isEmpty() && !acceptedContentType(contentType)) {
                return Answer.of(415, message("Unsupported media type"));
            }
            Handler h = r.methods.get(method.equals("HEAD") ? "GET" : method);
            if (method.equals("OPTIONS")) {
                return Answer.of(204, null);
            }
            if (h == null) {
                return Answer.of(405, message("Method not allowed"));
            }
            if (r.before != null) {
                Answer stop = r.before.handle(c);
                if (stop != null) {
                    return stop;
                }
            }
            return h.handle(c);
        } catch (KongError e) {
            return Answer.of(e.status, e.body);
        }
    }

    private static boolean acceptedContentType(String ct) {
        if (ct == null) {
            return false;
        }
        String l = ct.toLowerCase();
        return l.startsWith("application/json") || l.startsWith("multipart/form-data")
                || l.startsWith("application/x-www-form-urlencoded");
    }

    private static String normalize(String rawPath) {
        String p = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private Route match(String path, Map<String, String> params) {
        String[] segs = path.equals("/") ? new String[] {""} : path.substring(1).split("/", -1);
        Route best = null;
        for (Route r : routes) {
            String[] t = r.template.equals("/") ? new String[] {""} : r.segments;
            if (t.length != segs.length || !fits(t, segs)) {
                continue;
            }
            if (best == null || moreLiteral(t, best.segments)) {
                best = r;
            }
        }
        if (best != null) {
            String[] t = best.template.equals("/") ? new String[] {""} : best.segments;
            for (int i = 0; i < t.length; i++) {
                if (t[i].startsWith(":")) {
                    params.put(t[i].substring(1), segs[i]);
                }
            }
        }
        return best;
    }

    private static boolean fits(String[] template, String[] segs) {
        for (int i = 0; i < template.length; i++) {
            if (template[i].startsWith(":") ? segs[i].isEmpty() : !template[i].equals(segs[i])) {
                return false;
            }
        }
        return true;
    }

    /** Lapis prefers, at the first segment where two routes differ, the literal one. */
    private static boolean moreLiteral(String[] a, String[] b) {
        for (int i = 0; i < a.length && i < b.length; i++) {
            boolean la = !a[i].startsWith(":");
            boolean lb = !b[i].startsWith(":");
            if (la != lb) {
                return la;
            }
        }
        return false;
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String kv : raw.split("&")) {
            if (kv.isEmpty()) {
                continue;
            }
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** {@code ngx.unescape_uri} of a path segment: %XX sequences decoded as UTF-8 bytes. */
    static String unescape(String s) {
        if (s == null || !s.contains("%")) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '%' && i + 2 < b.length && isHex(b[i + 1]) && isHex(b[i + 2])) {
                out.write(Integer.parseInt(new String(b, i + 1, 2, StandardCharsets.US_ASCII), 16));
                i += 2;
            } else {
                out.write(b[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** {@code ngx.escape_uri}: everything but unreserved characters percent-encoded. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(String.format("%02X", c));
            }
        }
        return sb.toString();
    }

    static ObjectNode message(String m) {
        return NODES.objectNode().put("message", m);
    }

    private static boolean isUuid(String s) {
        return s != null && KongStore.UUID_RE.matcher(s).matches();
    }

    private static Answer ok(JsonNode body) {
        return Answer.of(200, body);
    }

    private static Answer wrote(int status, Dao dao, ObjectNode entity) {
        return new Answer(status, entity, dao, entity.path("id").asText(null));
    }

    // ---- query_entity: by id or by endpoint key -------------------------------------------------------------

    private ObjectNode selectEntity(Dao dao, String key) {
        if (!isUuid(key) && dao.endpointKey() != null) {
            return store.selectByKey(dao, dao.endpointKey(), key);
        }
        return store.select(dao, key);
    }

    private void refuseInDbLess(Dao dao, String operation) {
        if (dbLess.getAsBoolean()) {
            throw KongErrors.operationUnsupported("cannot " + operation + " '" + dao.name()
                    + "' entities when not using a database");
        }
    }

    private ObjectNode upsertEntity(Dao dao, String key, ObjectNode body, KongStore.Ttl ttl) {
        refuseInDbLess(dao, "create or update");
        if (!isUuid(key) && dao.endpointKey() != null) {
            return store.upsertByKey(dao, key, body, ttl);
        }
        return store.upsert(dao, key, body, ttl);
    }

    private ObjectNode updateEntity(Dao dao, String key, ObjectNode body, KongStore.Ttl ttl) {
        refuseInDbLess(dao, "update");
        if (!isUuid(key) && dao.endpointKey() != null) {
            return store.updateByKey(dao, key, body, ttl);
        }
        return store.update(dao, key, body, ttl);
    }

    private void deleteEntity(Dao dao, String key) {
        refuseInDbLess(dao, "remove");
        if (!isUuid(key) && dao.endpointKey() != null) {
            store.deleteByKey(dao, key);
        } else {
            store.delete(dao, key);
        }
    }

    private ObjectNode insertEntity(Dao dao, ObjectNode body, KongStore.Ttl ttl) {
        refuseInDbLess(dao, "create");
        return store.insert(dao, body, ttl);
    }

    // ---- paging -------------------------------------------------------------------------------------------

    /**
     * {@code extract_options} for {@code ?tags=}: "a,b" (all) or "a/b" (any); null without the argument. A value
     * that is neither gives a filter without tags, refused by {@link #checkTags} after the page size is checked, as
     * {@code validate_options_value} does.
     */
    private static KongStore.Tags tags(Call c) {
        String raw = c.query("tags");
        if (raw == null) {
            return null;
        }
        if (raw.isEmpty()) {
            throw KongErrors.invalidOptions(NODES.objectNode().put("tags", "cannot be null"));
        }
        String tag = "[\\x20-\\x2B\\x2D\\x2E\\x30-\\x7E\\x{80}-\\x{10FFFF}]+";
        if (Pattern.matches("(" + tag + "(?:,|$))+", raw)) {
            return new KongStore.Tags(List.of(raw.split(",", -1)), true);
        }
        if (Pattern.matches("(" + tag + "(?:/|$))+", raw)) {
            return new KongStore.Tags(List.of(raw.split("/", -1)), false);
        }
        return new KongStore.Tags(null, false);
    }

    /** {@code get_page_size} and {@code validate_size_value}. */
    private static int pageSize(Call c) {
        String raw = c.query("size");
        if (raw == null) {
            return 100;
        }
        Double d = luaNumber(raw);
        if (d == null || c.query.get("size").size() > 1) {
            throw KongErrors.invalidSize("size must be a number");
        }
        if (d != Math.floor(d) || d < 1 || d > 1000) {
            throw KongErrors.invalidSize("size must be an integer between 1 and 1000");
        }
        return d.intValue();
    }

    /** Lua's {@code tonumber} of a string: decimal (with exponent) or 0x hexadecimal, spaces allowed around. */
    static Double luaNumber(String s) {
        String t = s.trim();
        try {
            if (t.matches("[-+]?0[xX][0-9a-fA-F]+")) {
                boolean neg = t.startsWith("-");
                return (neg ? -1 : 1) * (double) Long.parseLong(t.replaceFirst("^[-+]?0[xX]", ""), 16);
            }
            if (t.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                return Double.parseDouble(t);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    private static void checkTags(KongStore.Tags tags) {
        if (tags == null) {
            return;
        }
        if (tags.tags() == null) {
            throw KongErrors.invalidOptions(NODES.objectNode().put("tags", "invalid filter syntax"));
        }
        if (tags.tags().size() > 5) {
            throw KongErrors.invalidOptions(NODES.objectNode().put("tags", "cannot query more than 5 tags"));
        }
    }

    private ObjectNode pageBody(Dao dao, KongStore.Page page, String next) {
        ObjectNode out = NODES.objectNode();
        ArrayNode data = out.putArray("data");
        for (ObjectNode r : page.data()) {
            data.add(decorate(dao, store.toEntity(dao, r)));
        }
        if (page.offset() != null) {
            out.put("offset", page.offset());
            out.put("next", next);
        } else {
            out.putNull("next");
        }
        return out;
    }

    /** A stored row as Kong lists it. */
    ObjectNode view(Dao dao, ObjectNode row) {
        return decorate(dao, store.toEntity(dao, row));
    }

    /** What a kind's {@code page} adds: a certificate's snis ({@code kong/db/dao/certificates.lua}). */
    private ObjectNode decorate(Dao dao, ObjectNode entity) {
        if (dao.override() == DaoOverrides.CERTIFICATES) {
            entity.set("snis", DaoOverrides.strings(DaoOverrides.listFor(store, entity.get("id").asText())));
        }
        return entity;
    }

    private Answer collectionGet(Dao dao, Call c) {
        KongStore.Tags tags = tags(c);
        int size = pageSize(c);
        checkTags(tags);
        Predicate<ObjectNode> filter = tags == null ? r -> true : tags::matches;
        KongStore.Page page = store.page(dao, size, c.query("offset"), filter);
        String next = page.offset() == null ? null : "/" + dao.apiName() + "?offset=" + escape(page.offset())
                + (c.query("tags") != null ? "&tags=" + escape(c.query("tags")) : "")
                + (c.query("size") != null ? "&size=" + c.query("size") : "");
        return ok(pageBody(dao, page, next));
    }

    private Answer nestedCollectionGet(Dao parent, Dao child, String fk, Call c) {
        ObjectNode p = selectEntity(parent, c.param(parent.name()));
        if (p == null) {
            return Answer.of(404, message("Not found"));
        }
        KongStore.Tags tags = tags(c);
        int size = pageSize(c);
        checkTags(tags);
        String pid = p.get("id").asText();
        KongStore.Page page = store.page(child, size, c.query("offset"),
                r -> pid.equals(r.path(fk).path("id").asText(null)));
        String next = page.offset() == null ? null : "/" + parent.apiName() + "/" + c.params.get(parent.name()) + "/"
                + child.nested() + "?offset=" + escape(page.offset());
        return ok(pageBody(child, page, next));
    }

    // ---- generated endpoints (kong/api/endpoints.lua) -------------------------------------------------------

    private void generate() {
        for (Dao dao : Daos.ALL) {
            String collection = "/" + dao.apiName();
            String entity = collection + "/:" + dao.name();
            Route col = route(collection);
            col.methods.put("GET", c -> collectionGet(dao, c));
            col.methods.put("POST", c -> wrote(201, dao, insertEntity(dao, c.body(), c.ttl(dao))));
            Route ent = route(entity);
            ent.methods.put("GET", c -> {
                ObjectNode e = selectEntity(dao, c.param(dao.name()));
                return e == null ? Answer.of(404, message("Not found")) : ok(e);
            });
            ent.methods.put("PUT", c -> wrote(200, dao, upsertEntity(dao, c.param(dao.name()), c.body(),
                    c.ttl(dao))));
            ent.methods.put("PATCH", c -> wrote(200, dao, updateEntity(dao, c.param(dao.name()), c.body(),
                    c.ttl(dao))));
            ent.methods.put("DELETE", c -> {
                deleteEntity(dao, c.param(dao.name()));
                return new Answer(204, null, dao, null);
            });
            for (KongSchema.Field f : store.schema(dao).fields) {
                Dao ref = f.type.equals("foreign") ? Daos.find(f.def.path("reference").asText()) : null;
                if (ref == null) {
                    continue;
                }
                foreignEntity(dao, f.name, ref, route(entity + "/" + f.name));
                String nested = "/" + ref.apiName() + "/:" + ref.name() + "/" + dao.nested();
                Route nc = route(nested);
                nc.methods.put("GET", c -> nestedCollectionGet(ref, dao, f.name, c));
                nc.methods.put("POST", c -> {
                    ObjectNode p = selectEntity(ref, c.param(ref.name()));
                    if (p == null) {
                        return Answer.of(404, message("Not found"));
                    }
                    ObjectNode body = c.body();
                    body.set(f.name, NODES.objectNode().put("id", p.get("id").asText()));
                    return wrote(201, dao, insertEntity(dao, body, c.ttl(dao)));
                });
                nestedEntity(ref, dao, f.name, route(nested + "/:" + dao.name()));
            }
        }
    }

    /** /services/:services/routes/:routes: the child must belong to the parent, else 404 "Not found". */
    private void nestedEntity(Dao parent, Dao child, String fk, Route r) {
        r.methods.put("GET", c -> {
            ObjectNode p = selectEntity(parent, c.param(parent.name()));
            if (p == null) {
                return Answer.of(404, message("Not found"));
            }
            ObjectNode e = selectEntity(child, c.param(child.name()));
            if (e == null || !belongs(e, fk, p)) {
                return Answer.of(404, message("Not found"));
            }
            return ok(e);
        });
        r.methods.put("PUT", c -> {
            ObjectNode p = selectEntity(parent, c.param(parent.name()));
            if (p == null) {
                return Answer.of(404, message("Not found"));
            }
            ObjectNode body = c.body();
            body.set(fk, NODES.objectNode().put("id", p.get("id").asText()));
            return wrote(200, child, upsertEntity(child, c.param(child.name()), body, c.ttl(child)));
        });
        r.methods.put("PATCH", c -> {
            ObjectNode p = selectEntity(parent, c.param(parent.name()));
            if (p == null) {
                return Answer.of(404, message("Not found"));
            }
            ObjectNode body = c.body();
            if (!body.has(fk)) {
                body.set(fk, NODES.objectNode().put("id", p.get("id").asText()));
            }
            ObjectNode e = selectEntity(child, c.param(child.name()));
            if (e == null || !belongs(e, fk, p)) {
                return Answer.of(404, message("Not found"));
            }
            return wrote(200, child, updateEntity(child, c.param(child.name()), body, c.ttl(child)));
        });
        r.methods.put("DELETE", c -> {
            ObjectNode p = selectEntity(parent, c.param(parent.name()));
            if (p == null) {
                return Answer.of(404, message("Not found"));
            }
            ObjectNode e = selectEntity(child, c.param(child.name()));
            if (e == null || !belongs(e, fk, p)) {
                return Answer.of(404, message("Not found"));
            }
            deleteEntity(child, c.param(child.name()));
            return new Answer(204, null, child, null);
        });
    }

    private static boolean belongs(ObjectNode child, String fk, ObjectNode parent) {
        return parent.get("id").asText().equals(child.path(fk).path("id").asText(null));
    }

    /** /routes/:routes/service: the entity a reference points at. */
    private void foreignEntity(Dao dao, String fk, Dao ref, Route r) {
        r.methods.put("GET", c -> {
            ObjectNode e = selectEntity(dao, c.param(dao.name()));
            String target = e == null ? null : e.path(fk).path("id").asText(null);
            ObjectNode t = target == null ? null : store.select(ref, target);
            return t == null ? Answer.of(404, message("Not found")) : ok(t);
        });
        r.methods.put("PUT", c -> {
            ObjectNode e = selectEntity(dao, c.param(dao.name()));
            if (e == null) {
                return Answer.of(404, message("Not found"));
            }
            String target = e.path(fk).path("id").asText(null);
            boolean associate = target == null;
            if (associate) {
                target = store.newId(store.env.uuid());
            }
            ObjectNode t = upsertEntity(ref, target, c.body(), c.ttl(ref));
            if (associate) {
                ObjectNode link = NODES.objectNode();
                link.putObject(fk).put("id", t.get("id").asText());
                store.update(dao, e.get("id").asText(), link, KongStore.Ttl.NONE);
            }
            return wrote(200, ref, t);
        });
        r.methods.put("PATCH", c -> {
            ObjectNode e = selectEntity(dao, c.param(dao.name()));
            String target = e == null ? null : e.path(fk).path("id").asText(null);
            if (target == null) {
                return Answer.of(404, message("Not found"));
            }
            return wrote(200, ref, updateEntity(ref, target, c.body(), c.ttl(ref)));
        });
        r.methods.put("DELETE", c -> {
            ObjectNode e = selectEntity(dao, c.param(dao.name()));
            if (e == null || e.path(fk).path("id").asText(null) == null) {
                return Answer.of(404, message("Not found"));
            }
            return Answer.of(405, message("Method not allowed"));
        });
    }

    // ---- custom endpoints -----------------------------------------------------------------------------------

    private void customize() {
        Handler notFound = c -> Answer.of(404, message("Not found"));
        // kong/api/routes/targets.lua, snis.lua: endpoints.disable
        for (String disabled : List.of("/targets", "/targets/:targets", "/targets/:targets/upstream",
                "/snis/:snis/certificate")) {
            route(disabled).before = notFound;
        }
        targets();
        certificates();
        consumers();
        plugins();
        acls();
        tagsEndpoints();
        kong();
    }

    /** kong/api/routes/upstreams.lua. */
    private void targets() {
        Dao upstreams = Daos.get("upstreams");
        Dao targets = Daos.get("targets");
        route("/upstreams/:upstreams/targets").methods.put("GET", c -> {
            ObjectNode u = selectEntity(upstreams, c.param("upstreams"));
            if (u == null) {
                return Answer.of(404, message("Not found"));
            }
            // kong/db/dao/targets.lua page_for_upstream: newest first (created_at, then id), offsets are positions,
            // the size only capped at 1000
            String rawSize = c.query("size");
            Double asked = rawSize == null ? Double.valueOf(100) : luaNumber(rawSize);
            if (asked == null) {
                throw KongErrors.invalidSize("size must be a number");
            }
            int size = (int) Math.min(asked, 1000);
            List<ObjectNode> all = targetsOf(u.get("id").asText());
            String rawOffset = c.query("offset");
            int offset = 0;
            if (rawOffset != null) {
                Double d = luaNumber(rawOffset);
                if (d == null) {
                    throw KongErrors.unexpected();
                }
                offset = d.intValue();
            }
            ObjectNode out = NODES.objectNode();
            ArrayNode data = out.putArray("data");
            for (int i = offset; i < Math.min(all.size(), offset + size); i++) {
                data.add(store.toEntity(targets, all.get(i)));
            }
            if (all.size() > offset + size) {
                String next = String.valueOf(offset + size);
                out.put("offset", next);
                out.put("next", "/upstreams/" + c.params.get("upstreams") + "/targets?offset=" + next);
            } else {
                out.putNull("next");
            }
            return ok(out);
        });
        route("/upstreams/:upstreams/targets/all").methods.put("GET", c -> {
            ObjectNode u = selectEntity(upstreams, c.param("upstreams"));
            if (u == null) {
                return Answer.of(404, message("Not found"));
            }
            int size = pageSize(c);
            String uid = u.get("id").asText();
            KongStore.Page page = store.page(targets, size, c.query("offset"),
                    r -> uid.equals(r.path("upstream").path("id").asText(null)));
            String next = page.offset() == null ? null
                    : "/upstreams/" + c.params.get("upstreams") + "/targets/all?offset=" + escape(page.offset());
            return ok(pageBody(targets, page, next));
        });
        Route one = route("/upstreams/:upstreams/targets/:targets");
        one.methods.clear();
        one.methods.put("GET", c -> {
            ObjectNode t = target(upstreams, targets, c);
            return t == null ? Answer.of(404, message("Not found")) : ok(store.toEntity(targets, t));
        });
        // PUT is update_target_cb as PATCH is: it updates (merges into) an existing target; there is no upsert
        Handler update = c -> {
            ObjectNode t = target(upstreams, targets, c);
            if (t == null) {
                return Answer.of(404, message("Not found"));
            }
            return wrote(200, targets, updateEntity(targets, t.get("id").asText(), c.body(), KongStore.Ttl.NONE));
        };
        one.methods.put("PATCH", update);
        one.methods.put("PUT", update);
        one.methods.put("DELETE", c -> {
            ObjectNode t = target(upstreams, targets, c);
            if (t == null) {
                return Answer.of(404, message("Not found"));
            }
            deleteEntity(targets, t.get("id").asText());
            return new Answer(204, null, targets, null);
        });
    }

    private List<ObjectNode> targetsOf(String upstreamId) {
        List<ObjectNode> all = new ArrayList<>();
        for (ObjectNode r : store.rows(Daos.get("targets")).values()) {
            if (upstreamId.equals(r.path("upstream").path("id").asText(null))) {
                all.add(r);
            }
        }
        all.sort((a, b) -> {
            int byTime = Double.compare(b.path("created_at").asDouble(), a.path("created_at").asDouble());
            return byTime != 0 ? byTime : b.get("id").asText().compareTo(a.get("id").asText());
        });
        return all;
    }

    /** {@code target_endpoint}: a target of the upstream by id, or by its target (the newest one). */
    private ObjectNode target(Dao upstreams, Dao targets, Call c) {
        ObjectNode u = selectEntity(upstreams, c.param("upstreams"));
        if (u == null) {
            return null;
        }
        String key = c.param("targets");
        ObjectNode t;
        if (isUuid(key)) {
            ObjectNode e = store.select(targets, key);
            t = e == null ? null : store.row(targets, key);
        } else {
            t = null;
            for (ObjectNode r : targetsOf(u.get("id").asText())) {
                if (key.equals(store.toEntity(targets, r).path("target").asText())) {
                    t = r;
                    break;
                }
            }
        }
        if (t == null || !u.get("id").asText().equals(t.path("upstream").path("id").asText(null))) {
            return null;
        }
        return t;
    }

    /** kong/api/routes/certificates.lua: a certificate addressed by one of its SNIs; snis as a list. */
    private void certificates() {
        Dao certificates = Daos.get("certificates");
        Dao snis = Daos.get("snis");
        Handler prepare = c -> {
            String id = c.param("certificates");
            if (!isUuid(id)) {
                ObjectNode sni = store.selectByKey(snis, "name", id);
                String name = id;
                if (sni != null) {
                    id = sni.get("certificate").get("id").asText();
                } else if (!c.method.equals("PUT")) {
                    return Answer.of(404, message("SNI not found"));
                } else {
                    id = store.newId(store.env.uuid());
                }
                c.params.put("certificates", id);
                c.params.put("name", name);
            }
            return null;
        };
        for (String t : List.of("/certificates/:certificates", "/certificates/:certificates/snis",
                "/certificates/:certificates/snis/:snis")) {
            route(t).before = prepare;
        }
        Route one = route("/certificates/:certificates");
        one.methods.put("GET", c -> {
            ObjectNode cert = store.select(certificates, c.param("certificates"));
            if (cert == null) {
                throw KongErrors.notFound(NODES.objectNode().put("id", c.param("certificates")));
            }
            return ok(decorate(certificates, cert));
        });
        Handler put = one.methods.get("PUT");
        Handler patch = one.methods.get("PATCH");
        one.methods.put("PUT", c -> {
            prepareSnis(c);
            return put.handle(c);
        });
        one.methods.put("PATCH", c -> {
            prepareSnis(c);
            return patch.handle(c);
        });
    }

    /** {@code prepare_args}: the SNI of the path joins the list on PUT; a PUT without snis clears them. */
    private static void prepareSnis(Call c) {
        ObjectNode body = c.body();
        JsonNode snis = body.get("snis");
        String name = c.params.get("name");
        boolean put = c.method.equals("PUT");
        if (snis != null && snis.isArray()) {
            boolean found = false;
            for (JsonNode s : snis) {
                found |= name != null && name.equals(s.asText());
            }
            if (!found && name != null && put) {
                ((ArrayNode) snis).add(name);
            }
        } else if (snis != null && snis.isTextual()) {
            ArrayNode a = NODES.arrayNode().add(snis.asText());
            if (name != null && put && !name.equals(snis.asText())) {
                a.add(name);
            }
            body.set("snis", a);
        }
        if (!body.has("snis") && put) {
            body.putNull("snis");
        }
        c.params.remove("name");
    }

    /** kong/api/routes/consumers.lua: {@code ?custom_id=}. */
    private void consumers() {
        Dao consumers = Daos.get("consumers");
        Route col = route("/consumers");
        Handler parent = col.methods.get("GET");
        col.methods.put("GET", c -> {
            String customId = c.query("custom_id");
            if (customId == null) {
                return parent.handle(c);
            }
            if (customId.isEmpty()) {
                return Answer.of(400, message("custom_id must be an unempty string"));
            }
            ObjectNode consumer = store.selectByKey(consumers, "custom_id", customId);
            ObjectNode out = NODES.objectNode();
            ArrayNode data = out.putArray("data");
            if (consumer != null) {
                data.add(consumer);
            }
            out.putNull("next");
            return ok(out);
        });
    }

    /** kong/api/routes/plugins.lua: a PATCH without a name reads the plugin's first (404 "Not found"). */
    private void plugins() {
        Dao plugins = Daos.get("plugins");
        for (String t : List.of("/plugins/:plugins", "/consumers/:consumers/plugins/:plugins",
                "/routes/:routes/plugins/:plugins", "/services/:services/plugins/:plugins")) {
            Route r = route(t);
            Handler parent = r.methods.get("PATCH");
            r.methods.put("PATCH", c -> {
                ObjectNode body = c.body();
                if (!body.has("name")) {
                    ObjectNode p = selectEntity(plugins, c.param("plugins"));
                    if (p == null) {
                        return Answer.of(404, message("Not found"));
                    }
                    body.set("name", p.get("name"));
                }
                return parent.handle(c);
            });
        }
        route("/plugins/enabled").methods.put("GET", c -> {
            ObjectNode out = NODES.objectNode();
            ArrayNode a = out.putArray("enabled_plugins");
            new TreeSet<>(fieldNames(root.path("plugins").path("available_on_server"))).forEach(a::add);
            return ok(out);
        });
        route("/plugins/schema/:name").methods.put("GET", c -> {
            JsonNode doc = store.schemas.document("plugins/" + c.param("name"));
            if (doc == null) {
                return Answer.of(404, message("No plugin named '" + c.param("name") + "'"));
            }
            for (JsonNode f : doc.path("fields")) {
                if (f.has("config")) {
                    return ok(f.get("config"));
                }
            }
            return ok(NODES.objectNode());
        });
    }

    /** kong/plugins/acl/api.lua: /consumers/:consumers/acls/:acls also takes the group. */
    private void acls() {
        Dao consumers = Daos.get("consumers");
        Dao acls = Daos.get("acls");
        Route r = route("/consumers/:consumers/acls/:acls");
        r.before = c -> {
            String group = c.param("acls");
            if (isUuid(group)) {
                return null;
            }
            ObjectNode consumer = selectEntity(consumers, c.param("consumers"));
            if (consumer == null) {
                return Answer.of(404, message("Not found"));
            }
            String cid = consumer.get("id").asText();
            ObjectNode acl = null;
            for (ObjectNode row : store.rows(acls).values()) {
                if (cid.equals(row.path("consumer").path("id").asText(null)) && group.equals(row.path("group").asText())) {
                    acl = row;
                }
            }
            if (acl != null) {
                c.params.put("acls", acl.get("id").asText());
            } else if (!c.method.equals("PUT")) {
                return Answer.of(404, message("Not found"));
            } else {
                c.params.put("acls", store.newId(store.env.uuid()));
            }
            c.params.put("group", group);
            return null;
        };
        Handler put = r.methods.get("PUT");
        r.methods.put("PUT", c -> {
            if (!c.body().has("group") && c.params.get("group") != null) {
                c.body().put("group", c.params.get("group"));
            }
            return put.handle(c);
        });
    }

    /** kong/api/routes/tags.lua and the tags DAO: every tagged entity, by entity id. */
    private void tagsEndpoints() {
        Handler refuse = c -> {
            throw KongErrors.schemaViolation(NODES.objectNode()
                    .put("tags", "does not support insert/upsert/update/delete operations"));
        };
        Route all = route("/tags");
        all.methods.put("GET", c -> tagPage(c, null));
        all.methods.put("POST", refuse);
        Route one = route("/tags/:tags");
        one.methods.put("GET", c -> {
            String tag = c.param("tags");
            String err = KongCode.validateTag(tag);
            if (err != null) {
                throw KongErrors.invalidUnique("tag", err);
            }
            return tagPage(c, tag);
        });
        one.methods.put("PUT", refuse);
        one.methods.put("PATCH", refuse);
        one.methods.put("DELETE", refuse);
    }

    private Answer tagPage(Call c, String tag) {
        int size = pageSize(c);
        List<ObjectNode> rows = store.tagRows(tag);
        int start = 0;
        String offset = c.query("offset");
        if (offset != null) {
            JsonNode token;
            try {
                token = JSON.readTree(Base64.getDecoder().decode(offset));
            } catch (IllegalArgumentException e) {
                throw KongErrors.invalidOffset(offset, "bad base64 encoding");
            } catch (IOException e) {
                throw KongErrors.invalidOffset(offset, "bad json encoding");
            }
            String after = token.path(0).asText();
            int ordinal = token.path(1).asInt(Integer.MAX_VALUE);
            while (start < rows.size()) {
                String id = rows.get(start).get("entity_id").asText();
                int cmp = id.compareTo(after);
                if (cmp > 0 || (tag == null && cmp == 0 && ordinality(rows, start) > ordinal)) {
                    break;
                }
                start++;
            }
        }
        ObjectNode out = NODES.objectNode();
        ArrayNode data = out.putArray("data");
        int end = Math.min(rows.size(), start + size);
        for (int i = start; i < end; i++) {
            data.add(rows.get(i));
        }
        if (rows.size() > end) {
            ArrayNode token = NODES.arrayNode().add(rows.get(end - 1).get("entity_id").asText());
            if (tag == null) {
                token.add(ordinality(rows, end - 1));
            }
            String off = Base64.getEncoder().withoutPadding().encodeToString(token.toString()
                    .getBytes(StandardCharsets.UTF_8));
            out.put("offset", off);
            out.put("next", tag == null ? "/tags?offset=" + escape(off)
                    : "/tags/" + c.params.get("tags") + "?offset=" + escape(off));
        } else {
            out.putNull("next");
        }
        return ok(out);
    }

    /** The position of a tag within its entity's tags (PostgreSQL's {@code WITH ORDINALITY}, from 1). */
    private static int ordinality(List<ObjectNode> rows, int i) {
        int n = 1;
        String id = rows.get(i).get("entity_id").asText();
        for (int j = i - 1; j >= 0 && rows.get(j).get("entity_id").asText().equals(id); j--) {
            n++;
        }
        return n;
    }

    /** kong/api/routes/kong.lua: schemas, validation, endpoints. */
    private void kong() {
        route("/").methods.put("GET", c -> {
            ObjectNode r;
            synchronized (root) {
                r = root.deepCopy();
            }
            ((ObjectNode) r.get("configuration")).put("database", dbLess.getAsBoolean() ? "off" : "postgres");
            ArrayNode enabled = ((ObjectNode) r.get("plugins")).putArray("enabled_in_cluster");
            store.rows(Daos.get("plugins")).values().stream().map(p -> p.get("name").asText()).distinct()
                    .forEach(enabled::add);
            return ok(r);
        });
        route("/status").methods.put("GET", c -> ok(status.get()));
        route("/endpoints").methods.put("GET", c -> ok(endpoints.deepCopy()));
        route("/schemas/:name").methods.put("GET", c -> {
            JsonNode doc = store.schemas.document(c.param("name"));
            return doc == null ? Answer.of(404, message("No entity named '" + c.param("name") + "'"))
                    : ok(doc.deepCopy());
        });
        route("/schemas/plugins/:name").methods.put("GET", c -> {
            JsonNode doc = store.schemas.document("plugins/" + c.param("name"));
            return doc == null ? Answer.of(404, message("No plugin named '" + c.param("name") + "'"))
                    : ok(doc.deepCopy());
        });
        route("/schemas/vaults/:name").methods.put("GET", c -> {
            JsonNode doc = store.schemas.document("vaults/" + c.param("name"));
            return doc == null ? Answer.of(404, message("No vault named '" + c.param("name") + "'"))
                    : ok(doc.deepCopy());
        });
        route("/schemas/plugins/validate").methods.put("POST", c -> validate("plugins", c));
        route("/schemas/vaults/validate").methods.put("POST", c -> validate("vaults", c));
        route("/schemas/:db_entity_name/validate").methods.put("POST", c -> validate(c.param("db_entity_name"), c));
    }

    /**
     * {@code validate_schema}: {@code schema:validate(schema:process_auto_fields(params, "insert"))}, no DAO
     * (references are not resolved nor checked, so they need their id). Query arguments are params too.
     */
    private Answer validate(String entity, Call c) {
        if (store.schemas.document(entity) == null || entity.contains("/")) {
            return Answer.of(404, message("No entity named '" + entity + "'"));
        }
        ObjectNode params = NODES.objectNode();
        c.query.forEach((k, v) -> params.put(k, v.get(0)));
        c.body().fields().forEachRemaining(e -> params.set(e.getKey(), e.getValue()));
        KongSchema schema = store.schemas.entity(entity);
        ObjectNode processed;
        try {
            processed = schema.processAutoFields(params, KongSchema.Context.INSERT, KongSchema.SCRATCH, false);
        } catch (KongSchema.ShorthandErrors e) {
            throw KongErrors.unexpected();
        }
        ObjectNode errors = schema.validate(processed, true, null, null, false);
        if (!errors.isEmpty()) {
            throw KongErrors.schemaViolation(errors);
        }
        return ok(message("schema validation successful"));
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Paths the test Kong serves that the recorded {@code GET /endpoints} does not list (must stay empty). */
    Set<String> unlisted() {
        Set<String> listed = new TreeSet<>();
        endpoints.path("data").forEach(e -> listed.add(e.asText()));
        Set<String> out = new TreeSet<>(templates());
        out.removeAll(listed);
        return out;
    }
}
