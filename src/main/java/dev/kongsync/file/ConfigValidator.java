package dev.kongsync.file;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Field;
import dev.kongsync.schema.Schema;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.schema.Validator;
import dev.kongsync.schema.Violation;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.RefSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every entity of a desired state against Kong's schemas, and against the checks Kong makes in code (the
 * kinds' {@code check}s), reporting file, line, column and field.
 */
public final class ConfigValidator {
    private ConfigValidator() {}

    public static List<Problem> problems(DesiredState state, SchemaRegistry schemas) {
        List<Problem> out = new ArrayList<>();
        for (DesiredEntity e : state.entities()) {
            Optional<Schema> schema = schemas.forEntity(e.kind(), e.fields());
            if (schema.isEmpty()) {
                String field = e.kind().subschemaField();
                Object name = e.fields().get(field);
                String ptr = e.pointer() + "/" + field;
                out.add(new Problem(e.doc().locate(ptr), SourceDocument.pathOf(ptr), name == null
                        ? "required field missing"
                        : e.kind().name() + " '" + name + "' is not available in " + schemas.description()));
                continue;
            }
            Set<String> refFields = new HashSet<>();
            e.kind().refs().stream().filter(r -> !r.many()).forEach(r -> refFields.add(r.field()));
            Validator.Checked checked = Validator.check(schema.get(), e.fields(), refFields);
            List<Violation> violations = new ArrayList<>(checked.violations());
            for (Map.Entry<String, RefSpec> r : e.refs().entrySet()) {
                Field f = schema.get().field(r.getKey());
                if (f != null && f.has("eq") && f.attr("eq") == null) {
                    out.add(new Problem(e.doc().locate(r.getValue().pointer()),
                            SourceDocument.pathOf(r.getValue().pointer()), "value must be null: a "
                            + e.fields().get(e.kind().subschemaField()) + " " + e.kind().name() + " cannot be applied "
                            + "to a " + r.getKey()));
                }
            }
            if (violations.isEmpty()) {
                for (EntityKind.CodeCheck check : e.kind().checks()) {
                    for (EntityKind.CheckFailure f : check.check(checked.full())) {
                        violations.add(new Violation(f.path(), f.message()));
                    }
                }
            }
            for (Violation v : violations) {
                String ptr = e.pointerOf(v.path());
                String field = SourceDocument.pathOf(ptr);
                out.add(new Problem(e.doc().locate(ptr), field, v.message()));
            }
        }
        return UnknownValues.withoutConsequences(out, state.entities());
    }

    /** Throws {@link InvalidConfigException} unless the state is valid against the schemas. */
    public static void check(DesiredState state, SchemaRegistry schemas) {
        List<Problem> p = problems(state, schemas);
        if (!p.isEmpty()) {
            throw new InvalidConfigException(p);
        }
    }
}
