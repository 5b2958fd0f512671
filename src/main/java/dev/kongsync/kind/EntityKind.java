package dev.kongsync.kind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one table of Kong entity kinds. Every stage (file parsing, reading Kong, comparing, ordering, writing,
 * reporting, dumping) asks this table instead of knowing about a kind itself, so a new kind is one entry here
 * (plus its schema file and tests).
 *
 * @param name        singular name used in output ("route")
 * @param fileKey     key in the declarative file and Admin API collection segment ("routes")
 * @param schemaName  name of the schema at {@code GET /schemas/{schemaName}}
 * @param labelField  the field that names one entity in output ("name", "target")
 * @param keyFields   natural key: fields (or reference fields, compared by the referenced entity's id) that
 *                    identify an entity when the file gives no id
 * @param refs        foreign references to other kinds, in the order they print
 * @param adminParent reference whose entity owns the Admin API collection ("upstream" for targets, which Kong
 *                    only serves under {@code /upstreams/{id}/targets}); null for top-level collections
 * @param pluginSchemas true when the entity's {@code config} is described by {@code GET /schemas/plugins/{name}}
 * @param readOnly    fields Kong sets itself; never compared, never written
 * @param secretFields fields (dotted paths) whose values are never printed; plugin configs add the fields their
 *                    schema marks {@code encrypted}
 * @param foreignScopes references to kinds kongsync does not manage that scope an entity (a plugin applied to a
 *                    consumer); an entity with one set is outside what a file can declare, so it is never read,
 *                    compared or deleted
 */
public record EntityKind(String name, String fileKey, String schemaName, String labelField, List<String> keyFields,
                         List<Ref> refs, String adminParent, boolean pluginSchemas, Set<String> readOnly,
                         Set<String> secretFields, Set<String> foreignScopes) {

    /**
     * A foreign reference of a kind.
     *
     * @param field    the field name in Kong ("service")
     * @param kind     the referenced kind's name ("service")
     * @param nestedAs the key under which the referencing entities nest inside the referenced one in a file
     *                 ("routes" inside a service), or null if they never nest
     * @param required true if every entity of this kind must reference one
     */
    public record Ref(String field, String kind, String nestedAs, boolean required) {}

    private static final Set<String> AUTO = Set.of("id", "created_at", "updated_at");

    public static final EntityKind SERVICE = new EntityKind("service", "services", "services", "name",
            List.of("name"), List.of(), null, false, AUTO, Set.of(), Set.of());
    public static final EntityKind ROUTE = new EntityKind("route", "routes", "routes", "name",
            List.of("name"), List.of(new Ref("service", "service", "routes", false)), null, false, AUTO, Set.of(), Set.of());
    public static final EntityKind UPSTREAM = new EntityKind("upstream", "upstreams", "upstreams", "name",
            List.of("name"), List.of(), null, false, AUTO, Set.of(), Set.of());
    public static final EntityKind TARGET = new EntityKind("target", "targets", "targets", "target",
            List.of("upstream", "target"), List.of(new Ref("upstream", "upstream", "targets", true)), "upstream",
            false, AUTO, Set.of(), Set.of());
    public static final EntityKind PLUGIN = new EntityKind("plugin", "plugins", "plugins", "name",
            List.of("name", "service", "route"),
            List.of(new Ref("service", "service", "plugins", false), new Ref("route", "route", "plugins", false)),
            null, true, AUTO, Set.of(), Set.of("consumer"));

    /** All kinds, parents before children. */
    public static final List<EntityKind> ALL;
    private static final Map<String, EntityKind> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Integer> LEVEL = new LinkedHashMap<>();

    static {
        List<EntityKind> declared = List.of(SERVICE, ROUTE, UPSTREAM, TARGET, PLUGIN);
        for (EntityKind k : declared) {
            BY_NAME.put(k.name, k);
        }
        for (EntityKind k : declared) {
            level(k);
        }
        List<EntityKind> sorted = new ArrayList<>(declared);
        sorted.sort((a, b) -> Integer.compare(LEVEL.get(a.name), LEVEL.get(b.name)));
        ALL = Collections.unmodifiableList(sorted);
    }

    private static int level(EntityKind k) {
        Integer known = LEVEL.get(k.name);
        if (known != null) {
            return known;
        }
        int l = 0;
        for (Ref r : k.refs) {
            l = Math.max(l, level(BY_NAME.get(r.kind)) + 1);
        }
        LEVEL.put(k.name, l);
        return l;
    }

    public static EntityKind byName(String name) {
        EntityKind k = BY_NAME.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown entity kind " + name);
        }
        return k;
    }

    public static Optional<EntityKind> byFileKey(String fileKey) {
        return ALL.stream().filter(k -> k.fileKey.equals(fileKey)).findFirst();
    }

    /** Dependency level: 0 for kinds that reference nothing; a kind's level is above every kind it references. */
    public int level() {
        return LEVEL.get(name);
    }

    public Optional<Ref> ref(String field) {
        return refs.stream().filter(r -> r.field.equals(field)).findFirst();
    }

    public boolean isRefField(String field) {
        return ref(field).isPresent();
    }

    /** Kinds whose entities may nest inside an entity of this kind in a file, with the key they nest under. */
    public List<Map.Entry<String, EntityKind>> nestedChildren() {
        List<Map.Entry<String, EntityKind>> out = new ArrayList<>();
        for (EntityKind child : ALL) {
            for (Ref r : child.refs) {
                if (r.kind.equals(name) && r.nestedAs != null) {
                    out.add(Map.entry(r.nestedAs, child));
                }
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
