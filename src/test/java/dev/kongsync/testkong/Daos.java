package dev.kongsync.testkong;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The entity kinds of Kong 3.9.1 OSS in database mode, with the DAO facts their schema answers do not carry (from
 * {@code kong/db/schema/entities/*.lua} and {@code kong/plugins/*}{@code /daos.lua}). Foreign keys ({@code reference},
 * {@code on_delete}) and unique fields come from the recorded schemas themselves.
 *
 * <p>Which methods create: POST on a collection; PUT on an entity by id or by endpoint key, except a target (its PUT
 * is an update of an existing one, {@code kong/api/routes/upstreams.lua}) and a key or key set by name (a database
 * error, {@link DaoOverrides#UPSERT_BY_NAME_FAILS}); PUT on a certificate by an SNI it does not have yet
 * ({@code kong/api/routes/certificates.lua}) and on a consumer's ACL by group ({@code kong/plugins/acl/api.lua}).
 */
final class Daos {
    private Daos() {}

    /**
     * One kind.
     *
     * @param name            schema name ("keyauth_credentials")
     * @param table           PostgreSQL table (Kong names the vaults' table {@code sm_vaults})
     * @param adminApiName    its top-level path segment when not the name ("key-auths")
     * @param nestedName      its segment under a parent when not {@code adminApiName} ("key-auth")
     * @param endpointKey     the field that addresses an entity besides its id, or null
     * @param cacheKey        {@code cache_key}; with more than one field Kong stores it as a unique column
     * @param ttl             {@code ttl = true}: entities may expire
     * @param uniqueOrder     the unique columns in the order PostgreSQL checks them when that is not the cache key
     *                        first then the unique fields in schema order
     * @param restrictOrder   the referencing tables in the order a refused delete names them, when that matters
     * @param override        Kong's DAO override for the kind ({@code kong/db/dao/*.lua}), or {@link DaoOverrides#NONE}
     */
    record Dao(String name, String table, String adminApiName, String nestedName, String endpointKey,
               List<String> cacheKey, boolean ttl, List<String> uniqueOrder, List<String> restrictOrder,
               DaoOverride override) {
        String apiName() {
            return adminApiName != null ? adminApiName : name;
        }

        String nested() {
            return nestedName != null ? nestedName : apiName();
        }

        boolean storesCacheKey() {
            return cacheKey.size() > 1;
        }
    }

    private static Dao dao(String name, String endpointKey, List<String> cacheKey) {
        return new Dao(name, name, null, null, endpointKey, cacheKey, false, List.of(), List.of(), DaoOverrides.NONE);
    }

    private static Dao credential(String name, String adminApiName, String nestedName, String endpointKey,
                                  List<String> cacheKey) {
        return new Dao(name, name, adminApiName, nestedName, endpointKey, cacheKey, false, List.of(), List.of(),
                DaoOverrides.NONE);
    }

    static final List<Dao> ALL = List.of(
            dao("services", "name", List.of()),
            dao("routes", "name", List.of()),
            dao("consumers", "username", List.of()),
            // plugins: dao = kong.db.dao.plugins (protocols must match the route's)
            new Dao("plugins", "plugins", null, null, "instance_name", List.of("name", "route", "service", "consumer"),
                    false, List.of(), List.of(), DaoOverrides.PLUGINS),
            dao("upstreams", "name", List.of()),
            // targets: dao = kong.db.dao.targets (targets formatted host:port), routes in kong/api/routes/upstreams.lua
            new Dao("targets", "targets", null, null, "target", List.of("upstream", "target"), false, List.of(),
                    List.of(), DaoOverrides.TARGETS),
            // certificates: dao = kong.db.dao.certificates (the snis list); a refused delete names upstreams before
            // services, as recorded (the services foreign key was re-created by the 2.1 workspace migration)
            new Dao("certificates", "certificates", null, null, null, List.of(), false, List.of(),
                    List.of("upstreams", "services"), DaoOverrides.CERTIFICATES),
            dao("snis", "name", List.of()),
            // ca_certificates: dao = kong.db.dao.ca_certificates (refuses deleting a referenced one)
            new Dao("ca_certificates", "ca_certificates", null, null, null, List.of(), false, List.of(), List.of(),
                    DaoOverrides.CA_CERTIFICATES),
            new Dao("vaults", "sm_vaults", "vaults", null, "prefix", List.of("prefix"), false, List.of(), List.of(),
                    DaoOverrides.NONE),
            // key_sets, keys: their name is UNIQUE without ws_id (migration 017_300_to_310.lua), so the upsert by
            // name (ON CONFLICT (ws_id, name)) fails in PostgreSQL
            new Dao("key_sets", "key_sets", "key-sets", null, "name", List.of(), false, List.of(), List.of(),
                    DaoOverrides.UPSERT_BY_NAME_FAILS),
            new Dao("keys", "keys", null, null, "name", List.of("kid", "set"), false, List.of("name", "cache_key"),
                    List.of(), DaoOverrides.UPSERT_BY_NAME_FAILS),
            new Dao("keyauth_credentials", "keyauth_credentials", "key-auths", "key-auth", "key", List.of("key"), true,
                    List.of(), List.of(), DaoOverrides.NONE),
            credential("basicauth_credentials", "basic-auths", "basic-auth", "username", List.of("username")),
            credential("jwt_secrets", "jwts", "jwt", "key", List.of("key")),
            credential("hmacauth_credentials", "hmac-auths", "hmac-auth", "username", List.of("username")),
            credential("acls", null, null, null, List.of("consumer", "group")),
            credential("oauth2_credentials", "oauth2", null, "client_id", List.of("client_id")),
            new Dao("oauth2_tokens", "oauth2_tokens", null, null, "access_token", List.of("access_token"), true,
                    List.of(), List.of(), DaoOverrides.NONE));

    private static final Map<String, Dao> BY_NAME = ALL.stream().collect(Collectors.toMap(Dao::name,
            Function.identity()));
    private static final Map<String, Dao> BY_API_NAME = ALL.stream().collect(Collectors.toMap(Dao::apiName,
            Function.identity()));

    /** The kind named by its schema name ("keyauth_credentials") or its top-level path ("key-auths"), or null. */
    static Dao find(String name) {
        Dao d = BY_NAME.get(name);
        return d != null ? d : BY_API_NAME.get(name);
    }

    static Dao get(String name) {
        Dao d = find(name);
        if (d == null) {
            throw new IllegalArgumentException("no entity kind " + name);
        }
        return d;
    }
}
