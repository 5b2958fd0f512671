package dev.kongsync.state;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.SchemaRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
        Map<EntityKind, CompletableFuture<List<Map<String, Object>>>> reads = new LinkedHashMap<>();
        for (EntityKind k : EntityKind.ALL) {
            if (k.adminParent() == null) {
                reads.put(k, CompletableFuture.supplyAsync(() -> client.listAll(k.fileKey(), selectTags), pool));
            }
        }
        // schemas are needed to tell references apart; fetch them while the lists come in
        Map<EntityKind, CompletableFuture<?>> schemaReads = new LinkedHashMap<>();
        for (EntityKind k : EntityKind.ALL) {
            schemaReads.put(k, CompletableFuture.supplyAsync(() -> schemas.entity(k), pool));
        }
        for (EntityKind k : EntityKind.ALL) {
            if (k.adminParent() != null) {
                EntityKind parent = EntityKind.byName(k.ref(k.adminParent()).orElseThrow().kind());
                reads.put(k, reads.get(parent).thenCompose(parents -> {
                    List<CompletableFuture<List<Map<String, Object>>>> per = new ArrayList<>();
                    for (Map<String, Object> p : parents) {
                        String pid = (String) p.get("id");
                        per.add(CompletableFuture.supplyAsync(
                                () -> client.listAllNested(parent.fileKey(), pid, k.fileKey()), pool));
                    }
                    return CompletableFuture.allOf(per.toArray(new CompletableFuture[0])).thenApply(v -> per.stream()
                            .flatMap(f -> f.join().stream())
                            .filter(e -> hasAll(e.get("tags"), selectTags))
                            .collect(Collectors.toList()));
                }));
            }
        }
        List<CurrentEntity> all = new ArrayList<>();
        try {
            CompletableFuture.allOf(reads.values().toArray(new CompletableFuture[0])).join();
            CompletableFuture.allOf(schemaReads.values().toArray(new CompletableFuture[0])).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        for (Map.Entry<EntityKind, CompletableFuture<List<Map<String, Object>>>> e : reads.entrySet()) {
            EntityKind kind = e.getKey();
            List<Field> foreign = schemas.entity(kind).fields().stream().filter(f -> f.is("foreign")).toList();
            entities:
            for (Map<String, Object> raw : e.getValue().join()) {
                Map<String, String> refs = new LinkedHashMap<>();
                for (Field f : foreign) {
                    Object v = raw.get(f.name());
                    String id = v instanceof Map<?, ?> m && m.get("id") != null ? m.get("id").toString() : null;
                    if (id == null) {
                        continue;
                    }
                    if (kind.foreignScopes().contains(f.name())) {
                        continue entities;
                    }
                    refs.put(f.name(), id);
                }
                all.add(new CurrentEntity(kind, (String) raw.get("id"), raw, refs));
            }
        }
        return new CurrentState(all);
    }

    static boolean hasAll(Object tags, List<String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        return tags instanceof Collection<?> c && c.containsAll(wanted);
    }
}
