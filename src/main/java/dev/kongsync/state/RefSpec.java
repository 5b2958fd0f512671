package dev.kongsync.state;

/**
 * A reference from a file entity to another entity, as the file writes it: by id, or by a key of the referenced
 * kind ({@code field} names it when the file does, {@code {username: bob}}; null for a bare value, which may be any
 * of the kind's reference keys), or by nesting inside it ({@code nestedIn}); with the JSON pointer it was written at.
 */
public record RefSpec(String kind, String id, String field, String value, String pointer, DesiredEntity nestedIn) {

    public static RefSpec byId(String kind, String id, String pointer) {
        return new RefSpec(kind, id, null, null, pointer, null);
    }

    public static RefSpec byKey(String kind, String field, String value, String pointer) {
        return new RefSpec(kind, null, field, value, pointer, null);
    }

    public static RefSpec nesting(DesiredEntity parent) {
        return new RefSpec(parent.kind().name(), parent.explicitId(), null, parent.label(), parent.pointer(), parent);
    }

    /** "service auth-service", "consumer 3b4c...". */
    public String describe() {
        return kind + " " + (value != null ? value : id);
    }
}
