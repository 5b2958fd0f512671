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
    private final Map<String, String> origins;
    private final Map<String, DesiredEntity> targets = new java.util.HashMap<>();

    /**
     * @param origins where values that were not written inside the entity come from: a dotted field path mapped to
     *                the JSON pointer of what was written (a service's host, port, protocol and path come from its
     *                {@code url}; a field filled from {@code _info.defaults} comes from there), so that errors point
     *                at what was written and values from the environment are known wherever they land
     */
    public DesiredEntity(EntityKind kind, Map<String, Object> fields, Map<String, RefSpec> refs,
                         SourceDocument doc, String pointer, Map<String, String> origins) {
        this.kind = kind;
        this.fields = fields;
        this.refs = refs;
        this.doc = doc;
        this.pointer = pointer;
        this.origins = origins;
    }

    /**
     * Dotted paths of this entity's fields ({@code config.redis.password}, {@code host}) whose values came from
     * environment variables, with the variables.
     */
    public Map<String, String> envPaths() {
        Map<String, String> out = new java.util.TreeMap<>();
        for (Map.Entry<String, String> use : doc.envUses().entrySet()) {
            String used = use.getKey();
            for (String field : fields.keySet()) {
                String source = source(field);
                if (used.equals(source) || used.startsWith(source + "/")) {
                    StringBuilder path = new StringBuilder(field);
                    for (String seg : used.substring(source.length()).split("/")) {
                        if (!seg.isEmpty()) {
                            path.append('.').append(seg.replace("~1", "/").replace("~0", "~"));
                        }
                    }
                    out.put(path.toString(), use.getValue());
                }
            }
            for (Map.Entry<String, String> o : origins.entrySet()) {
                if (o.getKey().contains(".") && (used.equals(o.getValue()) || used.startsWith(o.getValue() + "/"))) {
                    out.put(o.getKey(), use.getValue());
                }
            }
        }
        return out;
    }

    /** The JSON pointer where the value of a top-level field was written. */
    private String source(String field) {
        String o = origins.get(field);
        return o != null ? o : pointer + "/" + SourceDocument.escape(field);
    }

    /** JSON pointer of a field of this entity (following its origin), for error locations. */
    public String pointerOf(java.util.List<String> fieldPath) {
        for (int n = fieldPath.size(); n > 0; n--) {
            String origin = origins.get(String.join(".", fieldPath.subList(0, n)));
            if (origin != null) {
                StringBuilder sb = new StringBuilder(origin);
                for (String seg : fieldPath.subList(n, fieldPath.size())) {
                    sb.append('/').append(SourceDocument.escape(seg));
                }
                return sb.toString();
            }
        }
        StringBuilder sb = new StringBuilder(pointer);
        for (String seg : fieldPath) {
            sb.append('/').append(SourceDocument.escape(seg));
        }
        return sb.toString();
    }
    /** Records that the reference {@code field} names {@code target}, an entity of the files. */
    public void resolve(String field, DesiredEntity target) {
        targets.put(field, target);
    }

    /** The entity of the files the reference {@code field} names, or null (no reference, or one to Kong). */
    public DesiredEntity target(String field) {
        return targets.get(field);
    }

    /**
     * The value of a natural key of this entity within the files (references by the identity of what they name),
     * or null when a part is missing.
     */
    public String keyValue(EntityKind.NaturalKey key) {
        return key.value(fields, field -> {
            DesiredEntity t = targets.get(field);
            if (t != null) {
                return "entity@" + System.identityHashCode(t);
            }
            RefSpec r = refs.get(field);
            return r == null ? null : r.id() != null ? "id:" + r.id() : "key:" + r.value();
        }, kind);
    }

    /** "'cors' (global)", "'cors' for service a, route b", "'alice'": how duplicate keys read in messages. */
    public String describeKey() {
        String label = label();
        StringBuilder sb = new StringBuilder(label == null ? "" : "'" + label + "'");
        if (kind.scopedByRefs()) {
            java.util.List<String> scope = new java.util.ArrayList<>();
            for (EntityKind.Ref r : kind.refs()) {
                RefSpec s = refs.get(r.field());
                if (s != null) {
                    scope.add(s.describe());
                }
            }
            sb.append(scope.isEmpty() ? " (global)" : " for " + String.join(", ", scope));
        }
        return sb.toString().trim();
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

    /** Where a field of this entity was written and its path, as errors name it: {@code file:line:col: a[0].b}. */
    public String where(String field) {
        String ptr = pointerOf(java.util.List.of(field));
        return doc.locate(ptr) + ": " + SourceDocument.pathOf(ptr);
    }

    /** The entity's label (its name, a consumer's username, a target's address), or null if it has none. */
    public String label() {
        return kind.label(fields);
    }
}
