package dev.kongsync.file;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.Schema;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns Kong's state back into a declarative document: children nested in their parent as the kind table allows
 * (routes and plugins in services, targets in upstreams, credentials and plugins in consumers, SNIs in certificates),
 * references by the referenced entity's key, and only what differs from Kong's defaults. Entities that others can
 * reference only by id (certificates, CA certificates) keep their id. Read back by {@link ConfigParser}, it
 * describes exactly the same state.
 */
public final class ConfigWriter {
    private ConfigWriter() {}

    public static Map<String, Object> document(CurrentState state, SchemaRegistry schemas, List<String> selectTags,
                                               boolean withIds) {
        return document(state, schemas, selectTags, id -> withIds, false);
    }

    /**
     * The document, keeping the ids {@code keepId} accepts (besides those references need), and with
     * {@code withDefaults} every field with its value, defaults included, instead of only what differs from them.
     */
    public static Map<String, Object> document(CurrentState state, SchemaRegistry schemas, List<String> selectTags,
                                               java.util.function.Predicate<String> keepId, boolean withDefaults) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_format_version", "3.0");
        if (!selectTags.isEmpty()) {
            doc.put("_info", Map.of("select_tags", selectTags));
        }
        Map<String, CurrentEntity> byId = new HashMap<>();
        state.all().forEach(e -> byId.put(e.id(), e));
        Set<String> referenced = referencedById(state);
        Map<String, Map<String, Object>> written = new HashMap<>();
        List<CurrentEntity> all = new ArrayList<>(state.all());
        all.sort(Comparator.comparingInt((CurrentEntity e) -> e.kind().level())
                .thenComparing(e -> String.valueOf(e.label()))
                .thenComparing(e -> scopeKey(e, byId))
                .thenComparing(CurrentEntity::id));
        for (CurrentEntity e : all) {
            Schema schema = schemas.forEntity(e.kind(), e.fields()).orElseThrow();
            Map<String, Object> out = new LinkedHashMap<>();
            boolean keyless = e.kind().keys().stream()
                    .allMatch(k -> k.value(e.fields(), e.refs()::get, e.kind()) == null);
            if (keepId.test(e.id()) || referenced.contains(e.id()) || keyless) {
                out.put("id", e.id());
            }
            Map<String, Object> norm = Normalizer.normalize(schema, e.fields());
            norm.keySet().removeAll(e.kind().readOnly());
            List<String> labels = e.kind().labelFields();
            for (String label : labels) {
                if (norm.get(label) != null) {
                    out.put(label, norm.get(label));
                }
            }
            for (Field f : schema.fields()) {
                if (labels.contains(f.name()) || !norm.containsKey(f.name())) {
                    continue;
                }
                Object v = withDefaults ? norm.get(f.name()) : stripDefaults(f, norm.get(f.name()));
                if (f.name().equals("tags") && v instanceof List<?> tags) {
                    List<Object> kept = new ArrayList<>(tags);
                    kept.removeAll(selectTags);
                    v = kept.isEmpty() ? null : kept;
                }
                if (v != null) {
                    out.put(f.name(), v);
                }
            }
            // nest under the last reference that nests (a plugin on a route and a service goes under the route)
            EntityKind.Ref nestUnder = null;
            for (EntityKind.Ref r : e.kind().refs()) {
                String pid = e.refs().get(r.field());
                if (pid != null && r.nestedAs() != null && written.containsKey(pid)) {
                    nestUnder = r;
                }
            }
            for (EntityKind.Ref r : e.kind().refs()) {
                String pid = e.refs().get(r.field());
                if (pid != null && r != nestUnder) {
                    out.put(r.field(), reference(byId.get(pid), pid));
                }
            }
            Object entry = out;
            if (e.kind().scalarForm() != null && out.size() == 1 && out.containsKey(e.kind().scalarForm())) {
                entry = out.get(e.kind().scalarForm());
            }
            written.put(e.id(), out);
            if (nestUnder != null) {
                Map<String, Object> parent = written.get(e.refs().get(nestUnder.field()));
                children(parent, nestUnder.nestedAs()).add(entry);
            } else {
                children(doc, e.kind().fileKey()).add(entry);
            }
        }
        return doc;
    }

    /** Ids others reference and that cannot be referenced otherwise: those of kinds without a reference key. */
    private static Set<String> referencedById(CurrentState state) {
        Set<String> out = new HashSet<>();
        for (CurrentEntity e : state.all()) {
            for (EntityKind.Ref r : e.kind().refs()) {
                if (!EntityKind.byName(r.kind()).referenceFields().isEmpty()) {
                    continue;
                }
                if (r.many() && e.fields().get(r.field()) instanceof Collection<?> ids) {
                    ids.forEach(id -> out.add(String.valueOf(id)));
                } else if (!r.many() && e.refs().get(r.field()) != null && r.nestedAs() == null) {
                    out.add(e.refs().get(r.field()));
                }
            }
        }
        return out;
    }

    /**
     * How a file names the referenced entity: by its first reference key (a bare name), by another key
     * ({@code {custom_id: ...}}), else by id.
     */
    private static Object reference(CurrentEntity target, String id) {
        if (target != null) {
            List<String> keys = target.kind().referenceFields();
            for (int i = 0; i < keys.size(); i++) {
                Object v = target.fields().get(keys.get(i));
                if (v != null) {
                    return i == 0 ? v : Map.of(keys.get(i), v);
                }
            }
        }
        return Map.of("id", id);
    }

    private static String scopeKey(CurrentEntity e, Map<String, CurrentEntity> byId) {
        StringBuilder sb = new StringBuilder();
        for (EntityKind.Ref r : e.kind().refs()) {
            CurrentEntity p = byId.get(e.refs().get(r.field()));
            sb.append(p == null ? String.valueOf(e.refs().get(r.field())) : p.label()).append('|');
        }
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> children(Map<String, Object> parent, String key) {
        return (List<Object>) parent.computeIfAbsent(key, k -> new ArrayList<>());
    }

    /** The value without what equals the schema's default; null if nothing is left. */
    private static Object stripDefaults(Field f, Object v) {
        return Normalizer.withoutDefaultsDeep(f, v);
    }
}
