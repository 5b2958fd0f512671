package dev.kongsync.state;

import dev.kongsync.kind.EntityKind;

import java.util.Map;

/**
 * One entity as Kong holds it: its id, all fields as Kong answered, and its foreign references by id.
 */
public record CurrentEntity(EntityKind kind, String id, Map<String, Object> fields, Map<String, String> refs) {

    public String label() {
        return kind.label(fields);
    }

    /** Kong's {@code updated_at} (or {@code created_at}) in seconds, or null. */
    public Number updatedAt() {
        Object u = fields.get("updated_at");
        if (u == null) {
            u = fields.get("created_at");
        }
        return u instanceof Number n ? n : null;
    }
}
