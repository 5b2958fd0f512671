package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.kongsync.testkong.KongSchemas.NODES;

/**
 * The test Kong's database: entities per collection ordered by id (as PostgreSQL returns them), with Kong's
 * unique and foreign-key rules, cascades and defaults. All methods run under the store's lock.
 */
final class KongStore {
    static final Pattern UUID_RE = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** A foreign key: field, referenced collection, and what deleting the referenced entity does. */
    record Fk(String field, String collection, boolean cascade) {}

    /** One collection: schema name, the field addressing an entity besides its id, and its foreign keys. */
    record Def(String collection, String endpointKey, List<Fk> fks) {}

    static final Map<String, Def> DEFS = new LinkedHashMap<>();

    static {
        DEFS.put("consumers", new Def("consumers", "username", List.of()));
        DEFS.put("services", new Def("services", "name", List.of()));
        DEFS.put("routes", new Def("routes", "name", List.of(new Fk("service", "services", false))));
        DEFS.put("upstreams", new Def("upstreams", "name", List.of()));
        DEFS.put("targets", new Def("targets", "target", List.of(new Fk("upstream", "upstreams", true))));
        DEFS.put("plugins", new Def("plugins", "instance_name", List.of(new Fk("service", "services", true),
                new Fk("route", "routes", true), new Fk("consumer", "consumers", true))));
    }

    /** An error answer: HTTP status and Kong's body. */
    static final class KongError extends RuntimeException {
        final int status;
        final ObjectNode body;

        KongError(int status, ObjectNode body) {
            super(body.toString());
            this.status = status;
            this.body = body;
        }
    }

    final KongSchemas schemas = new KongSchemas();
    private final Map<String, TreeMap<String, ObjectNode>> tables = new HashMap<>();
    final Deque<String> nextIds = new ArrayDeque<>();

    KongStore() {
        for (String c : DEFS.keySet()) {
            tables.put(c, new TreeMap<>());
        }
    }

    synchronized void clear() {
        tables.values().forEach(Map::clear);
        uniqueIndex.clear();
        nextIds.clear();
    }

    synchronized TreeMap<String, ObjectNode> table(String collection) {
        return tables.get(collection);
    }

    synchronized int size() {
        return tables.values().stream().mapToInt(Map::size).sum();
    }

    static KongError notFound() {
        ObjectNode b = NODES.objectNode();
        b.put("message", "Not found");
        return new KongError(404, b);
    }

    /** Finds by id, or by endpoint key (name) when the value is not a UUID. */
    synchronized ObjectNode find(String collection, String idOrKey) {
        TreeMap<String, ObjectNode> t = tables.get(collection);
        if (UUID_RE.matcher(idOrKey).matches()) {
            ObjectNode n = t.get(idOrKey);
            if (n != null) {
                return n;
            }
        }
        String key = DEFS.get(collection).endpointKey();
        for (ObjectNode n : t.values()) {
            if (idOrKey.equals(n.path(key).asText(null))) {
                return n;
            }
        }
        return null;
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /**
     * Inserts or replaces. {@code existing} is the entity being replaced (PUT on an existing id or name) or null;
     * {@code forced} are fields fixed by the URL (the service of {@code POST /services/x/routes}).
     */
    synchronized ObjectNode write(String collection, ObjectNode input, String id, ObjectNode existing,
                                  Map<String, JsonNode> forced) {
        ObjectNode data = input.deepCopy();
        forced.forEach(data::set);
        Def def = DEFS.get(collection);
        ObjectNode errors = NODES.objectNode();
        String plugin = null;
        if (collection.equals("services") && data.has("url")) {
            expandUrl(data);
        }
        if (collection.equals("plugins")) {
            JsonNode name = data.get("name");
            if (name == null || name.isNull()) {
                errors.put("name", "required field missing");
                throw new KongError(400, KongSchemas.violation(errors));
            }
            if (!name.isTextual() || schemas.document("plugins/" + name.asText()) == null) {
                errors.put("name", "plugin '" + name.asText() + "' not enabled; add it to the 'plugins' configuration property");
                throw new KongError(400, KongSchemas.violation(errors));
            }
            plugin = name.asText();
        }
        data.remove("id");
        data.remove("created_at");
        data.remove("updated_at");
        Set<String> skip = new HashSet<>();
        def.fks().forEach(fk -> skip.add(fk.field()));
        if (collection.equals("services")) {
            skip.add("client_certificate");
        }
        List<Map.Entry<String, JsonNode>> fields = schemas.fields(collection, plugin);
        fields.removeIf(f -> f.getKey().equals("id") || f.getKey().equals("created_at")
                || f.getKey().equals("updated_at"));
        ObjectNode out = schemas.process(fields, schemas.document(collection).get("shorthand_fields"), data, errors, skip);
        if (errors.size() == 0) {
            entityChecks(collection, plugin, out, errors);
        }
        if (errors.size() > 0) {
            throw new KongError(400, KongSchemas.violation(errors));
        }
        for (Fk fk : def.fks()) {
            out.set(fk.field(), resolveFk(fk, data.get(fk.field())));
        }
        if (collection.equals("services")) {
            out.set("client_certificate", data.has("client_certificate") ? data.get("client_certificate")
                    : NullNode.getInstance());
        }
        String newId = existing != null ? existing.get("id").asText() : id != null ? id
                : !nextIds.isEmpty() ? nextIds.poll() : UUID.randomUUID().toString();
        out.put("id", newId);
        unique(collection, out, newId);
        boolean millis = collection.equals("targets");
        double now = millis ? System.currentTimeMillis() / 1000.0 : System.currentTimeMillis() / 1000;
        JsonNode created = existing != null ? existing.get("created_at") : null;
        if (created != null) {
            out.set("created_at", created);
        } else if (millis) {
            out.put("created_at", now);
        } else {
            out.put("created_at", (long) now);
        }
        if (millis) {
            out.put("updated_at", now);
        } else {
            out.put("updated_at", (long) now);
        }
        ObjectNode previous = tables.get(collection).put(newId, out);
        if (previous != null) {
            index(collection, previous, false);
        }
        index(collection, out, true);
        return out;
    }

    private JsonNode resolveFk(Fk fk, JsonNode ref) {
        if (ref == null || ref.isNull()) {
            return NullNode.getInstance();
        }
        if (!ref.isObject()) {
            ObjectNode errors = NODES.objectNode();
            errors.put(fk.field(), "expected a record");
            throw new KongError(400, KongSchemas.violation(errors));
        }
        TreeMap<String, ObjectNode> t = tables.get(fk.collection());
        if (ref.has("id")) {
            String rid = ref.get("id").asText();
            if (!t.containsKey(rid)) {
                ObjectNode b = NODES.objectNode();
                b.put("code", 4);
                b.set("fields", NODES.objectNode().set(fk.field(), NODES.objectNode().put("id", rid)));
                b.put("message", "the foreign key '{id=\"" + rid + "\"}' does not reference an existing '"
                        + fk.collection() + "' entity.");
                b.put("name", "foreign key violation");
                throw new KongError(400, b);
            }
            return NODES.objectNode().put("id", rid);
        }
        String key = DEFS.get(fk.collection()).endpointKey();
        JsonNode kv = ref.get(key);
        for (ObjectNode n : t.values()) {
            if (kv != null && kv.asText().equals(n.path(key).asText(null))) {
                return NODES.objectNode().put("id", n.get("id").asText());
            }
        }
        String msg = "the foreign key cannot be resolved with '{" + key + "=\"" + (kv == null ? "" : kv.asText())
                + "\"}' for an existing '" + fk.collection() + "' entity";
        ObjectNode b = NODES.objectNode();
        b.put("code", 13);
        b.set("fields", NODES.objectNode().set(fk.field(), NODES.objectNode().put(key, msg)));
        b.put("message", "foreign key unresolved (" + fk.field() + "." + key + ": " + msg + ")");
        b.put("name", "foreign keys unresolved");
        throw new KongError(400, b);
    }

    /** Unique keys of an entity: "field=value" strings (plugins: their cache key; targets: upstream + target). */
    private static List<String> uniqueKeys(String collection, ObjectNode n) {
        List<String> keys = new ArrayList<>();
        List<String> fields = switch (collection) {
            case "services", "routes", "upstreams" -> List.of("name");
            case "consumers" -> List.of("username", "custom_id");
            case "plugins" -> List.of("instance_name");
            default -> List.of();
        };
        for (String f : fields) {
            JsonNode v = n.get(f);
            if (v != null && !v.isNull()) {
                keys.add(f + "=" + v);
            }
        }
        if (collection.equals("plugins")) {
            keys.add("cache_key=" + n.get("name") + "|" + n.get("service") + "|" + n.get("route") + "|" + n.get("consumer"));
        }
        if (collection.equals("targets")) {
            keys.add("target=" + n.get("upstream") + "|" + n.get("target"));
        }
        return keys;
    }

    private final Map<String, String> uniqueIndex = new HashMap<>();

    private void index(String collection, ObjectNode n, boolean add) {
        for (String k : uniqueKeys(collection, n)) {
            if (add) {
                uniqueIndex.put(collection + "|" + k, n.get("id").asText());
            } else {
                uniqueIndex.remove(collection + "|" + k, n.get("id").asText());
            }
        }
    }

    private void unique(String collection, ObjectNode out, String id) {
        for (String k : uniqueKeys(collection, out)) {
            String holder = uniqueIndex.get(collection + "|" + k);
            if (holder == null || holder.equals(id)) {
                continue;
            }
            ObjectNode b = NODES.objectNode();
            b.put("code", 5);
            b.put("name", "unique constraint violation");
            if (k.startsWith("cache_key=")) {
                ObjectNode fields = NODES.objectNode();
                fields.set("consumer", out.get("consumer"));
                fields.set("name", out.get("name"));
                fields.set("route", out.get("route"));
                fields.set("service", out.get("service"));
                b.set("fields", fields);
                b.put("message", "UNIQUE violation detected on '{consumer=" + luaRef(out.get("consumer"))
                        + ",name=\"" + out.get("name").asText() + "\",route=" + luaRef(out.get("route"))
                        + ",service=" + luaRef(out.get("service")) + "}'");
            } else {
                String field = k.substring(0, k.indexOf('='));
                JsonNode v = out.get(field);
                b.set("fields", NODES.objectNode().set(field, v));
                b.put("message", "UNIQUE violation detected on '{" + field + "=\"" + v.asText() + "\"}'");
            }
            throw new KongError(409, b);
        }
    }

    private static String luaRef(JsonNode ref) {
        return ref == null || ref.isNull() ? "null" : "{id=\"" + ref.get("id").asText() + "\"}";
    }

    private void entityChecks(String collection, String plugin, ObjectNode out, ObjectNode errors) {
        if (collection.equals("routes")) {
            List<String> protocols = new ArrayList<>();
            out.path("protocols").forEach(p -> protocols.add(p.asText()));
            String proto = protocols.contains("https") ? "https" : protocols.contains("http") ? "http" : null;
            if (proto != null) {
                List<String> need = proto.equals("https") ? List.of("methods", "hosts", "headers", "paths", "snis")
                        : List.of("methods", "hosts", "headers", "paths");
                boolean any = need.stream().anyMatch(f -> !out.path(f).isNull() && !out.path(f).isMissingNode()
                        && out.path(f).size() > 0);
                if (!any) {
                    StringBuilder sb = new StringBuilder("must set one of ");
                    for (int i = 0; i < need.size(); i++) {
                        sb.append(i > 0 ? ", " : "").append("'").append(need.get(i)).append("'");
                    }
                    sb.append(" when 'protocols' is '").append(proto).append("'");
                    errors.withArray("@entity").add(sb.toString());
                }
            }
        }
        if (plugin != null) {
            JsonNode checks = schemas.document("plugins/" + plugin).get("entity_checks");
            for (JsonNode c : checks) {
                if (c.has("at_least_one_of")) {
                    boolean any = false;
                    List<String> names = new ArrayList<>();
                    for (JsonNode f : c.get("at_least_one_of")) {
                        names.add("'" + f.asText() + "'");
                        JsonNode v = out;
                        for (String seg : f.asText().split("\\.")) {
                            v = v.path(seg);
                        }
                        any |= !v.isNull() && !v.isMissingNode();
                    }
                    if (!any) {
                        errors.withArray("@entity").add("at least one of these fields must be non-empty: "
                                + String.join(", ", names));
                    }
                }
            }
        }
    }

    /** Kong's url shorthand, as services.lua defines it. */
    private static void expandUrl(ObjectNode data) {
        JsonNode url = data.remove("url");
        URI u = URI.create(url.asText());
        int port = u.getPort();
        String scheme = u.getScheme() != null ? u.getScheme() : port == 443 ? "https" : "http";
        data.put("protocol", scheme);
        data.put("host", u.getHost());
        if (port >= 0) {
            data.put("port", port);
        } else if (scheme.equals("http")) {
            data.put("port", 80);
        } else if (scheme.equals("https")) {
            data.put("port", 443);
        } else {
            data.putNull("port");
        }
        String path = u.getRawPath();
        if (path == null || path.isEmpty()) {
            data.putNull("path");
        } else {
            data.put("path", path);
        }
    }

    /** PATCH: merges records (config) and replaces everything else, then writes as a replace. */
    synchronized ObjectNode patch(String collection, ObjectNode existing, ObjectNode input) {
        ObjectNode merged = existing.deepCopy();
        merge(merged, input);
        Map<String, JsonNode> none = Map.of();
        return write(collection, stripShorthands(collection, merged), null, existing, none);
    }

    private ObjectNode stripShorthands(String collection, ObjectNode merged) {
        if (collection.equals("plugins") && merged.path("config").isObject()) {
            JsonNode doc = schemas.document("plugins/" + merged.get("name").asText());
            for (JsonNode f : doc.get("fields")) {
                JsonNode cfg = f.get("config");
                if (cfg != null && cfg.has("shorthand_fields")) {
                    for (JsonNode s : cfg.get("shorthand_fields")) {
                        ((ObjectNode) merged.get("config")).remove(s.fieldNames().next());
                    }
                }
            }
        }
        return merged;
    }

    private static void merge(ObjectNode target, JsonNode patch) {
        patch.fields().forEachRemaining(e -> {
            JsonNode cur = target.get(e.getKey());
            if (cur != null && cur.isObject() && e.getValue().isObject() && !e.getKey().equals("headers")) {
                merge((ObjectNode) cur, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue());
            }
        });
    }

    /** Deletes, cascading to dependents or refusing when a restrictive reference exists. */
    synchronized void delete(String collection, String id) {
        if (!tables.get(collection).containsKey(id)) {
            return;
        }
        for (Def d : DEFS.values()) {
            for (Fk fk : d.fks()) {
                if (!fk.collection().equals(collection) || fk.cascade()) {
                    continue;
                }
                for (ObjectNode n : tables.get(d.collection()).values()) {
                    if (id.equals(n.path(fk.field()).path("id").asText(null))) {
                        ObjectNode b = NODES.objectNode();
                        b.put("code", 4);
                        b.set("fields", NODES.objectNode().put("@referenced_by", d.collection()));
                        b.put("message", "an existing '" + d.collection() + "' entity references this '"
                                + collection + "' entity");
                        b.put("name", "foreign key violation");
                        throw new KongError(400, b);
                    }
                }
            }
        }
        index(collection, tables.get(collection).remove(id), false);
        for (Def d : DEFS.values()) {
            for (Fk fk : d.fks()) {
                if (fk.collection().equals(collection) && fk.cascade()) {
                    List<String> gone = new ArrayList<>();
                    for (ObjectNode n : tables.get(d.collection()).values()) {
                        if (id.equals(n.path(fk.field()).path("id").asText(null))) {
                            gone.add(n.get("id").asText());
                        }
                    }
                    gone.forEach(g -> delete(d.collection(), g));
                }
            }
        }
    }

    /** The entity as Kong answers it: shorthand mirrors filled in (rate-limiting's redis_host, ...). */
    synchronized ObjectNode view(String collection, ObjectNode stored) {
        ObjectNode out = stored.deepCopy();
        if (collection.equals("plugins")) {
            JsonNode doc = schemas.document("plugins/" + out.get("name").asText());
            ObjectNode wrapper = NODES.objectNode();
            wrapper.set("fields", doc.get("fields"));
            KongSchemas.translateBackwards(wrapper, out);
        }
        return out;
    }
}
