package dev.kongsync.kind;

import dev.kongsync.crypto.Pem;
import dev.kongsync.kind.EntityKind.Ref;
import dev.kongsync.kind.EntityKind.Write;
import dev.kongsync.kind.EntityKind.Writes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of Kong entity kinds kongsync manages, one declaration each, read the way Kong's own
 * {@code kong/db/schema/entities/*.lua} read. Facts come from Kong 3.9.1: the schemas ({@code GET /schemas/...}),
 * the Admin API endpoints ({@code GET /endpoints}) and the recorded write matrix (which request creates, replaces
 * and deletes an entity of each kind). Unless a declaration says otherwise, an entity is created and replaced by
 * {@code PUT /{collection}/{id}} and deleted by {@code DELETE /{collection}/{id}}, its natural key names it in
 * output, and the fields its schema marks {@code encrypted} are secret.
 */
public final class Kinds {
    private Kinds() {}

    /** PEM text compared by its content: re-encoded the same way on both sides. */
    private static Object canonicalPem(Object v) {
        return v instanceof String s ? Pem.canonical(s) : v;
    }

    // ---- certificates ----------------------------------------------------------------------------------------

    /**
     * A TLS certificate has no name: matched by the digest of its certificate when the file gives no id. Its SNIs
     * are entities of their own; a {@code PUT} without {@code snis} would delete them, so a replace is a
     * {@code PATCH} of every field but {@code snis}.
     */
    public static final EntityKind CERTIFICATE = EntityKind.define("certificate")
            .fileKey("certificates")
            .keyDerived("certificate digest", f -> Pem.digestOrNull(f.get("cert")), "cert")
            .labelBy(f -> Pem.describe(f.get("cert")))
            .writes(new Writes(Write.PUT_BY_ID, Write.PATCH_BY_ID_MERGING, Write.DELETE_BY_ID))
            .readOnly("snis")
            .storedAs("cert", Kinds::canonicalPem)
            .storedAs("key", Kinds::canonicalPem)
            .storedAs("cert_alt", Kinds::canonicalPem)
            .storedAs("key_alt", Kinds::canonicalPem)
            .check(CodeChecks::certificate)
            .guardDeletes()
            .build();

    /** A server name of a certificate; in a file a bare name, or {@code {name, tags}}, nested under it. */
    public static final EntityKind SNI = EntityKind.define("sni")
            .fileKey("snis")
            .key("name")
            .ref(Ref.to("certificate", "certificate").nestedAs("snis").mandatory())
            .scalarForm("name")
            .check(CodeChecks::sni)
            .build();

    /** A CA certificate, matched by the digest Kong keys it by ({@code cert_digest}) when the file gives no id. */
    public static final EntityKind CA_CERTIFICATE = EntityKind.define("ca_certificate")
            .fileKey("ca_certificates")
            .keyDerived("certificate digest", f -> Pem.digestOrNull(f.get("cert")), "cert")
            .labelBy(f -> Pem.describe(f.get("cert")))
            .readOnly("cert_digest")
            .storedAs("cert", Kinds::canonicalPem)
            .check(CodeChecks::caCertificate)
            .guardDeletes()
            .build();

    // ---- proxying ------------------------------------------------------------------------------------------

    public static final EntityKind SERVICE = EntityKind.define("service")
            .fileKey("services")
            .key("name")
            .ref(Ref.to("client_certificate", "certificate"))
            .ref(Ref.toMany("ca_certificates", "ca_certificate"))
            .shorthand(UrlShorthand.SERVICE_URL)
            .build();

    public static final EntityKind ROUTE = EntityKind.define("route")
            .fileKey("routes")
            .key("name")
            .ref(Ref.to("service", "service").nestedAs("routes"))
            .check(CodeChecks::route)
            .build();

    public static final EntityKind UPSTREAM = EntityKind.define("upstream")
            .fileKey("upstreams")
            .key("name")
            .ref(Ref.to("client_certificate", "certificate"))
            .check(CodeChecks::upstream)
            .build();

    /**
     * Kong has no top-level {@code /targets}; under an upstream, {@code PUT} of a new target answers 404 (only
     * {@code POST} with the id in the body creates one) and {@code PUT} of an existing one is a partial update.
     */
    public static final EntityKind TARGET = EntityKind.define("target")
            .fileKey("targets")
            .onlyUnder("upstream", "targets")
            .key("upstream", "target")
            .ref(Ref.to("upstream", "upstream").nestedAs("targets").mandatory())
            .writes(new Writes(Write.POST_UNDER_PARENT, Write.PUT_UNDER_PARENT_MERGING, Write.DELETE_UNDER_PARENT))
            .storedAs("target", TargetAddress::withDefaultPort)
            .build();

    // ---- consumers and their credentials ---------------------------------------------------------------------

    /** A consumer is named by its username, else by its custom_id (both unique; Kong needs one of them). */
    public static final EntityKind CONSUMER = EntityKind.define("consumer")
            .fileKey("consumers")
            .key("username")
            .key("custom_id")
            .label("username", "custom_id")
            .build();

    public static final EntityKind KEY_AUTH = EntityKind.define("key-auth")
            .fileKey("keyauth_credentials")
            .collection("key-auths")
            .key("key")
            .unlabeled()
            .ref(Ref.to("consumer", "consumer").nestedAs("keyauth_credentials").mandatory())
            .secret("key")
            .build();

    /** Kong stores the password as {@code sha1(password .. consumer_id)}: compared through that hash. */
    public static final EntityKind BASIC_AUTH = EntityKind.define("basic-auth")
            .fileKey("basicauth_credentials")
            .collection("basic-auths")
            .key("username")
            .ref(Ref.to("consumer", "consumer").nestedAs("basicauth_credentials").mandatory())
            .hashed("password", SecretForms.BASIC_AUTH_PASSWORD)
            .build();

    public static final EntityKind JWT = EntityKind.define("jwt")
            .fileKey("jwt_secrets")
            .collection("jwts")
            .key("key")
            .ref(Ref.to("consumer", "consumer").nestedAs("jwt_secrets").mandatory())
            .secret("secret")
            .check(CodeChecks::jwt)
            .build();

    public static final EntityKind HMAC_AUTH = EntityKind.define("hmac-auth")
            .fileKey("hmacauth_credentials")
            .collection("hmac-auths")
            .key("username")
            .ref(Ref.to("consumer", "consumer").nestedAs("hmacauth_credentials").mandatory())
            .secret("secret")
            .build();

    public static final EntityKind ACL = EntityKind.define("acl")
            .fileKey("acls")
            .key("consumer", "group")
            .ref(Ref.to("consumer", "consumer").nestedAs("acls").mandatory())
            .build();

    /** With {@code hash_secret: true} Kong stores a PBKDF2 string of the client secret: compared by deriving it. */
    public static final EntityKind OAUTH2 = EntityKind.define("oauth2")
            .fileKey("oauth2_credentials")
            .collection("oauth2")
            .key("client_id")
            .label("name")
            .ref(Ref.to("consumer", "consumer").nestedAs("oauth2_credentials").mandatory())
            .hashed("client_secret", SecretForms.OAUTH2_CLIENT_SECRET)
            .check(CodeChecks::oauth2)
            .build();

    // ---- plugins ---------------------------------------------------------------------------------------------

    /** A plugin is attached globally or to a service, a route, a consumer, or a consumer with a service or route. */
    public static final EntityKind PLUGIN = EntityKind.define("plugin")
            .fileKey("plugins")
            .key("name", "service", "route", "consumer")
            .ref(Ref.to("service", "service").nestedAs("plugins"))
            .ref(Ref.to("route", "route").nestedAs("plugins"))
            .ref(Ref.to("consumer", "consumer").nestedAs("plugins"))
            .subschema("name", "plugins")
            .build();

    // ---- secrets management and keys ---------------------------------------------------------------------------

    /** Losing a vault makes every {@code {vault://...}} reference unresolvable: deletes need --allow-deletes. */
    public static final EntityKind VAULT = EntityKind.define("vault")
            .fileKey("vaults")
            .key("prefix")
            .subschema("name", "vaults")
            .guardDeletes()
            .build();

    public static final EntityKind KEY_SET = EntityKind.define("key_set")
            .fileKey("key_sets")
            .collection("key-sets")
            .key("name")
            .build();

    /** A JWK or PEM key, in a key set or alone; {@code kid} is unique within its set. */
    public static final EntityKind KEY = EntityKind.define("key")
            .fileKey("keys")
            .key("name")
            .ref(Ref.to("set", "key_set"))
            .check(CodeChecks::key)
            .build();

    /** Every kind, parents before children. */
    static final List<EntityKind> ALL;
    private static final Map<String, EntityKind> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Integer> LEVEL = new LinkedHashMap<>();

    static {
        List<EntityKind> declared = List.of(CERTIFICATE, SNI, CA_CERTIFICATE, SERVICE, ROUTE, UPSTREAM, TARGET,
                CONSUMER, KEY_AUTH, BASIC_AUTH, JWT, HMAC_AUTH, ACL, OAUTH2, PLUGIN, VAULT, KEY_SET, KEY);
        for (EntityKind k : declared) {
            BY_NAME.put(k.name(), k);
        }
        for (EntityKind k : declared) {
            computeLevel(k);
        }
        List<EntityKind> sorted = new ArrayList<>(declared);
        sorted.sort(Comparator.comparingInt(k -> LEVEL.get(k.name())));
        ALL = List.copyOf(sorted);
    }

    private static int computeLevel(EntityKind k) {
        Integer known = LEVEL.get(k.name());
        if (known != null) {
            return known;
        }
        int l = 0;
        for (Ref r : k.refs()) {
            l = Math.max(l, computeLevel(BY_NAME.get(r.kind())) + 1);
        }
        LEVEL.put(k.name(), l);
        return l;
    }

    static int level(EntityKind k) {
        return LEVEL.get(k.name());
    }

    static EntityKind byName(String name) {
        EntityKind k = BY_NAME.get(name);
        if (k == null) {
            throw new IllegalArgumentException("unknown entity kind " + name + " (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return k;
    }
}
