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

    public static SchemaRegistry registry() {
        return new SchemaRegistry(BundledSchemas::load, "the bundled Kong " + VERSION + " schemas");
    }

    static Optional<Map<String, Object>> load(String path) {
        String resource = path.startsWith("plugins/")
                ? "kong-schemas/" + VERSION + "/plugin-schemas/" + path.substring("plugins/".length()) + ".json"
                : "kong-schemas/" + VERSION + "/schemas/" + path + ".json";
        if (!path.matches("[a-z0-9_/-]+")) {
            return Optional.empty();
        }
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
