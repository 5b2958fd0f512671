package dev.kongsync.plan;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.Schema;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.schema.Values;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.Coverage;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Compares a desired state with Kong's current state and produces the {@link Plan}.
 *
 * <ol>
 * <li>Both sides are brought to canonical form with the same schemas ({@link Normalizer}).</li>
 * <li>Kind by kind, parents first, each file entity is matched to a Kong entity: by explicit id, else by its natural
 * keys in order (references compared by the id the referenced entity has or will get). A file entity and a Kong
 * entity left unmatched that differ only in their name (or, for kinds attached to others, only in what they are
 * attached to) are the same entity renamed or moved: updated in place, keeping Kong's id, instead of deleted and
 * re-created.</li>
 * <li>Matched pairs that differ become updates listing only the changed fields; unmatched file entities become
 * creates (with an id chosen here, so children can reference them before they exist); unmatched Kong entities
 * become deletes.</li>
 * <li>Each operation depends only on the operations it really needs: a create or update on the creates of the
 * entities it references, a delete on the operations of the entities that reference it now.</li>
 * </ol>
 *
 * <p>References the files make to entities they do not declare resolve against Kong: the in-scope state, or
 * {@code outside}, the entities outside the scope that the files name (by id, or by key with lookup tags).
 */
public final class Planner {

    private final SchemaRegistry schemas;
    private final CurrentState current;
    private final CurrentState outside;
    private final Map<DesiredEntity, Node> nodes = new IdentityHashMap<>();
    private final Map<String, Node> desiredById = new HashMap<>();
    private final Map<String, Map<String, Object>> currentNorm = new HashMap<>();
    private final Map<DesiredEntity, Map<String, Object>> canonicals = new IdentityHashMap<>();
    private final List<String> unresolved = new ArrayList<>();
    private final boolean offline;
    private final Coverage coverage;
    private final List<String> warnings = new ArrayList<>();
    private IdStrategy ids = IdStrategy.RANDOM;

    /**
     * A file entity once matched: its id, canonical fields (what is written), the same fields as they compare with
     * Kong's (a hashed secret that is the one Kong holds takes Kong's stored form), references by id, and the Kong
     * entity it matched.
     */
    private record Node(DesiredEntity source, String id, Map<String, Object> norm, Map<String, Object> compare,
                        Map<String, String> refs, CurrentEntity match) {}

    private Planner(SchemaRegistry schemas, CurrentState current, CurrentState outside, boolean offline,
                    Coverage coverage) {
        this.schemas = schemas;
        this.current = current;
        this.outside = outside;
        this.offline = offline;
        this.coverage = coverage;
    }

    public static Plan plan(DesiredState desired, CurrentState current, SchemaRegistry schemas) {
        return plan(desired, current, new CurrentState(List.of()), schemas);
    }

    /**
     * Plans without a Kong to resolve references against (offline diffs): a reference to an entity the files do
     * not declare is taken as it is written.
     */
    public static Plan planOffline(DesiredState desired, CurrentState older, SchemaRegistry schemas) {
        return new Planner(schemas, older, new CurrentState(List.of()), true, Coverage.COMPLETE).run(desired);
    }

    /**
     * Plans with {@code outside}: entities outside the select-tag scope that the files reference (never changed).
     *
     * @throws IllegalStateException when a reference resolves neither in the files nor in Kong
     */
    public static Plan plan(DesiredState desired, CurrentState current, CurrentState outside, SchemaRegistry schemas) {
        return plan(desired, current, outside, schemas, Coverage.COMPLETE, IdStrategy.RANDOM);
    }

    /**
     * Plans for files that cover the scope as {@code coverage} says, creating with {@code ids}: for
     * {@link Coverage#PARTIAL} files (apply), the entities of Kong the files do not name are left as they are (no
     * delete, no rename), and only creates and updates are planned.
     */
    public static Plan plan(DesiredState desired, CurrentState current, CurrentState outside, SchemaRegistry schemas,
                            Coverage coverage, IdStrategy ids) {
        return plan(desired, current, outside, schemas, coverage, ids, Map.of());
    }

    /**
     * The same with the files' canonical forms already made ({@link #canonicalForms}, of these files and schemas);
     * empty: made here.
     */
    public static Plan plan(DesiredState desired, CurrentState current, CurrentState outside, SchemaRegistry schemas,
                            Coverage coverage, IdStrategy ids, Map<DesiredEntity, Map<String, Object>> canonical) {
        Planner p = new Planner(schemas, current, outside, false, coverage);
        p.ids = ids;
        p.canonicals.putAll(canonical);
        return p.run(desired);
    }

    private Schema schema(EntityKind kind, Map<String, Object> fields) {
        return schemas.forEntity(kind, fields).orElseThrow(() -> new IllegalStateException(
                "no schema for " + kind.name() + " " + fields.get(kind.subschemaField()) + " in "
                        + schemas.description()));
    }

    private Plan run(DesiredState desired) {
        List<CurrentEntity> kong = current.all();
        List<Map<String, Object>> kongNorms = eachAtOnce(kong, c -> {
            Map<String, Object> norm = Normalizer.normalize(schema(c.kind(), c.fields()), storedForm(c.kind(), c.fields()));
            norm.keySet().removeAll(c.kind().readOnly());
            return norm;
        });
        for (int i = 0; i < kong.size(); i++) {
            currentNorm.put(kong.get(i).id(), kongNorms.get(i));
        }
        if (canonicals.isEmpty()) {
            canonicals.putAll(canonicalForms(desired, schemas));
        }
        List<Node> all = new ArrayList<>();
        Set<String> matched = new HashSet<>();
        for (EntityKind kind : EntityKind.all()) {
            all.addAll(match(kind, desired, matched));
        }
        if (!unresolved.isEmpty()) {
            throw new IllegalStateException(String.join("\n", unresolved) + "\nNothing was written.");
        }
        return operations(desired, all, matched);
    }

    /**
     * The canonical form ({@link #canonical}) of every entity of the files: what a plan compares and writes, known
     * before Kong is read. Computed while Kong is read, it is off the plan's path
     * ({@link #plan(DesiredState, CurrentState, CurrentState, SchemaRegistry, Coverage, IdStrategy, Map)}).
     */
    public static Map<DesiredEntity, Map<String, Object>> canonicalForms(DesiredState desired, SchemaRegistry schemas) {
        List<DesiredEntity> files = desired.entities();
        List<Map<String, Object>> norms = eachAtOnce(files, d -> canonical(d, desired.selectTags(), schemas));
        Map<DesiredEntity, Map<String, Object>> out = new IdentityHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            out.put(files.get(i), norms.get(i));
        }
        return out;
    }

    /**
     * {@code f} of each item, in their order, computed on every core: the canonical forms of both sides are each
     * entity's own (its fields and its schema). Natively, for 12,000 entities on 2 cores: Kong's side 18 -> 12 ms,
     * the files' 120 -> 100 ms (of a 205 ms no-op plan on one core; the allocation they do keeps it from halving).
     * The first item's failure (in their order, as one core would have met it) is thrown.
     */
    @SuppressWarnings("unchecked")
    private static <T, R> List<R> eachAtOnce(List<T> items, java.util.function.Function<T, R> f) {
        Object[] out = new Object[items.size()];
        RuntimeException[] failed = new RuntimeException[items.size()];
        java.util.stream.IntStream.range(0, items.size()).parallel().forEach(i -> {
            try {
                out[i] = f.apply(items.get(i));
            } catch (RuntimeException e) {
                failed[i] = e;
            }
        });
        for (RuntimeException e : failed) {
            if (e != null) {
                throw e;
            }
        }
        return (List<R>) java.util.Arrays.asList(out);
    }

    // ---- matching ------------------------------------------------------------------------------------------

    private List<Node> match(EntityKind kind, DesiredState desired, Set<String> matched) {
        List<Map<String, CurrentEntity>> byKey = new ArrayList<>();
        for (EntityKind.NaturalKey k : kind.keys()) {
            Map<String, CurrentEntity> index = new HashMap<>();
            for (CurrentEntity c : current.of(kind)) {
                String v = k.value(c.fields(), c.refs()::get, kind);
                if (v != null) {
                    index.putIfAbsent(v, c);
                }
            }
            byKey.add(index);
        }
        List<DesiredEntity> entities = desired.of(kind);
        Map<DesiredEntity, Map<String, Object>> norms = new IdentityHashMap<>();
        Map<DesiredEntity, Map<String, String>> refs = new IdentityHashMap<>();
        Map<DesiredEntity, CurrentEntity> pairs = new IdentityHashMap<>();
        for (DesiredEntity d : entities) {
            Map<String, String> r = resolve(d);
            refs.put(d, r);
            norms.put(d, canonicals.get(d));
            CurrentEntity c = null;
            if (d.explicitId() != null) {
                c = current.byId(d.explicitId());
            } else {
                for (int i = 0; i < kind.keys().size() && c == null; i++) {
                    String v = kind.keys().get(i).value(d.fields(), r::get, kind);
                    CurrentEntity candidate = v == null ? null : byKey.get(i).get(v);
                    if (candidate != null && !matched.contains(candidate.id())) {
                        c = candidate;
                    }
                }
            }
            if (c != null && c.kind() == kind && !matched.contains(c.id())) {
                pairs.put(d, c);
                matched.add(c.id());
            }
        }
        if (kind.parentRef() == null && coverage.deletes()) {
            pairRenames(kind, entities, norms, refs, pairs, matched);
        }
        List<Node> out = new ArrayList<>();
        for (DesiredEntity d : entities) {
            CurrentEntity c = pairs.get(d);
            String id = c != null ? c.id() : d.explicitId() != null ? d.explicitId() : newId(d);
            Map<String, Object> norm = norms.get(d);
            Map<String, Object> compare = norm;
            if (c != null) {
                norm = keepGenerated(kind, norm, currentNorm.get(c.id()));
                compare = throughStoredSecrets(kind, d, norm, currentNorm.get(c.id()), refs.get(d));
            }
            Node n = new Node(d, id, norm, compare, refs.get(d), c);
            out.add(n);
            nodes.put(d, n);
            desiredById.put(id, n);
        }
        return out;
    }

    /**
     * The id of a file entity Kong does not hold, from the strategy; a random one instead (with a warning) when the
     * strategy's id is already taken, in Kong or by another entity of the files.
     */
    private String newId(DesiredEntity d) {
        String id = ids.idFor(d);
        String taken = desiredById.containsKey(id) ? "another entity of the files"
                : current.byId(id) != null ? current.byId(id).kind().name() + " " + current.byId(id).label() + " in Kong"
                : outside.byId(id) != null ? outside.byId(id).kind().name() + " " + outside.byId(id).label() + " in Kong"
                : null;
        if (taken == null) {
            return id;
        }
        warnings.add(d.kind().name() + " " + (d.label() == null ? "at " + d.location() : d.label()) + ": its id "
                + id + " is already used by " + taken + "; it is created with a random id instead");
        return IdStrategy.RANDOM.idFor(d);
    }

    /**
     * References of a file entity as ids: of the entity of the files they name (matched before, as it is of a kind
     * of a lower level), or of the entity in Kong they name by id or by key.
     */
    private Map<String, String> resolve(DesiredEntity d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, RefSpec> e : d.refs().entrySet()) {
            RefSpec s = e.getValue();
            DesiredEntity target = d.target(e.getKey());
            String id;
            if (target != null) {
                id = nodes.get(target).id();
            } else if (s.id() != null) {
                id = inKong(s.id(), s.kind()) ? s.id() : null;
            } else {
                id = byKeyInKong(s);
            }
            if (id == null && offline) {
                id = s.id() != null ? s.id() : s.value();
            } else if (id == null) {
                unresolved.add(d.where(e.getKey()) + ": " + d.kind().name()
                        + (d.label() == null ? "" : " " + d.label()) + " references " + s.describe()
                        + ", which neither the files nor Kong have");
                id = "unresolved:" + s.describe();
            }
            out.put(e.getKey(), id);
        }
        return out;
    }

    private boolean inKong(String id, String kind) {
        CurrentEntity c = current.byId(id);
        if (c == null) {
            c = outside.byId(id);
        }
        return c != null && c.kind().name().equals(kind);
    }

    private String byKeyInKong(RefSpec s) {
        EntityKind kind = EntityKind.byName(s.kind());
        for (CurrentState state : List.of(current, outside)) {
            for (CurrentEntity c : state.of(kind)) {
                for (String f : s.field() != null ? List.of(s.field()) : kind.referenceFields()) {
                    if (Objects.equals(c.fields().get(f), s.value())) {
                        return c.id();
                    }
                }
            }
        }
        return null;
    }

    /**
     * A file entity's fields in canonical form, as compared and written: select tags added, deprecated shorthands
     * moved to their replacements, defaults filled.
     */
    public static Map<String, Object> canonical(DesiredEntity d, List<String> selectTags, SchemaRegistry schemas) {
        Map<String, Object> fields = new LinkedHashMap<>(d.fields());
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
                "no schema for " + d.kind().name() + " " + fields.get(d.kind().subschemaField()) + " in "
                        + schemas.description()));
        return Normalizer.normalize(schema, storedForm(d.kind(), Normalizer.withShorthandsApplied(schema.root(),
                fields)));
    }

    /** The fields with those Kong stores in another form rewritten to it (see the kind's {@code storedAs}). */
    private static Map<String, Object> storedForm(EntityKind kind, Map<String, Object> fields) {
        if (kind.storedForms().isEmpty()) {
            return fields;
        }
        Map<String, Object> out = new LinkedHashMap<>(fields);
        kind.storedForms().forEach((f, form) -> {
            if (out.get(f) != null) {
                out.put(f, form.apply(out.get(f)));
            }
        });
        return out;
    }

    /**
     * Fields Kong generates when they are not given (a jwt's secret, a key-auth's key) keep Kong's value when the
     * file does not give one: otherwise every replace would make Kong generate a new one.
     */
    private Map<String, Object> keepGenerated(EntityKind kind, Map<String, Object> norm, Map<String, Object> kong) {
        Map<String, Object> out = null;
        for (Field f : schema(kind, norm).fields()) {
            if (f.generatedIfAbsent() && norm.get(f.name()) == null && kong.get(f.name()) != null) {
                out = out == null ? new LinkedHashMap<>(norm) : out;
                out.put(f.name(), kong.get(f.name()));
            }
        }
        return out == null ? norm : out;
    }

    /**
     * The fields as they compare with Kong's when Kong stores a secret hashed: a file value that is the secret of
     * the stored hash compares equal to it (no change); one that cannot be checked is left as Kong has it, and the
     * plan says so.
     */
    private Map<String, Object> throughStoredSecrets(EntityKind kind, DesiredEntity d, Map<String, Object> norm,
                                                     Map<String, Object> kong, Map<String, String> refIds) {
        Map<String, Object> out = null;
        for (Map.Entry<String, EntityKind.SecretForm> e : kind.secretForms().entrySet()) {
            String f = e.getKey();
            Object mine = norm.get(f);
            Object theirs = kong.get(f);
            if (Values.equal(mine, theirs)) {
                continue;
            }
            Boolean same = e.getValue().sameSecret(mine, theirs, kong, refIds);
            if (same == null) {
                warnings.add(kind.name() + " " + (d.label() == null ? "at " + d.location() : d.label()) + ": Kong "
                        + "stores " + f + " hashed in a form kongsync cannot check, so it is compared as equal; "
                        + "change another field to write the file's value");
            }
            if (same == null || same) {
                out = out == null ? new LinkedHashMap<>(norm) : out;
                out.put(f, theirs);
            }
        }
        return out == null ? norm : out;
    }

    /**
     * Pairs file and Kong entities left unmatched that are the same but for their natural key (kinds keyed by their
     * own fields) or for what they are attached to (kinds keyed by references, such as plugins), when the pairing
     * is unambiguous.
     */
    private void pairRenames(EntityKind kind, List<DesiredEntity> entities, Map<DesiredEntity, Map<String, Object>> norms,
                             Map<DesiredEntity, Map<String, String>> refs, Map<DesiredEntity, CurrentEntity> pairs,
                             Set<String> matched) {
        boolean byRefs = kind.scopedByRefs();
        if (current.of(kind).stream().allMatch(c -> matched.contains(c.id()))
                || entities.stream().allMatch(d -> pairs.containsKey(d) || d.explicitId() != null)) {
            return; // nothing left unmatched on one side: no signature to compute
        }
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

    private Plan operations(DesiredState desired, List<Node> all, Set<String> matched) {
        List<Draft> drafts = new ArrayList<>();
        for (Node n : all) {
            EntityKind kind = n.source.kind();
            if (n.match == null) {
                drafts.add(new Draft(Action.CREATE, kind, n.id, n.source.label(), scope(kind, n.refs), null, null,
                        display(kind, n.norm, n.refs), List.of(), body(kind, n, Action.CREATE),
                        parentId(kind, n.refs), referenced(kind, n.norm, n.refs), Set.of(), n,
                        Set.of(), uniques(kind, n.norm, n.refs)));
            } else {
                CurrentEntity c = n.match;
                Map<String, Object> kong = currentNorm.get(c.id());
                if (Values.equal(n.compare, kong) && sameRefs(kind, n.refs, c.refs())) {
                    continue;
                }
                Map<String, Object> after = display(kind, n.compare, n.refs);
                Map<String, Object> before = display(kind, kong, c.refs());
                List<FieldChange> changes = new ArrayList<>();
                diff("", before, after, changes);
                if (!changes.isEmpty()) {
                    String was = null;
                    String oldScope = scope(kind, c.refs());
                    if (!Objects.equals(c.label(), n.source.label())) {
                        was = c.label();
                    } else if (!oldScope.equals(scope(kind, n.refs))) {
                        was = oldScope;
                    }
                    drafts.add(new Draft(Action.UPDATE, kind, n.id, n.source.label(), scope(kind, n.refs), was, before,
                            after, changes, body(kind, n, Action.UPDATE), parentId(kind, n.refs),
                            referenced(kind, n.norm, n.refs), referenced(kind, kong, c.refs()), n,
                            uniques(kind, kong, c.refs()), uniques(kind, n.norm, n.refs)));
                }
            }
        }
        for (CurrentEntity c : current.all()) {
            if (!matched.contains(c.id()) && coverage.deletes()) {
                Map<String, Object> norm = currentNorm.get(c.id());
                drafts.add(new Draft(Action.DELETE, c.kind(), c.id(), c.label(), scope(c.kind(), c.refs()), null,
                        display(c.kind(), norm, c.refs()), null, List.of(), null, parentId(c.kind(), c.refs()),
                        Set.of(), referenced(c.kind(), norm, c.refs()), null, uniques(c.kind(), norm, c.refs()),
                        Set.of()));
            }
        }
        // creates and updates parents first, deletes children first; then by name for a stable order
        drafts.sort(Comparator.<Draft>comparingInt(d -> d.action == Action.DELETE ? 1 : 0)
                .thenComparingInt(d -> d.action == Action.DELETE ? -d.kind.level() : d.kind.level())
                .thenComparing(d -> d.kind.name())
                .thenComparing(d -> String.valueOf(d.label))
                .thenComparing(d -> d.scope)
                .thenComparing(d -> d.id));
        Map<Draft, Set<Draft>> deps = dependencies(drafts);
        stageSwaps(drafts, deps);
        Map<Draft, Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            index.put(drafts.get(i), i);
        }
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft d = drafts.get(i);
            Set<Integer> on = new TreeSet<>();
            deps.getOrDefault(d, Set.of()).forEach(x -> on.add(index.get(x)));
            on.remove(i);
            Set<String> secrets = secretPaths(d);
            Origin origin = null;
            if (d.node != null) {
                DesiredEntity src = d.node.source;
                Map<String, String> env = src.envPaths();
                secrets.addAll(env.keySet());
                origin = new Origin(src.doc().file(), src.pointer(), src.location(), env);
            }
            ops.add(new Operation(i, d.action, d.kind, d.id, d.label, d.scope, d.renamedFrom, d.before, d.after,
                    List.copyOf(d.changes), d.body, d.parentId, on, Set.copyOf(secrets), origin));
        }
        return new Plan(List.copyOf(ops), desired.selectTags(), current.size(), desired.entities().size(),
                Fingerprint.of(current), List.copyOf(warnings));
    }

    /**
     * What each write waits for: a create or update for the creates of the entities it references; a delete for
     * the writes of the entities that reference it now; and any write that takes a unique value (a name, a username,
     * a key) for the write that frees it, so that Kong never answers 409.
     */
    private static Map<Draft, Set<Draft>> dependencies(List<Draft> drafts) {
        Map<String, Draft> creates = new HashMap<>();
        Map<String, List<Draft>> touching = new HashMap<>();
        Map<String, Draft> freeing = new HashMap<>();
        for (Draft d : drafts) {
            if (d.action == Action.CREATE) {
                creates.put(d.id, d);
            }
            for (String refId : d.currentRefs) {
                touching.computeIfAbsent(refId, k -> new ArrayList<>()).add(d);
            }
            for (String u : d.frees()) {
                freeing.put(u, d);
            }
        }
        Map<Draft, Set<Draft>> deps = new IdentityHashMap<>();
        for (Draft d : drafts) {
            Set<Draft> on = deps.computeIfAbsent(d, k -> java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
            if (d.action == Action.DELETE) {
                on.addAll(touching.getOrDefault(d.id, List.of()));
            } else {
                for (String refId : d.desiredRefs) {
                    Draft c = creates.get(refId);
                    if (c != null) {
                        on.add(c);
                    }
                }
            }
            for (String u : d.takes()) {
                Draft f = freeing.get(u);
                if (f != null && f != d) {
                    on.add(f);
                }
            }
            on.remove(d);
        }
        return deps;
    }

    /**
     * Unique values that change hands in a cycle (two consumers swapping usernames, two credentials swapping keys)
     * cannot be written in any order: one update of the cycle is staged first with temporary values, which frees
     * its old values for the others, and is then written as planned.
     */
    private void stageSwaps(List<Draft> drafts, Map<Draft, Set<Draft>> deps) {
        for (List<Draft> cycle : cycles(drafts, deps)) {
            Draft u = cycle.stream().filter(d -> d.action == Action.UPDATE).findFirst().orElse(null);
            if (u == null) {
                continue;
            }
            Set<String> takenByOthers = new HashSet<>();
            cycle.stream().filter(d -> d != u).forEach(d -> takenByOthers.addAll(d.takes()));
            Map<String, Object> body = new LinkedHashMap<>(u.body);
            List<FieldChange> changes = new ArrayList<>();
            Set<String> tempUniques = new HashSet<>();
            for (String key : u.frees()) {
                String prefix = u.kind.name() + "|";
                if (!takenByOthers.contains(key) || !key.startsWith(prefix) || key.indexOf('=') < 0
                        || key.endsWith("|")) {
                    continue;
                }
                String field = key.substring(prefix.length(), key.indexOf('='));
                if (!(body.get(field) instanceof String)) {
                    continue;
                }
                String temp = "kongsync-swap-" + UUID.randomUUID().toString().substring(0, 8);
                changes.add(new FieldChange(field, u.before.get(field), temp));
                body.put(field, temp);
                tempUniques.add(u.kind.name() + "|" + field + "=" + temp);
            }
            if (changes.isEmpty()) {
                continue;
            }
            Draft stage = new Draft(Action.UPDATE, u.kind, u.id, u.label, u.scope,
                    "freeing " + String.join(", ", changes.stream().map(FieldChange::path).toList()) + " for a swap",
                    u.before, u.before, changes, body, u.parentId, u.desiredRefs, u.currentRefs, u.node, u.frees(),
                    tempUniques);
            drafts.add(drafts.indexOf(u), stage);
            Set<Draft> stageDeps = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            deps.get(u).stream().filter(d -> !cycle.contains(d)).forEach(stageDeps::add);
            deps.put(stage, stageDeps);
            for (Draft d : cycle) {
                if (d != u && deps.get(d).remove(u)) {
                    deps.get(d).add(stage);
                }
            }
            deps.get(u).add(stage);
        }
    }

    /** The strongly connected groups of more than one write in the dependency graph (Tarjan's algorithm). */
    private static List<List<Draft>> cycles(List<Draft> drafts, Map<Draft, Set<Draft>> deps) {
        Map<Draft, Integer> index = new IdentityHashMap<>();
        Map<Draft, Integer> low = new IdentityHashMap<>();
        java.util.Deque<Draft> stack = new java.util.ArrayDeque<>();
        Set<Draft> onStack = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        List<List<Draft>> out = new ArrayList<>();
        int[] counter = {0};
        for (Draft d : drafts) {
            if (!index.containsKey(d)) {
                strongConnect(d, deps, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void strongConnect(Draft v, Map<Draft, Set<Draft>> deps, Map<Draft, Integer> index,
                                      Map<Draft, Integer> low, java.util.Deque<Draft> stack, Set<Draft> onStack,
                                      List<List<Draft>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (Draft w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, deps, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<Draft> group = new ArrayList<>();
            Draft w;
            do {
                w = stack.pop();
                onStack.remove(w);
                group.add(w);
            } while (w != v);
            if (group.size() > 1) {
                out.add(group);
            }
        }
    }

    /**
     * The unique values an entity holds: its fields the schema marks unique, and its natural keys made of several
     * parts (a plugin's name and scope), as {@code kind|field=value} keys.
     */
    private Set<String> uniques(EntityKind kind, Map<String, Object> norm, Map<String, String> refs) {
        Set<String> out = new HashSet<>();
        Schema schema = schema(kind, norm);
        for (Field f : schema.fields()) {
            if (Boolean.TRUE.equals(f.attr("unique")) && norm.get(f.name()) != null) {
                out.add(kind.name() + "|" + f.name() + "=" + Values.render(norm.get(f.name())));
            }
        }
        for (EntityKind.NaturalKey k : kind.keys()) {
            if (!k.byOwnField(kind)) {
                String v = k.value(norm, refs::get, kind);
                if (v != null) {
                    out.add(kind.name() + "|" + v);
                }
            }
        }
        return out;
    }

    /** Whether two entities reference the same entities through the references the table knows. */
    private static boolean sameRefs(EntityKind kind, Map<String, String> a, Map<String, String> b) {
        for (EntityKind.Ref r : kind.refs()) {
            if (!r.many() && !Objects.equals(a.get(r.field()), b.get(r.field()))) {
                return false;
            }
        }
        return true;
    }

    /** The ids an entity references: its single references and the ids in its list references. */
    private static Set<String> referenced(EntityKind kind, Map<String, Object> norm, Map<String, String> refs) {
        Set<String> out = new LinkedHashSet<>(refs.values());
        for (EntityKind.Ref r : kind.refs()) {
            if (r.many() && norm.get(r.field()) instanceof Collection<?> ids) {
                ids.forEach(id -> out.add(String.valueOf(id)));
            }
        }
        return out;
    }

    /**
     * An operation before it has its place in the plan; {@code held} and {@code holds} are the unique values the
     * entity has before and after the write.
     */
    private record Draft(Action action, EntityKind kind, String id, String label, String scope, String renamedFrom,
                         Map<String, Object> before, Map<String, Object> after, List<FieldChange> changes,
                         Map<String, Object> body, String parentId, Set<String> desiredRefs,
                         Set<String> currentRefs, Node node, Set<String> held, Set<String> holds) {
        /** Unique values the write releases. */
        Set<String> frees() {
            Set<String> out = new HashSet<>(held);
            out.removeAll(holds);
            return out;
        }

        /** Unique values the write acquires. */
        Set<String> takes() {
            Set<String> out = new HashSet<>(holds);
            out.removeAll(held);
            return out;
        }
    }

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
            if (!r.many()) {
                String id = refs.get(r.field());
                out.put(r.field(), id == null ? null : refName(id));
            }
        }
        return out;
    }

    private String refName(String id) {
        Node n = desiredById.get(id);
        if (n != null && n.source.label() != null) {
            return n.source.label();
        }
        for (CurrentState state : List.of(current, outside)) {
            CurrentEntity c = state.byId(id);
            if (c != null && c.label() != null) {
                return c.label();
            }
        }
        return id;
    }

    /**
     * What an entity hangs off, for display: every reference of a kind attached to others (a plugin: "global" when
     * none), else the entity it cannot exist without (a credential's consumer, an SNI's certificate), else nothing.
     */
    private String scope(EntityKind kind, Map<String, String> refs) {
        boolean attached = kind.scopedByRefs();
        List<String> parts = new ArrayList<>();
        for (EntityKind.Ref r : kind.refs()) {
            String id = refs.get(r.field());
            if (id != null && (attached || r.required())) {
                parts.add(r.kind() + " " + refName(id));
            }
        }
        return parts.isEmpty() && attached ? "global" : String.join(", ", parts);
    }

    private static String parentId(EntityKind kind, Map<String, String> refs) {
        return kind.parentRef() == null ? null : refs.get(kind.parentRef());
    }

    private Map<String, Object> body(EntityKind kind, Node n, Action action) {
        return writeBody(kind, schema(kind, n.norm), action, n.id, n.norm, n.refs,
                n.match == null ? Map.of() : n.match.refs(), n.match == null ? null : n.match.fields().get("created_at"));
    }

    /**
     * The body of the create or replace request, as the kind's write needs it: the canonical fields (every field,
     * unset ones as explicit nulls, when Kong merges the body into what it has; else only those that differ from
     * their default: under a full replace an omitted field takes its default, and a default sent explicitly can set
     * off one of Kong's shorthands, such as an upstream's {@code hash_on: none} resetting its algorithm), references
     * as {@code {id: ...}} (except the parent a nested path names), and the id when the request goes to the
     * collection.
     *
     * @param kept      the references Kong holds now; those the kind table does not know are kept as they are
     * @param createdAt the creation time Kong holds for the entity (or held, for one re-created by undo), or null:
     *                  sent so that it is kept, since Kong sets {@code created_at} to now on every insert or upsert
     *                  without one ({@code kong/db/schema/init.lua}, {@code process_auto_fields})
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> writeBody(EntityKind kind, Schema schema, Action action, String id,
                                                Map<String, Object> norm, Map<String, String> refs,
                                                Map<String, String> kept, Object createdAt) {
        EntityKind.Write write = kind.write(action.word());
        Map<String, Object> body = write.merges() ? new LinkedHashMap<>(norm)
                : (Map<String, Object>) Normalizer.withoutNulls(Normalizer.withoutDefaults(schema, norm));
        for (EntityKind.Ref r : kind.refs()) {
            if (r.many() || write.viaParent() && r.field().equals(kind.parentRef())) {
                continue;
            }
            String ref = refs.get(r.field());
            if (ref != null) {
                body.put(r.field(), Map.of("id", ref));
            } else if (write.merges()) {
                body.put(r.field(), null);
            }
        }
        for (Map.Entry<String, String> r : kept.entrySet()) {
            if (kind.ref(r.getKey()).isEmpty()) {
                body.put(r.getKey(), Map.of("id", r.getValue()));
            }
        }
        if (!write.toEntity()) {
            body.put("id", id);
        }
        if (createdAt != null && schema.field("created_at") != null) {
            body.put("created_at", createdAt);
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
