package dev.kongsync.schema;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kong fills the defaults of nested records before it checks required fields, at every depth
 * ({@code process_auto_fields} and {@code handle_missing_field} in Kong 3.9.1's {@code kong/db/schema/init.lua}): a
 * plugin config that sets one field of a nested record is complete when the record's other fields have defaults,
 * even when a default is an empty list.
 */
class NestedDefaultsTest {
    private final SchemaRegistry schemas = BundledSchemas.registry();

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private List<Violation> validatePlugin(String name, Map<String, Object> config) {
        Map<String, Object> entity = map("name", name, "config", config);
        Schema schema = schemas.forEntity(dev.kongsync.kind.Kinds.PLUGIN, entity).orElseThrow();
        return Validator.validate(schema, entity, Set.of());
    }

    @Test
    void requestTransformerWithOnlyRenameHeadersIsComplete() {
        // decK's diff/006-plugin-update/initial-request-transformer-reorder-array.yaml; Kong accepts it
        List<Violation> v = validatePlugin("request-transformer",
                map("rename", map("headers", List.of("custom-token:Authorization", "Authorization:something-else"))));
        assertEquals(List.of(), v);
    }

    @Test
    void aRequiredFieldWithoutDefaultIsStillMissing() {
        // rate-limiting needs one of its limits; an empty record stays an error of the entity check
        List<Violation> v = validatePlugin("rate-limiting", map());
        assertEquals(1, v.size(), v.toString());
        assertTrue(v.get(0).message().startsWith("at least one of these fields must be non-empty"), v.toString());
    }

    /**
     * For every bundled plugin and every record at any depth inside its config whose required fields all have
     * defaults, a config that sets just one field of that record raises no "required field missing" inside it.
     */
    @Test
    void everyPluginsNestedRecordsTakeTheirDefaults() throws IOException {
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/kong-schemas/3.9/plugin-schemas"))) {
            for (Path p : files.sorted().toList()) {
                String plugin = p.getFileName().toString().replace(".json", "");
                Field config = schemas.forEntity(dev.kongsync.kind.Kinds.PLUGIN, map("name", plugin)).orElseThrow()
                        .field("config");
                check(plugin, List.of("config"), config, checked, wrong);
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked.size() >= 20, "records checked: " + checked);
        assertTrue(checked.contains("request-transformer.config.remove"), checked.toString());
    }

    private void check(String plugin, List<String> path, Field record, List<String> checked, List<String> wrong) {
        for (Field sub : record.fields()) {
            if (!sub.is("record") || sub.fields().isEmpty()) {
                continue;
            }
            List<String> at = new ArrayList<>(path);
            at.add(sub.name());
            Field one = sub.fields().stream().filter(Field::hasDefault).findFirst().orElse(null);
            if (completeByDefaults(sub) && one != null) {
                Map<String, Object> value = map(one.name(), one.defaultValue());
                for (int i = at.size() - 1; i >= 1; i--) {
                    value = map(at.get(i), value);
                }
                for (Violation v : validatePlugin(plugin, value)) {
                    if (v.message().equals("required field missing") && v.path().size() > at.size()
                            && v.path().subList(0, at.size()).equals(at)) {
                        wrong.add(plugin + ": " + v.field());
                    }
                }
                checked.add(plugin + "." + String.join(".", at));
            }
            check(plugin, at, sub, checked, wrong);
        }
    }

    /** Every required field of the record has a default, or is itself such a record. */
    private static boolean completeByDefaults(Field record) {
        for (Field f : record.fields()) {
            if (f.required() && !f.hasDefault() && !(f.is("record") && !f.fields().isEmpty() && completeByDefaults(f))) {
                return false;
            }
        }
        return true;
    }
}
