package dev.kongsync.state;

import dev.kongsync.kind.EntityKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The in-scope entities read from Kong, indexed by id and by kind; and, for the kinds that were read whole (without
 * the tag filter, for the route check), Kong's answers for every entity of the kind, in scope or not.
 */
public final class CurrentState {
    private final Map<String, CurrentEntity> byId = new LinkedHashMap<>();
    private final Map<EntityKind, List<CurrentEntity>> byKind = new LinkedHashMap<>();
    private final Map<EntityKind, List<Map<String, Object>>> whole;

    public CurrentState(List<CurrentEntity> entities) {
        this(entities, Map.of());
    }

    /** @param whole Kong's answers for every entity of the kinds read without the tag filter */
    public CurrentState(List<CurrentEntity> entities, Map<EntityKind, List<Map<String, Object>>> whole) {
        for (CurrentEntity e : entities) {
            byId.put(e.id(), e);
        }
        for (CurrentEntity e : byId.values()) {
            byKind.computeIfAbsent(e.kind(), k -> new ArrayList<>()).add(e);
        }
        byKind.replaceAll((k, list) -> java.util.Collections.unmodifiableList(list));
        this.whole = Map.copyOf(whole);
    }

    public CurrentEntity byId(String id) {
        return id == null ? null : byId.get(id);
    }

    /** The entities of one kind, in the order read (unmodifiable: asked once per key and reference by the planner). */
    public List<CurrentEntity> of(EntityKind kind) {
        return byKind.getOrDefault(kind, List.of());
    }

    public List<CurrentEntity> all() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }

    /** Every entity of {@code kind} in Kong, in scope or not, if this read took the kind whole; else null. */
    public List<Map<String, Object>> whole(EntityKind kind) {
        return whole.get(kind);
    }
}
