package dev.kongsync.schema;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/** The Kong 3.9 schemas kongsync ships (resources {@code kong-schemas/3.9/}), for offline validation. */
public final class BundledSchemas {
    public static final String VERSION = "3.9";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BundledSchemas() {}

    /**
     * The bundled schemas, one registry for the whole process: each schema is read and compiled once, however many
     * entities ask for it (a new registry per call re-read the JSON each time: rendering the creates of 12,000
     * entities spent 5 s of a 10 s diff there).
     */
    public static SchemaRegistry registry() {
        return Shared.REGISTRY;
    }

    private static final class Shared {
        static final SchemaRegistry REGISTRY = new SchemaRegistry(BundledSchemas::load,
                "the bundled Kong " + VERSION + " schemas");
    }

    static Optional<Map<String, Object>> load(String path) {
        if (!path.matches("[a-z0-9_-]+(/[a-z0-9_-]+)?")) {
            return Optional.empty();
        }
        int slash = path.indexOf('/');
        // plugins/cors is in plugin-schemas/cors.json, vaults/env in vault-schemas/env.json
        String resource = slash < 0 ? "kong-schemas/" + VERSION + "/schemas/" + path + ".json"
                : "kong-schemas/" + VERSION + "/" + path.substring(0, slash - 1) + "-schemas/"
                + path.substring(slash + 1) + ".json";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(JSON.readValue(in, new TypeReference<Map<String, Object>>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled schema " + resource, e);
        }
    }
}
