package dev.kongsync.state;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kongsync.admin.AdminApiException;
import dev.kongsync.admin.AdminClient;
import dev.kongsync.admin.JsonTree;
import dev.kongsync.concurrent.Background;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * Reads Kong's current state for every kind in the table, within the select-tag scope: top-level collections in
 * parallel, each paged with {@code size=1000} and the tag filter, nested collections (targets) per parent, filtered
 * by tags here because Kong ignores tags on nested endpoints.
 *
 * <p>Entities scoped by a kind kongsync does not manage (a plugin applied to a consumer) are left out: no file
 * can declare them, so they must never be deleted.
 */
public final class StateReader {
    private StateReader() {}

    public static CurrentState read(AdminClient client, SchemaRegistry schemas, List<String> selectTags,
                                    ExecutorService pool) {
        return read(client, schemas, selectTags, java.util.Set.of(), pool);
    }

    /**
     * Reads every kind but the {@code skipped} ones, and but those this Kong does not have (the credentials of a
     * plugin it does not run); entities that reference a skipped kind are left out too.
     */
    public static CurrentState read(AdminClient client, SchemaRegistry schemas, List<String> selectTags,
                                    java.util.Set<EntityKind> skipped, ExecutorService pool) {
        return read(client, schemas, selectTags, skipped, java.util.Set.of(), pool);
    }

    /**
     * The same, reading the top-level kinds in {@code whole} without the tag filter and keeping their scope here
     * (Kong's filter keeps the entities carrying every tag, so does this): what the route check needs of all of
     * Kong is then read once, with the scope, instead of a second time after the plan.
     */
    public static CurrentState read(AdminClient client, SchemaRegistry schemas, List<String> selectTags,
                                    java.util.Set<EntityKind> skipped, java.util.Set<EntityKind> whole,
                                    ExecutorService pool) {
        Map<EntityKind, List<Map<String, Object>>> wholeLists = new java.util.concurrent.ConcurrentHashMap<>();
        // Whether Kong has each kind (the credentials of a plugin it does not run it has not) is asked first, on the
        // same pool (at most its threads' requests at once, as --parallelism says), and answered from Kong's memory;
        // no collection's first page waits for its kind's answer, only the decoding of its first entity does.
        Map<EntityKind, CompletableFuture<Boolean>> schemaReads = new LinkedHashMap<>();
        for (EntityKind k : EntityKind.all()) {
            if (!skipped.contains(k)) {
                schemaReads.put(k, CompletableFuture.supplyAsync(() -> schemas.has(k), pool));
            }
        }
        Map<EntityKind, CompletableFuture<List<Map<String, Object>>>> reads = new LinkedHashMap<>();
        // Children first: a collection's pages are read one after the other, and the kinds that hang under others
        // (routes under services, plugins under both, credentials under consumers) are those a Kong has many of;
        // with more collections than threads, the long ones must not wait behind the one-page ones.
        List<EntityKind> childrenFirst = new ArrayList<>(EntityKind.all());
        java.util.Collections.reverse(childrenFirst);
        for (EntityKind k : childrenFirst) {
            if (skipped.contains(k)) {
                continue;
            }
            if (k.collection() != null) {
                boolean readWhole = whole.contains(k) && !selectTags.isEmpty();
                CompletableFuture<Boolean> has = schemaReads.get(k);
                reads.put(k, CompletableFuture.supplyAsync(() -> {
                    List<Map<String, Object>> all;
                    try {
                        all = client.listAll(k.collection(), readWhole ? List.of() : selectTags,
                                whenKnown(k, schemas, has));
                    } catch (AdminApiException e) {
                        if (e.status() == 404 && !known(has)) {
                            return List.of();
                        }
                        throw e;
                    }
                    if (!known(has)) {
                        return List.of();
                    }
                    if (!readWhole) {
                        return all;
                    }
                    wholeLists.put(k, all);
                    return all.stream().filter(e -> hasAll(e.get("tags"), selectTags)).collect(Collectors.toList());
                }, pool));
            }
        }
        for (EntityKind k : EntityKind.all()) {
            if (!skipped.contains(k) && k.collection() == null) {
                EntityKind parent = k.parentKind();
                reads.put(k, reads.get(parent).thenCompose(parents -> {
                    List<CompletableFuture<List<Map<String, Object>>>> per = new ArrayList<>();
                    for (Map<String, Object> p : parents) {
                        String pid = (String) p.get("id");
                        per.add(CompletableFuture.supplyAsync(
                                () -> client.listAllNested(parent.collection(), pid, k.nestedCollection(),
                                        inLayout(k, schemas)), pool));
                    }
                    return CompletableFuture.allOf(per.toArray(new CompletableFuture[0])).thenApply(v -> per.stream()
                            .flatMap(f -> f.join().stream())
                            .filter(e -> hasAll(e.get("tags"), selectTags))
                            .collect(Collectors.toList()));
                }));
            }
        }
        List<CurrentEntity> all = new ArrayList<>();
        Background.join(CompletableFuture.allOf(reads.values().toArray(new CompletableFuture[0])));
        Background.join(CompletableFuture.allOf(schemaReads.values().toArray(new CompletableFuture[0])));
        for (EntityKind k : EntityKind.all()) {
            if (!reads.containsKey(k)) {
                continue;
            }
            for (Map<String, Object> raw : reads.get(k).join()) {
                CurrentEntity c = entity(k, raw, schemas);
                if (c != null && !c.kind().outOfScope(c.refs().keySet(), skipped)) {
                    all.add(c);
                }
            }
        }
        return new CurrentState(all, wholeLists);
    }

    /**
     * Kong's answers kept in the layout of their schema ({@link Normalizer#inLayout}): every entity read stays in
     * memory until the plan is made, and a map entry per field of each would be most of what a diff holds. An entity
     * of a kind without subschemas is decoded straight into its layout; a plugin, whose layout depends on its name
     * (which Kong may write after its config), is decoded as a map first, then laid out; one whose subschema is not
     * loaded yet when its page arrives (the files' validation loads theirs meanwhile) keeps its config as Kong wrote
     * it: either form is the same map.
     */
    /**
     * {@link #inLayout}, once Kong has said whether it has the kind (asked meanwhile): the first entity of the first
     * page waits for that answer if it is not in yet. Entities of a kind Kong has no schema of are read as maps
     * (and dropped: Kong has no such kind).
     */
    private static AdminClient.EntityReader whenKnown(EntityKind kind, SchemaRegistry schemas,
                                                      CompletableFuture<Boolean> has) {
        AdminClient.EntityReader[] reader = new AdminClient.EntityReader[1];
        return p -> {
            if (reader[0] == null) {
                reader[0] = known(has) ? inLayout(kind, schemas) : AdminClient.AS_MAP;
            }
            return reader[0].read(p);
        };
    }

    /** Whether Kong has the kind; a failure to ask is thrown as it was (a 401, Kong gone). */
    private static boolean known(CompletableFuture<Boolean> has) {
        return Background.join(has);
    }

    private static AdminClient.EntityReader inLayout(EntityKind kind, SchemaRegistry schemas) {
        if (kind.subschemaField() == null) {
            Field root = schemas.entity(kind).root();
            return p -> record(root, p);
        }
        return p -> {
            Map<String, Object> raw = AdminClient.AS_MAP.read(p);
            return Normalizer.inLayout(schemas.loadedFor(kind, raw).root(), raw);
        };
    }

    /**
     * The JSON object on which the parser stands, in the layout of {@code record} and its nested records in
     * theirs: the same map as {@link Normalizer#inLayout} makes of the object decoded as a map.
     */
    static Map<String, Object> record(Field record, JsonParser p) throws java.io.IOException {
        Map<String, Object> out = record.newRecord();
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            Field f = record.field(name);
            out.put(name, f != null && f.is("record") && !f.fields().isEmpty() && value == JsonToken.START_OBJECT
                    ? record(f, p) : JsonTree.read(p, value));
        }
        return out;
    }

    /** One entity as Kong answered it, with its references by id. */
    public static CurrentEntity entity(EntityKind kind, Map<String, Object> raw, SchemaRegistry schemas) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (Field f : schemas.entity(kind).fields()) {
            if (!f.is("foreign")) {
                continue;
            }
            Object v = raw.get(f.name());
            String id = v instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : null;
            if (id == null) {
                continue;
            }
            refs.put(f.name(), id);
        }
        return new CurrentEntity(kind, (String) raw.get("id"), raw, refs);
    }

    /**
     * The entities outside the select-tag scope that the files reference: those of kinds the files find by
     * {@code _info.default_lookup_tags}, and each one referenced by an id that is neither in the files nor in scope.
     * Read only, to resolve references; never compared, changed or deleted.
     */
    public static CurrentState outside(AdminClient client, SchemaRegistry schemas, DesiredState desired,
                                       CurrentState inScope, ExecutorService pool) {
        return outside(client, schemas, desired, inScope, pool, Coverage.COMPLETE);
    }

    /**
     * The same, for files that cover the scope as {@code coverage} says: partial files (apply) may also reference by
     * key entities anywhere in Kong, so every kind they reference by key without lookup tags is read whole (without
     * the tag filter) when the scope does not already hold all of Kong.
     */
    public static CurrentState outside(AdminClient client, SchemaRegistry schemas, DesiredState desired,
                                       CurrentState inScope, ExecutorService pool, Coverage coverage) {
        Map<String, CurrentEntity> found = new LinkedHashMap<>();
        List<CompletableFuture<List<CurrentEntity>>> reads = new ArrayList<>();
        Map<String, List<String>> lookups = new LinkedHashMap<>(desired.lookupTags());
        if (coverage == Coverage.PARTIAL && !desired.selectTags().isEmpty()) {
            for (DesiredEntity d : desired.entities()) {
                d.refs().forEach((field, spec) -> {
                    if (spec.id() == null && d.target(field) == null) {
                        lookups.putIfAbsent(EntityKind.byName(spec.kind()).fileKey(), List.of());
                    }
                });
            }
        }
        for (Map.Entry<String, List<String>> lookup : lookups.entrySet()) {
            EntityKind kind = EntityKind.byFileKey(lookup.getKey()).orElseThrow();
            if (kind.collection() != null) {
                reads.add(CompletableFuture.supplyAsync(() -> client.listAll(kind.collection(), lookup.getValue())
                        .stream().map(raw -> entity(kind, raw, schemas)).filter(java.util.Objects::nonNull)
                        .toList(), pool));
            }
        }
        Map<String, EntityKind> byId = new LinkedHashMap<>();
        for (DesiredEntity d : desired.entities()) {
            d.refs().forEach((field, spec) -> {
                if (spec.id() != null && d.target(field) == null && inScope.byId(spec.id()) == null) {
                    byId.put(spec.id(), EntityKind.byName(spec.kind()));
                }
            });
        }
        byId.forEach((id, kind) -> {
            if (kind.collection() != null) {
                reads.add(CompletableFuture.supplyAsync(() -> {
                    Map<String, Object> raw = client.get("/" + kind.collection() + "/" + id);
                    CurrentEntity c = raw == null ? null : entity(kind, raw, schemas);
                    return c == null ? List.<CurrentEntity>of() : List.of(c);
                }, pool));
            }
        });
        Background.join(CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));
        for (CompletableFuture<List<CurrentEntity>> r : reads) {
            for (CurrentEntity c : r.join()) {
                if (inScope.byId(c.id()) == null) {
                    found.putIfAbsent(c.id(), c);
                }
            }
        }
        return new CurrentState(List.copyOf(found.values()));
    }

    static boolean hasAll(Object tags, List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        return tags instanceof Collection<?> c && c.containsAll(wanted);
    }
}
