package dev.kongsync.plan;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.Schema;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.schema.Values;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.Fingerprint;
import dev.kongsync.state.RefSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares a desired state with Kong's current state and produces the {@link Plan}.
 *
 * <ol>
 * <li>Both sides are brought to canonical form with the same schemas ({@link Normalizer}).</li>
 * <li>Kind by kind, parents first, each file entity is matched to a Kong entity: by explicit id, else by natural
 * key (references compared by the id the referenced entity has or will get). A file entity and a Kong entity left
 * unmatched that differ only in their name (or, for plugins, only in what they are attached to) are the same
 * entity renamed or moved: updated in place, keeping Kong's id, instead of deleted and re-created.</li>
 * <li>Matched pairs that differ become updates listing only the changed fields; unmatched file entities become
 * creates (with an id chosen here, so children can reference them before they exist); unmatched Kong entities
 * become deletes.</li>
 * <li>Each operation depends only on the operations it really needs: a create or update on the creates of the
 * entities it references, a delete on the operations of the entities that reference it now.</li>
 * </ol>
 */
public final class Planner {

    private final SchemaRegistry schemas;
    private final Map<String, Node> desiredById = new HashMap<>();
    private final Map<String, String> idByName = new HashMap<>();
    private final CurrentState current;
    private final Map<String, Map<String, Object>> currentNorm = new HashMap<>();

    /** A file entity once matched: its id, canonical fields and references by id. */
    private record Node(DesiredEntity source, String id, Map<String, Object> norm, Map<String, String> refs,
                        CurrentEntity match) {}

    private Planner(SchemaRegistry schemas, CurrentState current) {
        this.schemas = schemas;
        this.current = current;
    }

    public static Plan plan(DesiredState desired, CurrentState current, SchemaRegistry schemas) {
        return new Planner(schemas, current).run(desired);
    }

    private Schema schema(EntityKind kind, Map<String, Object> fields) {
        return schemas.forEntity(kind, fields).orElseThrow(() -> new IllegalStateException(
                "no schema for " + kind.name() + " " + fields.get("name") + " in " + schemas.description()));
    }

    private Plan run(DesiredState desired) {
        for (CurrentEntity c : current.all()) {
            currentNorm.put(c.id(), Normalizer.normalize(schema(c.kind(), c.fields()), c.fields()));
        }
        List<Node> nodes = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (EntityKind kind : EntityKind.ALL) {
            nodes.addAll(match(kind, desired, matched));
        }
        return operations(desired, nodes, matched);
    }

    // ---- matching ------------------------------------------------------------------------------------------

    private List<Node> match(EntityKind kind, DesiredState desired, Set<String> matched) {
        Map<String, CurrentEntity> byKey = new HashMap<>();
        for (CurrentEntity c : current.of(kind)) {
            byKey.putIfAbsent(key(kind, c.fields(), c.refs()), c);
        }
        List<DesiredEntity> entities = desired.of(kind);
        Map<DesiredEntity, Map<String, Object>> norms = new IdentityHashMap<>();
        Map<DesiredEntity, Map<String, String>> refs = new IdentityHashMap<>();
        Map<DesiredEntity, CurrentEntity> pairs = new IdentityHashMap<>();
        for (DesiredEntity d : entities) {
            Map<String, String> r = resolve(d);
            refs.put(d, r);
            norms.put(d, canonical(d, desired.selectTags()));
            CurrentEntity c = d.explicitId() != null ? current.byId(d.explicitId())
                    : byKey.get(key(kind, d.fields(), r));
            if (c != null && c.kind() == kind && !matched.contains(c.id())) {
                pairs.put(d, c);
                matched.add(c.id());
            }
        }
        if (kind.adminParent() == null) {
            pairRenames(kind, entities, norms, refs, pairs, matched);
        }
        List<Node> out = new ArrayList<>();
        for (DesiredEntity d : entities) {
            CurrentEntity c = pairs.get(d);
            String id = c != null ? c.id() : d.explicitId() != null ? d.explicitId() : UUID.randomUUID().toString();
            Node n = new Node(d, id, norms.get(d), refs.get(d), c);
            out.add(n);
            desiredById.put(id, n);
            if (d.label() != null) {
                idByName.put(kind.name() + ":" + d.label(), id);
            }
        }
        return out;
    }

    /** References of a file entity as ids (of the referenced entity in Kong, or the id it will be created with). */
    private Map<String, String> resolve(DesiredEntity d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, RefSpec> e : d.refs().entrySet()) {
            RefSpec s = e.getValue();
            String id = s.id() != null ? s.id() : idByName.get(s.kind() + ":" + s.name());
            if (id == null) {
                throw new IllegalStateException("unresolved reference to " + s.describe());
            }
            out.put(e.getKey(), id);
        }
        return out;
    }

    private Map<String, Object> canonical(DesiredEntity d, List<String> selectTags) {
        return canonical(d, selectTags, schemas);
    }

    /**
     * A file entity's fields in canonical form, as compared and written: select tags added, deprecated shorthands
     * moved to their replacements, defaults filled.
     */
    public static Map<String, Object> canonical(DesiredEntity d, List<String> selectTags, SchemaRegistry schemas) {
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) Values.deepCopy(d.fields());
        fields.keySet().removeAll(d.kind().readOnly());
        if (!selectTags.isEmpty()) {
            Set<Object> tags = new LinkedHashSet<>();
            if (fields.get("tags") instanceof Collection<?> t) {
                tags.addAll(t);
            }
            tags.addAll(selectTags);
            fields.put("tags", new ArrayList<>(tags));
        }
        Schema schema = schemas.forEntity(d.kind(), fields).orElseThrow(() -> new IllegalStateException(
                "no schema for " + d.kind().name() + " " + fields.get("name") + " in " + schemas.description()));
        Normalizer.applyShorthands(schema.root(), fields);
        return Normalizer.normalize(schema, fields);
    }

    private static String key(EntityKind kind, Map<String, Object> fields, Map<String, String> refs) {
        StringBuilder sb = new StringBuilder();
        for (String k : kind.keyFields()) {
            Object v = kind.isRefField(k) ? refs.get(k) : fields.get(k);
            sb.append(k).append('=').append(v).append('|');
        }
        return sb.toString();
    }

    /**
     * Pairs file and Kong entities left unmatched that are the same but for their name (kinds keyed by name) or
     * for what they are attached to (kinds keyed by references, such as plugins), when the pairing is unambiguous.
     */
    private void pairRenames(EntityKind kind, List<DesiredEntity> entities, Map<DesiredEntity, Map<String, Object>> norms,
                             Map<DesiredEntity, Map<String, String>> refs, Map<DesiredEntity, CurrentEntity> pairs,
                             Set<String> matched) {
        boolean byRefs = kind.keyFields().stream().anyMatch(kind::isRefField);
        Map<String, List<DesiredEntity>> ds = new HashMap<>();
        for (DesiredEntity d : entities) {
            if (!pairs.containsKey(d) && d.explicitId() == null) {
                ds.computeIfAbsent(signature(kind, norms.get(d), refs.get(d), byRefs), k -> new ArrayList<>()).add(d);
            }
        }
        if (ds.isEmpty()) {
            return;
        }
        Map<String, List<CurrentEntity>> cs = new HashMap<>();
        for (CurrentEntity c : current.of(kind)) {
            if (!matched.contains(c.id())) {
                cs.computeIfAbsent(signature(kind, currentNorm.get(c.id()), c.refs(), byRefs), k -> new ArrayList<>()).add(c);
            }
        }
        for (Map.Entry<String, List<DesiredEntity>> e : ds.entrySet()) {
            List<CurrentEntity> candidates = cs.get(e.getKey());
            if (e.getValue().size() == 1 && candidates != null && candidates.size() == 1) {
                pairs.put(e.getValue().get(0), candidates.get(0));
                matched.add(candidates.get(0).id());
            }
        }
    }

    private static String signature(EntityKind kind, Map<String, Object> norm, Map<String, String> refs, boolean byRefs) {
        Map<String, Object> sig = new LinkedHashMap<>(norm);
        if (byRefs) {
            return Values.render(sig);
        }
        kind.keyFields().forEach(sig::remove);
        sig.put("@refs", new LinkedHashMap<>(refs));
        return Values.render(sig);
    }

    // ---- operations ----------------------------------------------------------------------------------------

    private Plan operations(DesiredState desired, List<Node> nodes, Set<String> matched) {
        List<Draft> drafts = new ArrayList<>();
        for (Node n : nodes) {
            EntityKind kind = n.source.kind();
            if (n.match == null) {
                drafts.add(new Draft(Action.CREATE, kind, n.id, n.source.label(), scope(kind, n.refs), null, null,
                        display(kind, n.norm, n.refs), List.of(), body(kind, n), parentId(kind, n.refs), n.refs,
                        Map.of(), n));
            } else {
                CurrentEntity c = n.match;
                if (Values.equal(n.norm, currentNorm.get(c.id())) && sameRefs(kind, n.refs, c.refs())) {
                    continue;
                }
                Map<String, Object> after = display(kind, n.norm, n.refs);
                Map<String, Object> before = display(kind, currentNorm.get(c.id()), c.refs());
                List<FieldChange> changes = new ArrayList<>();
                diff("", before, after, changes);
                if (!changes.isEmpty()) {
                    String was = null;
                    String oldScope = scope(kind, c.refs());
                    if (!java.util.Objects.equals(c.label(), n.source.label())) {
                        was = c.label();
                    } else if (!oldScope.equals(scope(kind, n.refs))) {
                        was = oldScope;
                    }
                    drafts.add(new Draft(Action.UPDATE, kind, n.id, n.source.label(), scope(kind, n.refs), was, before,
                            after, changes, body(kind, n), parentId(kind, n.refs), n.refs, c.refs(), n));
                }
            }
        }
        for (CurrentEntity c : current.all()) {
            if (!matched.contains(c.id())) {
                drafts.add(new Draft(Action.DELETE, c.kind(), c.id(), c.label(), scope(c.kind(), c.refs()), null,
                        display(c.kind(), currentNorm.get(c.id()), c.refs()), null, List.of(), null,
                        parentId(c.kind(), c.refs()), Map.of(), c.refs(), null));
            }
        }
        // creates and updates parents first, deletes children first; then by name for a stable order
        drafts.sort(Comparator.<Draft>comparingInt(d -> d.action == Action.DELETE ? 1 : 0)
                .thenComparingInt(d -> d.action == Action.DELETE ? -d.kind.level() : d.kind.level())
                .thenComparing(d -> d.kind.name())
                .thenComparing(d -> String.valueOf(d.label))
                .thenComparing(d -> d.scope)
                .thenComparing(d -> d.id));
        Map<String, Integer> createIndex = new HashMap<>();
        Map<String, List<Integer>> touchingRef = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            if (d.action == Action.CREATE) {
                createIndex.put(d.id, i);
            }
            if (d.action != Action.CREATE) {
                for (String refId : d.currentRefs.values()) {
                    touchingRef.computeIfAbsent(refId, k -> new ArrayList<>()).add(i);
                }
            }
        }
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            Set<Integer> deps = new TreeSet<>();
            if (d.action == Action.DELETE) {
                deps.addAll(touchingRef.getOrDefault(d.id, List.of()));
            } else {
                for (String refId : d.desiredRefs.values()) {
                    Integer c = createIndex.get(refId);
                    if (c != null) {
                        deps.add(c);
                    }
                }
            }
            deps.remove(i);
            Set<String> secrets = secretPaths(d);
            Origin origin = null;
            if (d.node != null) {
                DesiredEntity src = d.node.source;
                Map<String, String> env = src.envPaths();
                secrets.addAll(env.keySet());
                origin = new Origin(src.doc().file(), src.pointer(), src.location(), env);
            }
            ops.add(new Operation(i, d.action, d.kind, d.id, d.label, d.scope, d.renamedFrom, d.before, d.after,
                    List.copyOf(d.changes), d.body, d.parentId, deps, Set.copyOf(secrets), origin));
        }
        return new Plan(List.copyOf(ops), desired.selectTags(), current.size(), desired.entities().size(),
                Fingerprint.of(current));
    }

    /** Whether two entities reference the same entities through the references the table knows. */
    private static boolean sameRefs(EntityKind kind, Map<String, String> a, Map<String, String> b) {
        for (EntityKind.Ref r : kind.refs()) {
            if (!java.util.Objects.equals(a.get(r.field()), b.get(r.field()))) {
                return false;
            }
        }
        return true;
    }

    private record Draft(Action action, EntityKind kind, String id, String label, String scope, String renamedFrom,
                         Map<String, Object> before, Map<String, Object> after, List<FieldChange> changes,
                         Map<String, Object> body, String parentId, Map<String, String> desiredRefs,
                         Map<String, String> currentRefs, Node node) {}

    private Set<String> secretPaths(Draft d) {
        Set<String> out = new TreeSet<>(d.kind.secretFields());
        Map<String, Object> fields = d.after != null ? d.after : d.before;
        schemas.forEntity(d.kind, fields).ifPresent(s -> collectEncrypted(s.root(), "", out));
        return out;
    }

    private static void collectEncrypted(Field record, String prefix, Set<String> out) {
        for (Field f : record.fields()) {
            String p = prefix + f.name();
            if (f.encrypted()) {
                out.add(p);
            } else if (f.is("record")) {
                collectEncrypted(f, p + ".", out);
            }
        }
    }

    /** Canonical fields plus references by name, the way a reviewer reads an entity. */
    private Map<String, Object> display(EntityKind kind, Map<String, Object> norm, Map<String, String> refs) {
        Map<String, Object> out = new LinkedHashMap<>(norm);
        for (EntityKind.Ref r : kind.refs()) {
            String id = refs.get(r.field());
            out.put(r.field(), id == null ? null : refName(r.kind(), id));
        }
        return out;
    }

    private String refName(String kindName, String id) {
        Node n = desiredById.get(id);
        if (n != null && n.source.label() != null) {
            return n.source.label();
        }
        CurrentEntity c = current.byId(id);
        if (c != null && c.label() != null) {
            return c.label();
        }
        return id;
    }

    private String scope(EntityKind kind, Map<String, String> refs) {
        if (kind.keyFields().stream().noneMatch(kind::isRefField)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (EntityKind.Ref r : kind.refs()) {
            String id = refs.get(r.field());
            if (id != null) {
                parts.add(r.kind() + " " + refName(r.kind(), id));
            }
        }
        return parts.isEmpty() ? "global" : String.join(", ", parts);
    }

    private static String parentId(EntityKind kind, Map<String, String> refs) {
        return kind.adminParent() == null ? null : refs.get(kind.adminParent());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(EntityKind kind, Node n) {
        Map<String, Object> body = (Map<String, Object>) Normalizer.withoutNulls(n.norm);
        for (Map.Entry<String, String> r : n.refs.entrySet()) {
            if (!r.getKey().equals(kind.adminParent())) {
                body.put(r.getKey(), Map.of("id", r.getValue()));
            }
        }
        if (n.match != null) {
            // references files cannot express (a service's client_certificate) survive the full replace
            for (Map.Entry<String, String> r : n.match.refs().entrySet()) {
                if (kind.ref(r.getKey()).isEmpty()) {
                    body.put(r.getKey(), Map.of("id", r.getValue()));
                }
            }
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    static void diff(String prefix, Object before, Object after, List<FieldChange> out) {
        if (Values.equal(before, after)) {
            return;
        }
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            Set<String> keys = new LinkedHashSet<>((Collection<String>) a.keySet());
            keys.addAll((Collection<String>) b.keySet());
            for (String k : keys) {
                diff(prefix.isEmpty() ? k : prefix + "." + k, b.get(k), a.get(k), out);
            }
            return;
        }
        out.add(new FieldChange(prefix, before, after));
    }
}
