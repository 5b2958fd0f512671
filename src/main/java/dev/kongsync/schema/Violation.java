package dev.kongsync.schema;

import java.util.List;

/**
 * A schema violation: where in the entity (field path, possibly empty for entity-level checks) and what.
 */
public record Violation(List<String> path, String message) {
    public String field() {
        return path.isEmpty() ? "@entity" : String.join(".", path);
    }
}
