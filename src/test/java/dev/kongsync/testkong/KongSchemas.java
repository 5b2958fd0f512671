package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static dev.kongsync.testkong.KongSchema.JSON;

/**
 * The schemas of the test Kong: the recorded Kong 3.9.1 answers bundled under {@code kong-schemas/3.9/} (entities,
 * plugins, the env vault), the route subschemas of {@code kong/db/schema/entities/routes_subschemas.lua}
 * ({@code testkong/routes-subschemas.json}), each turned into a {@link KongSchema} with Kong's code attached.
 */
final class KongSchemas {
    private static final KongSchemas SHARED = new KongSchemas();
    private final Map<String, Optional<JsonNode>> documents = new ConcurrentHashMap<>();
    private final Map<String, Optional<KongSchema>> built = new ConcurrentHashMap<>();

    private KongSchemas() {}

    static KongSchemas shared() {
        return SHARED;
    }

    /** A schema answer: "services", "plugins/cors" or "vaults/env"; null when Kong has none. */
    JsonNode document(String path) {
        if (!path.matches("[a-z0-9_/-]+")) {
            return null;
        }
        return documents.computeIfAbsent(path, p -> {
            String res;
            if (p.startsWith("plugins/")) {
                res = "kong-schemas/3.9/plugin-schemas/" + p.substring(8) + ".json";
            } else if (p.startsWith("vaults/")) {
                res = "kong-schemas/3.9/vault-schemas/" + p.substring(7) + ".json";
            } else {
                res = "kong-schemas/3.9/schemas/" + p + ".json";
            }
            return Optional.ofNullable(read(res));
        }).orElse(null);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = KongSchemas.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entity's schema, with its subschemas, shorthands, transformations and ttl. */
    KongSchema entity(String name) {
        return built.computeIfAbsent("entity:" + name, k -> {
            JsonNode doc = document(name);
            if (doc == null) {
                return Optional.empty();
            }
            KongSchema s = parse(name, (ObjectNode) doc, KongCode.shorthands(name), KongCode.transformations(name));
            Daos.Dao dao = Daos.find(name);
            s.ttl = dao != null && dao.ttl();
            KongCode.Subschemas sub = KongCode.subschemas(name);
            if (sub != null) {
                s.subschemaKey = sub.key();
                s.subschemaError = sub.error();
                s.subschemas = switch (sub.source()) {
                    case PLUGINS -> this::plugin;
                    case VAULTS -> this::vault;
                    case ROUTE_PROTOCOLS -> this::routeSubschema;
                };
            }
            return Optional.of(s);
        }).orElseThrow(() -> new IllegalArgumentException("no schema for " + name));
    }

    /** A plugin's subschema, or null when the plugin is not bundled. */
    KongSchema plugin(String name) {
        return built.computeIfAbsent("plugin:" + name, k -> {
            JsonNode doc = document("plugins/" + name);
            return doc == null ? Optional.empty()
                    : Optional.of(parse("plugins/" + name, (ObjectNode) doc, List.of(), List.of()));
        }).orElse(null);
    }

    /** A vault's subschema (records required, as {@code Entity.new_subschema} makes them), or null. */
    KongSchema vault(String name) {
        return built.computeIfAbsent("vault:" + name, k -> {
            JsonNode doc = document("vaults/" + name);
            if (doc == null) {
                return Optional.empty();
            }
            ObjectNode d = doc.deepCopy();
            makeRecordsRequired(d);
            return Optional.of(parse("vaults/" + name, d, List.of(), List.of()));
        }).orElse(null);
    }

    /** {@code make_records_required} of {@code kong/db/schema/entity.lua}. */
    private static void makeRecordsRequired(JsonNode def) {
        for (JsonNode f : def.path("fields")) {
            ObjectNode fd = (ObjectNode) f.elements().next();
            if ("record".equals(fd.path("type").asText())) {
                if (!fd.has("required")) {
                    fd.put("required", true);
                }
                makeRecordsRequired(fd);
            }
        }
    }

    /** The route subschema of a protocol: http and https; tcp, tls, udp, tls_passthrough; grpc and grpcs. */
    KongSchema routeSubschema(String protocol) {
        String name = switch (protocol) {
            case "http", "https" -> "http";
            case "tcp", "tls", "udp", "tls_passthrough" -> "stream";
            case "grpc", "grpcs" -> "grpc";
            default -> null;
        };
        if (name == null) {
            return null;
        }
        return built.computeIfAbsent("routes:" + name, k -> {
            JsonNode all = read("testkong/routes-subschemas.json");
            return Optional.of(parse("routes/" + name, (ObjectNode) all.get(name), List.of(), List.of()));
        }).orElse(null);
    }

    private KongSchema parse(String path, ObjectNode def, List<KongSchema.Shorthand> extraShorthands,
                             List<KongSchema.Transformation> transformations) {
        List<KongSchema.Field> fields = new ArrayList<>();
        for (JsonNode f : def.path("fields")) {
            Map.Entry<String, JsonNode> e = f.fields().next();
            fields.add(parseField(path + "." + e.getKey(), e.getKey(), (ObjectNode) e.getValue(), null));
        }
        List<KongSchema.Check> checks = new ArrayList<>();
        int custom = 0;
        int index = 0;
        for (JsonNode c : def.path("entity_checks")) {
            Map.Entry<String, JsonNode> e = c.fields().next();
            String checkName = e.getKey();
            KongSchema.EntityCheck fn = checkName.equals("custom_entity_check")
                    ? KongCode.customCheck(path, custom++) : null;
            KongSchema.Validator then = checkName.equals("conditional") ? KongCode.thenValidator(path, index) : null;
            checks.add(new KongSchema.Check(checkName, e.getValue(), fn, then));
            index++;
        }
        List<KongSchema.Shorthand> shorthands = new ArrayList<>();
        for (JsonNode s : def.path("shorthand_fields")) {
            Map.Entry<String, JsonNode> e = s.fields().next();
            shorthands.add(new KongSchema.Shorthand(parseField(path + "." + e.getKey(), e.getKey(),
                    (ObjectNode) e.getValue(), null), KongCode.shorthandFunc(path, e.getKey(), e.getValue())));
        }
        shorthands.addAll(extraShorthands);
        return new KongSchema(path, fields, checks, shorthands, transformations);
    }

    private KongSchema.Field parseField(String path, String name, ObjectNode def, String parentDescription) {
        String description = def.path("description").asText(null);
        KongSchema.Field elements = def.has("elements")
                ? parseField(path + ".elements", "elements", (ObjectNode) def.get("elements"), description) : null;
        KongSchema.Field keys = def.has("keys")
                ? parseField(path + ".keys", "keys", (ObjectNode) def.get("keys"), description) : null;
        KongSchema.Field values = def.has("values")
                ? parseField(path + ".values", "values", (ObjectNode) def.get("values"), description) : null;
        KongSchema record = "record".equals(def.path("type").asText()) && def.has("fields")
                ? parse(path, def, List.of(), List.of()) : null;
        return new KongSchema.Field(name, def, elements, keys, values, record,
                KongCode.validator(path, def, parentDescription), this::entity);
    }
}
