package dev.kongsync.state;

/**
 * A reference from a file entity to another entity, by id or by name, with the JSON pointer it was written at.
 */
public record RefSpec(String kind, String id, String name, String pointer) {
    public String describe() {
        return kind + " " + (name != null ? name : id);
    }
}
