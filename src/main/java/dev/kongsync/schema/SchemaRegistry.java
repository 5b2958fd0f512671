package dev.kongsync.schema;

import dev.kongsync.kind.EntityKind;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kong schemas for the kinds and plugins in use, each fetched once per run from a {@link Loader}: the live Admin
 * API ({@code GET /schemas/...}) for commands that talk to Kong, or the schemas bundled with kongsync (recorded
 * from Kong 3.9.1) for offline commands.
 */
public final class SchemaRegistry {

    /** Loads one schema document by its path below {@code /schemas/} ("services", "plugins/cors"). */
    @FunctionalInterface
    public interface Loader {
        /** The parsed schema document, or empty if Kong has no such schema (404). */
        Optional<Map<String, Object>> load(String path);
    }

    private final Loader loader;
    private final String description;
    private final Map<String, Optional<Schema>> cache = new ConcurrentHashMap<>();

    public SchemaRegistry(Loader loader, String description) {
        this.loader = loader;
        this.description = description;
    }

    /** Where the schemas come from, for messages ("Kong at http://...", "bundled Kong 3.9 schemas"). */
    public String description() {
        return description;
    }

    /** Whether Kong has this kind (the credentials of a plugin that is not enabled have no schema). */
    public boolean has(EntityKind kind) {
        return cache.computeIfAbsent(kind.schemaName(), p -> loader.load(p).map(doc -> Schema.of(p, doc))).isPresent();
    }

    public Schema entity(EntityKind kind) {
        return cache.computeIfAbsent(kind.schemaName(),
                p -> loader.load(p).map(doc -> Schema.of(p, doc)))
                .orElseThrow(() -> new IllegalStateException("no schema for " + kind.schemaName() + " in " + description));
    }

    /**
     * The schema of one entity of a kind with subschemas (a plugin, a vault): the kind's schema with the fields the
     * subschema named {@code subschema} redefines, or empty if there is no such subschema (on this Kong).
     */
    public Optional<Schema> subschema(EntityKind kind, String subschema) {
        Schema base = entity(kind);
        return cache.computeIfAbsent(subschemaKey(kind, subschema),
                p -> loader.load(p).map(doc -> Schema.withSubschema(base, p, doc)));
    }

    /**
     * The schema of one entity as far as it is known without asking Kong for a subschema: its subschema's if that is
     * loaded, else the kind's own (as {@link #entity} gives it).
     */
    public Schema loadedFor(EntityKind kind, Map<String, Object> fields) {
        if (kind.subschemaField() != null && fields.get(kind.subschemaField()) instanceof String name) {
            Optional<Schema> sub = cache.get(subschemaKey(kind, name));
            if (sub != null && sub.isPresent()) {
                return sub.get();
            }
        }
        return entity(kind);
    }

    /** Where a subschema is loaded from and kept: {@code plugins/cors}. */
    private static String subschemaKey(EntityKind kind, String subschema) {
        return kind.subschemaPath() + "/" + subschema;
    }

    /** The schema that describes one entity of {@code kind} (for plugins, the plugin named in the entity). */
    public Optional<Schema> forEntity(EntityKind kind, Map<String, Object> fields) {
        if (kind.subschemaField() != null) {
            Object name = fields.get(kind.subschemaField());
            return name instanceof String s ? subschema(kind, s) : Optional.empty();
        }
        return Optional.of(entity(kind));
    }
}
