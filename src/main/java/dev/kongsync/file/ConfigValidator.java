package dev.kongsync.file;

import dev.kongsync.schema.Schema;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.schema.Validator;
import dev.kongsync.schema.Violation;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Checks every entity of a desired state against Kong's schemas, reporting file, line, column and field. */
public final class ConfigValidator {
    private ConfigValidator() {}

    public static List<Problem> problems(DesiredState state, SchemaRegistry schemas) {
        List<Problem> out = new ArrayList<>();
        for (DesiredEntity e : state.entities()) {
            Optional<Schema> schema = schemas.forEntity(e.kind(), e.fields());
            if (schema.isEmpty()) {
                Object name = e.fields().get("name");
                String ptr = e.pointer() + "/name";
                out.add(new Problem(e.doc().locate(ptr), SourceDocument.pathOf(ptr), name == null
                        ? "required field missing"
                        : "plugin '" + name + "' is not available in " + schemas.description()));
                continue;
            }
            Set<String> refFields = new HashSet<>();
            e.kind().refs().forEach(r -> refFields.add(r.field()));
            for (Violation v : Validator.validate(schema.get(), e.fields(), refFields)) {
                String ptr = e.pointerOf(v.path());
                String field = SourceDocument.pathOf(ptr);
                out.add(new Problem(e.doc().locate(ptr), field, v.message()));
            }
        }
        return out;
    }

    /** Throws {@link InvalidConfigException} unless the state is valid against the schemas. */
    public static void check(DesiredState state, SchemaRegistry schemas) {
        List<Problem> p = problems(state, schemas);
        if (!p.isEmpty()) {
            throw new InvalidConfigException(p);
        }
    }
}
