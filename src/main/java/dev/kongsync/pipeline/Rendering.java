package dev.kongsync.pipeline;

import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.ConfigWriter;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Problem;
import dev.kongsync.report.Redactor;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;

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
        Set<String> givenIds = new HashSet<>();
        for (DesiredEntity d : desired.entities()) {
            if (d.explicitId() != null) {
                givenIds.add(d.explicitId());
            }
        }
        CurrentState rendered = OfflineDiff.asKongWouldHoldIt(desired, schemas,
                (op, body) -> showSecrets ? body : redacted(op.secrets(), "", body));
        return ConfigWriter.document(rendered, schemas, desired.selectTags(), givenIds::contains,
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
