package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.Daos.Dao;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.kongsync.testkong.KongSchema.NODES;

/** Kong's DAO overrides of the kinds that have one ({@code kong/db/dao/*.lua}). */
final class DaoOverrides {
    private DaoOverrides() {}

    static final DaoOverride NONE = new DaoOverride() {};

    // ---- kong/db/dao/plugins.lua ----------------------------------------------------------------------------

    /** A plugin given protocols must share one with its route, or with one of its service's routes. */
    static final DaoOverride PLUGINS = new DaoOverride() {
        @Override
        public ObjectNode insert(KongStore store, Dao dao, ObjectNode entity, KongStore.Ttl ttl) {
            checkProtocols(store, entity);
            return store.superInsert(dao, entity, ttl);
        }

        @Override
        public ObjectNode upsert(KongStore store, Dao dao, String id, ObjectNode entity, KongStore.Ttl ttl) {
            checkProtocols(store, entity);
            return store.superUpsert(dao, id, entity, ttl);
        }

        @Override
        public ObjectNode update(KongStore store, Dao dao, String id, ObjectNode entity, KongStore.Ttl ttl) {
            boolean protocols = entity.has("protocols");
            boolean service = entity.has("service");
            boolean route = entity.has("route");
            if (protocols || service || route) {
                if ((protocols && !route) || (service && !protocols) || (route && !protocols)) {
                    ObjectNode rbw = store.row(dao, id);
                    if (rbw != null) {
                        for (String f : List.of("protocols", "service", "route")) {
                            if (!entity.has(f)) {
                                entity.set(f, rbw.get(f));
                            }
                        }
                    }
                }
                checkProtocols(store, entity);
            }
            return store.superUpdate(dao, id, entity, ttl);
        }
    };

    private static void checkProtocols(KongStore store, ObjectNode plugin) {
        JsonNode protocols = plugin.get("protocols");
        if (protocols == null || !KongSchema.isTable(protocols)) {
            return;
        }
        JsonNode route = plugin.get("route");
        JsonNode service = plugin.get("service");
        if (route != null && route.isObject()) {
            // routes:select(plugin.route): a route given by name has no primary key, and is not looked up
            ObjectNode r = store.row(Daos.get("routes"), route.path("id").asText(null));
            if (r != null && !common(protocols, r.get("protocols"))) {
                throw KongErrors.schemaViolation(NODES.objectNode()
                        .put("protocols", "must match the associated route's protocols"));
            }
        } else if (service != null && service.isObject()) {
            // each_for_service fails for a service given without its id, which counts as no common protocol
            String sid = service.path("id").asText(null);
            boolean ok = sid != null && KongStore.UUID_RE.matcher(sid).matches();
            if (ok) {
                boolean anyRoute = false;
                boolean match = false;
                for (ObjectNode r : store.rows(Daos.get("routes")).values()) {
                    if (sid.equalsIgnoreCase(r.path("service").path("id").asText(""))) {
                        anyRoute = true;
                        match |= common(protocols, r.get("protocols"));
                    }
                }
                ok = match || !anyRoute;
            }
            if (!ok) {
                throw KongErrors.schemaViolation(NODES.objectNode().put("protocols",
                        "must match the protocols of at least one route pointing to this Plugin's service"));
            }
        }
    }

    private static boolean common(JsonNode plugin, JsonNode route) {
        Set<String> rp = new HashSet<>();
        if (route != null) {
            route.forEach(p -> rp.add(p.asText()));
        }
        for (JsonNode p : plugin) {
            if (rp.contains(p.asText())) {
                return true;
            }
        }
        return false;
    }

    // ---- kong/db/dao/targets.lua ----------------------------------------------------------------------------

    /** Targets are stored and read as host:port, 8000 when no port is given; IPv6 in brackets. */
    static final DaoOverride TARGETS = new DaoOverride() {
        @Override
        public ObjectNode insert(KongStore store, Dao dao, ObjectNode entity, KongStore.Ttl ttl) {
            JsonNode t = entity.get("target");
            if (t != null && t.isTextual()) {
                entity.put("target", formatTarget(t.asText()));
            }
            return store.superInsert(dao, entity, ttl);
        }

        @Override
        public ObjectNode read(KongStore store, Dao dao, ObjectNode entity) {
            JsonNode t = entity.get("target");
            if (t != null && t.isTextual()) {
                entity.put("target", formatTarget(t.asText()));
            }
            return entity;
        }
    };

    static String formatTarget(String target) {
        KongCode.Ip p = KongCode.normalizeIp(target);
        if (p.error() != null) {
            throw KongErrors.schemaViolation(NODES.objectNode()
                    .put("target", "Invalid target; not a valid hostname or ip address"));
        }
        return KongCode.formatHost(p, 8000);
    }

    // ---- kong/db/dao/certificates.lua and kong/db/dao/snis.lua ----------------------------------------------

    /** A certificate's {@code snis}: SNI entities created, replaced and deleted along with it. */
    static final DaoOverride CERTIFICATES = new DaoOverride() {
        @Override
        public ObjectNode insert(KongStore store, Dao dao, ObjectNode cert, KongStore.Ttl ttl) {
            List<String> names = nameList(cert.get("snis"));
            if (names != null) {
                checkListIsNew(store, names, null);
            }
            ObjectNode out = store.superInsert(dao, cert, ttl);
            out.set("snis", strings(names == null ? List.of() : names));
            if (names != null) {
                insertList(store, out.get("id").asText(), names);
            }
            return out;
        }

        @Override
        public ObjectNode upsert(KongStore store, Dao dao, String id, ObjectNode cert, KongStore.Ttl ttl) {
            List<String> names = nameList(cert.get("snis"));
            if (names != null) {
                checkListIsNew(store, names, id);
            }
            ObjectNode out = store.superUpsert(dao, id, cert, ttl);
            return withSnis(store, out, names);
        }

        @Override
        public ObjectNode update(KongStore store, Dao dao, String id, ObjectNode cert, KongStore.Ttl ttl) {
            List<String> names = nameList(cert.get("snis"));
            if (names != null) {
                checkListIsNew(store, names, id);
            }
            ObjectNode out = store.superUpdate(dao, id, cert, ttl);
            return withSnis(store, out, names);
        }

        @Override
        public void delete(KongStore store, Dao dao, String id) {
            Dao snis = Daos.get("snis");
            for (String name : listFor(store, id)) {
                store.deleteByKey(snis, name);
            }
            store.superDelete(dao, id);
        }
    };

    private static ObjectNode withSnis(KongStore store, ObjectNode cert, List<String> names) {
        String id = cert.get("id").asText();
        if (names != null) {
            cert.set("snis", strings(names));
            updateList(store, id, names);
        } else {
            cert.set("snis", strings(listFor(store, id)));
        }
        return cert;
    }

    /** {@code parse_name_list}: a table copied and sorted (duplicates refused), null as empty, else nothing. */
    private static List<String> nameList(JsonNode input) {
        if (input == null || !(input.isArray() || input.isNull())) {
            return null;
        }
        List<String> names = new ArrayList<>();
        Set<String> found = new HashSet<>();
        if (input.isArray()) {
            for (JsonNode n : input) {
                String name = n.asText();
                if (!found.add(name)) {
                    throw KongErrors.schemaViolation(NODES.objectNode().put("snis", name + " is duplicated"));
                }
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    /** {@code check_list_is_new}: no name may belong to another certificate. */
    private static void checkListIsNew(KongStore store, List<String> names, String certId) {
        Dao snis = Daos.get("snis");
        for (String name : names) {
            ObjectNode row = store.selectByKey(snis, "name", name);
            if (row != null && !row.path("certificate").path("id").asText().equalsIgnoreCase(String.valueOf(certId))) {
                throw KongErrors.schemaViolation(NODES.objectNode().put("snis", name
                        + " already associated with existing certificate '"
                        + row.path("certificate").path("id").asText() + "'"));
            }
        }
    }

    private static void insertList(KongStore store, String certId, List<String> names) {
        Dao snis = Daos.get("snis");
        for (String name : names) {
            ObjectNode sni = NODES.objectNode().put("name", name);
            sni.putObject("certificate").put("id", certId);
            store.insert(snis, sni, KongStore.Ttl.NONE);
        }
    }

    /** {@code update_list}: new names inserted, names no longer listed deleted (errors of deletes ignored). */
    private static void updateList(KongStore store, String certId, List<String> names) {
        List<String> current = listFor(store, certId);
        List<String> insert = new ArrayList<>(names);
        insert.removeAll(current);
        List<String> delete = new ArrayList<>(current);
        delete.removeAll(names);
        insertList(store, certId, insert);
        Dao snis = Daos.get("snis");
        for (String name : delete) {
            try {
                store.deleteByKey(snis, name);
            } catch (KongErrors.KongError ignored) {
                // kong/db/dao/snis.lua: "ignoring errors here"
            }
        }
    }

    /** {@code list_for_certificate}: the names of a certificate's SNIs, sorted. */
    static List<String> listFor(KongStore store, String certId) {
        TreeSet<String> out = new TreeSet<>();
        for (ObjectNode r : store.rows(Daos.get("snis")).values()) {
            if (r.path("certificate").path("id").asText("").equalsIgnoreCase(certId)) {
                out.add(r.get("name").asText());
            }
        }
        return new ArrayList<>(out);
    }

    static ArrayNode strings(List<String> names) {
        ArrayNode a = NODES.arrayNode();
        names.forEach(a::add);
        return a;
    }

    // ---- kong/db/dao/ca_certificates.lua --------------------------------------------------------------------

    /** A CA certificate listed in a service's {@code ca_certificates} cannot be deleted (code 19). */
    static final DaoOverride CA_CERTIFICATES = new DaoOverride() {
        @Override
        public void delete(KongStore store, Dao dao, String id) {
            for (ObjectNode s : store.rows(Daos.get("services")).values()) {
                for (JsonNode ca : s.path("ca_certificates")) {
                    if (ca.asText().equalsIgnoreCase(id)) {
                        throw KongErrors.referencedByOthers("ca certificate " + id + " is still referenced by services"
                                + " (id = " + s.get("id").asText() + ")");
                    }
                }
            }
            store.superDelete(dao, id);
        }
    };

    // ---- key sets and keys ----------------------------------------------------------------------------------

    /**
     * {@code upsert_by_name} passes Kong's checks, then PostgreSQL refuses its {@code ON CONFLICT (ws_id, name)}:
     * the table's name is UNIQUE alone ({@code kong/db/migrations/core/017_300_to_310.lua}), a database error.
     */
    static final DaoOverride UPSERT_BY_NAME_FAILS = new DaoOverride() {
        @Override
        public ObjectNode upsertByKey(KongStore store, Dao dao, String key, ObjectNode entity, KongStore.Ttl ttl) {
            store.checkUpsertByKey(dao, key, entity, ttl);
            throw KongErrors.unexpected();
        }
    };
}
