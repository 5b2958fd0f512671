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

    public Schema entity(EntityKind kind) {
        return cache.computeIfAbsent(kind.schemaName(),
                p -> loader.load(p).map(doc -> Schema.of(p, doc)))
                .orElseThrow(() -> new IllegalStateException("no schema for " + kind.schemaName() + " in " + description));
    }

    /** The merged schema of a plugin, or empty if the plugin does not exist (on this Kong). */
    public Optional<Schema> plugin(String pluginName) {
        Schema base = entity(EntityKind.PLUGIN);
        return cache.computeIfAbsent("plugins/" + pluginName,
                p -> loader.load(p).map(doc -> Schema.plugin(base, pluginName, doc)));
    }

    /** The schema that describes one entity of {@code kind} (for plugins, the plugin named in the entity). */
    public Optional<Schema> forEntity(EntityKind kind, Map<String, Object> fields) {
        if (kind.pluginSchemas()) {
            Object name = fields.get("name");
            return name instanceof String s ? plugin(s) : Optional.empty();
        }
        return Optional.of(entity(kind));
    }
}
