package dev.kongsync.pipeline;

import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.ConfigWriter;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Problem;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.Planner;
import dev.kongsync.report.Redactor;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code kongsync render}: the files merged into one document, as a sync would write them (url shorthands expanded,
 * {@code _info.defaults} and {@code _plugin_configs} applied, environment values resolved), nested and written the
 * way {@code dump} writes Kong. Secret values (those from the environment, and the fields the schemas mark
 * encrypted) are {@value Redactor#MASK} unless asked for.
 */
public final class Rendering {
    private Rendering() {}

    /**
     * @param showSecrets  keep secret values as they are
     * @param withDefaults write every field, defaults included
     * @throws InvalidConfigException when the files are not valid against the schemas
     */
    public static Map<String, Object> document(DesiredState desired, SchemaRegistry schemas, boolean showSecrets,
                                               boolean withDefaults) {
        List<Problem> problems = ConfigValidator.problems(desired, schemas);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        Plan seed = Planner.planOffline(desired, new CurrentState(List.of()), schemas);
        Set<String> givenIds = new HashSet<>();
        for (DesiredEntity d : desired.entities()) {
            if (d.explicitId() != null) {
                givenIds.add(d.explicitId());
            }
        }
        List<CurrentEntity> entities = new ArrayList<>();
        for (Operation op : seed.operations()) {
            if (op.action() != Action.CREATE) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(op.body());
            if (!showSecrets) {
                fields = redacted(op.secrets(), "", fields);
            }
            fields.put("id", op.id());
            Map<String, String> refs = new LinkedHashMap<>();
            for (EntityKind.Ref r : op.kind().refs()) {
                if (fields.get(r.field()) instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                    refs.put(r.field(), id);
                }
            }
            if (op.kind().parentRef() != null) {
                refs.put(op.kind().parentRef(), op.parentId());
                fields.put(op.kind().parentRef(), Map.of("id", op.parentId()));
            }
            entities.add(new CurrentEntity(op.kind(), op.id(), fields, refs));
        }
        return ConfigWriter.document(new CurrentState(entities), schemas, desired.selectTags(), givenIds::contains,
                withDefaults);
    }

    /** The fields with every value at a secret path (or inside one) masked; maps that only hold one are walked. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> redacted(Set<String> secrets, String prefix, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            String path = prefix + e.getKey();
            Object v = e.getValue();
            if (v != null && secrets.stream().anyMatch(s -> path.equals(s) || path.startsWith(s + "."))) {
                out.put(e.getKey(), Redactor.MASK);
            } else if (v instanceof Map<?, ?> m && secrets.stream().anyMatch(s -> s.startsWith(path + "."))) {
                out.put(e.getKey(), redacted(secrets, path + ".", (Map<String, Object>) m));
            } else {
                out.put(e.getKey(), v);
            }
        }
        return out;
    }
}
