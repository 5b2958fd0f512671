package dev.kongsync.state;

import dev.kongsync.kind.EntityKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The in-scope entities read from Kong, indexed by id. */
public final class CurrentState {
    private final Map<String, CurrentEntity> byId = new LinkedHashMap<>();

    public CurrentState(List<CurrentEntity> entities) {
        for (CurrentEntity e : entities) {
            byId.put(e.id(), e);
        }
    }

    public CurrentEntity byId(String id) {
        return id == null ? null : byId.get(id);
    }

    public List<CurrentEntity> of(EntityKind kind) {
        List<CurrentEntity> out = new ArrayList<>();
        for (CurrentEntity e : byId.values()) {
            if (e.kind() == kind) {
                out.add(e);
            }
        }
        return out;
    }

    public List<CurrentEntity> all() {
        return new ArrayList<>(byId.values());
    }

    public int size() {
        return byId.size();
    }
}
