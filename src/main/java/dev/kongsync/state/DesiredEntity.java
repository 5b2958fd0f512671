package dev.kongsync.state;

import dev.kongsync.file.Location;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.EntityKind;

import java.util.Map;

/**
 * One entity as the files declare it: its own fields (references and nested children taken out, the service
 * {@code url} expanded), its references by name or id, and where it was written.
 */
public final class DesiredEntity {
    private final EntityKind kind;
    private final Map<String, Object> fields;
    private final Map<String, RefSpec> refs;
    private final SourceDocument doc;
    private final String pointer;
    private final Map<String, String> aliases;

    /**
     * @param aliases fields that were not written as such but derived from another key (a service's host, port,
     *                protocol and path from its {@code url}), mapped to that key, so errors point at what was written
     */
    public DesiredEntity(EntityKind kind, Map<String, Object> fields, Map<String, RefSpec> refs,
                         SourceDocument doc, String pointer, Map<String, String> aliases) {
        this.kind = kind;
        this.fields = fields;
        this.refs = refs;
        this.doc = doc;
        this.pointer = pointer;
        this.aliases = aliases;
    }

    /**
     * Dotted paths of this entity's fields ({@code config.redis.password}, {@code host}) whose values came from
     * environment variables, with the variables.
     */
    public Map<String, String> envPaths() {
        Map<String, String> out = new java.util.TreeMap<>();
        String prefix = pointer + "/";
        for (Map.Entry<String, String> e : doc.envUses().entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String[] seg = e.getKey().substring(prefix.length()).split("/");
            String first = seg[0].replace("~1", "/").replace("~0", "~");
            java.util.List<String> firsts = new java.util.ArrayList<>();
            if (fields.containsKey(first)) {
                firsts.add(first);
            }
            aliases.forEach((field, written) -> {
                if (written.equals(first)) {
                    firsts.add(field);
                }
            });
            for (String f : firsts) {
                StringBuilder path = new StringBuilder(f);
                for (int i = 1; i < seg.length; i++) {
                    path.append('.').append(seg[i].replace("~1", "/").replace("~0", "~"));
                }
                out.put(path.toString(), e.getValue());
            }
        }
        return out;
    }

    /** JSON pointer of a field of this entity (following aliases), for error locations. */
    public String pointerOf(java.util.List<String> fieldPath) {
        StringBuilder sb = new StringBuilder(pointer);
        for (int i = 0; i < fieldPath.size(); i++) {
            String seg = fieldPath.get(i);
            if (i == 0 && aliases.containsKey(seg)) {
                seg = aliases.get(seg);
            }
            sb.append('/').append(SourceDocument.escape(seg));
        }
        return sb.toString();
    }

    public EntityKind kind() {
        return kind;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public Map<String, RefSpec> refs() {
        return refs;
    }

    public String explicitId() {
        return fields.get("id") instanceof String s ? s : null;
    }

    public SourceDocument doc() {
        return doc;
    }

    public String pointer() {
        return pointer;
    }

    public Location location() {
        return doc.locate(pointer);
    }

    /** The entity's label field value (its name, or a target's address), or null if it has none. */
    public String label() {
        Object v = fields.get(kind.labelField());
        return v == null ? null : v.toString();
    }
}
