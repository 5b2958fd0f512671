package dev.kongsync.report;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.Schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a create sets, the way a reviewer reads it: the fields that differ from Kong's defaults (Kong 3.9's, from the
 * bundled schemas; for a plugin they do not know, every field that is set), nested ones by path
 * ({@code config.origins}), references by the referenced entity's name, secret values redacted. Left out: what the
 * headline already says (the name, what a plugin is attached to), the id, and the select tags every entity in scope
 * carries.
 */
public final class CreatedFields {
    private CreatedFields() {}

    /** The fields of a create as {@code path -> value} (in {@link FieldChange#after()}); empty for other actions. */
    public static List<FieldChange> of(Operation op, List<String> selectTags) {
        List<FieldChange> out = new ArrayList<>();
        if (op.action() != Action.CREATE || op.after() == null) {
            return out;
        }
        EntityKind kind = op.kind();
        Optional<Schema> schema = BundledSchemas.registry().forEntity(kind, op.after());
        for (Map.Entry<String, Object> e : op.after().entrySet()) {
            String field = e.getKey();
            Object v = e.getValue();
            if (field.equals("id") || kind.labelFields().contains(field) || kind.readOnly().contains(field)) {
                continue;
            }
            if (kind.ref(field).filter(r -> !r.many()).isPresent()) {
                if (!kind.scopedByRefs() && v != null) {
                    out.add(new FieldChange(field, null, v));
                }
                continue;
            }
            if (field.equals("tags") && v instanceof Collection<?> tags) {
                List<Object> own = new ArrayList<>(tags);
                own.removeAll(selectTags);
                v = own.isEmpty() ? null : own;
            }
            Field f = schema.map(s -> s.field(field)).orElse(null);
            flatten(field, f == null ? v : Normalizer.withoutDefaultsDeep(f, v), op, out);
        }
        return out;
    }

    private static void flatten(String path, Object v, Operation op, List<FieldChange> out) {
        if (v == null) {
            return;
        }
        if (op.secrets().stream().anyMatch(secret -> path.equals(secret) || path.startsWith(secret + "."))) {
            out.add(new FieldChange(path, null, Redactor.MASK));
            return;
        }
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                flatten(path + "." + e.getKey(), e.getValue(), op, out);
            }
            return;
        }
        out.add(new FieldChange(path, null, v));
    }
}
