package dev.kongsync.kind;

import dev.kongsync.crypto.Pem;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks Kong makes in code rather than in its schemas' JSON ({@code custom_entity_check}, typedef validators),
 * made offline by kongsync so that a file Kong would refuse is refused before any write. Each cites where Kong 3.9.1
 * makes it.
 */
final class CodeChecks {
    private CodeChecks() {}

    private static final Pattern WILDCARD_INNER = Pattern.compile("^[^*]+\\*[^*]+$");

    /**
     * Certificates ({@code kong/db/schema/entities/certificates.lua}, {@code typedefs.certificate} and
     * {@code typedefs.key}): each PEM parses, each key matches its certificate, and the alternative certificate has
     * a key type other than the main one.
     */
    static List<EntityKind.CheckFailure> certificate(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        X509Certificate cert = cert(f, "cert", out);
        PrivateKey key = key(f, "key", out);
        X509Certificate certAlt = cert(f, "cert_alt", out);
        PrivateKey keyAlt = key(f, "key_alt", out);
        if (cert != null && key != null && !Pem.matches(cert, key)) {
            out.add(new EntityKind.CheckFailure(List.of(), "certificate does not match key"));
        }
        if (certAlt != null && keyAlt != null && !Pem.matches(certAlt, keyAlt)) {
            out.add(new EntityKind.CheckFailure(List.of(), "alternative certificate does not match key"));
        }
        if (cert != null && certAlt != null
                && cert.getPublicKey().getAlgorithm().equals(certAlt.getPublicKey().getAlgorithm())) {
            out.add(new EntityKind.CheckFailure(List.of(), "certificate and alternative certificate need to have different type "
                    + "(e.g. RSA and ECDSA), the provided certificates were both of the same type"));
        }
        return out;
    }

    /** CA certificates ({@code kong/db/schema/entities/ca_certificates.lua}): one certificate, not expired. */
    static List<EntityKind.CheckFailure> caCertificate(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        if (!(f.get("cert") instanceof String pem)) {
            return out;
        }
        try {
            List<X509Certificate> certs = Pem.certificates(pem);
            if (certs.size() > 1) {
                out.add(new EntityKind.CheckFailure(List.of(), "please submit only one certificate at a time"));
            } else if (certs.size() == 1 && certs.get(0).getNotAfter().getTime() < System.currentTimeMillis()) {
                out.add(new EntityKind.CheckFailure(List.of(), "certificate expired, \"Not After\" time is in the past"));
            } else if (certs.isEmpty()) {
                out.add(new EntityKind.CheckFailure(List.of("cert"), "invalid certificate: no CERTIFICATE block"));
            }
        } catch (IllegalArgumentException e) {
            out.add(new EntityKind.CheckFailure(List.of("cert"), "invalid certificate: " + e.getMessage()));
        }
        return out;
    }

    /**
     * JWT secrets ({@code kong/plugins/jwt/daos.lua}): an RS, PS or EdDSA algorithm needs an {@code rsa_public_key}
     * that parses as a key.
     */
    static List<EntityKind.CheckFailure> jwt(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        Object alg = f.get("algorithm");
        if (alg instanceof String a && (a.startsWith("RS") || a.startsWith("PS") || a.equals("EdDSA"))
                && f.get("rsa_public_key") instanceof String pem) {
            try {
                Pem.publicKey(pem);
            } catch (IllegalArgumentException e) {
                out.add(new EntityKind.CheckFailure(List.of("rsa_public_key"), "invalid key"));
            }
        }
        return out;
    }

    /** Keys ({@code kong/db/schema/entities/keys.lua}): a PEM pair whose halves belong together; a JWK that parses. */
    @SuppressWarnings("unchecked")
    static List<EntityKind.CheckFailure> key(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        if (f.get("pem") instanceof Map<?, ?> pem) {
            Object pub = ((Map<String, Object>) pem).get("public_key");
            Object priv = ((Map<String, Object>) pem).get("private_key");
            PublicKey publicKey = null;
            PrivateKey privateKey = null;
            if (pub instanceof String s) {
                try {
                    publicKey = Pem.publicKey(s);
                } catch (IllegalArgumentException e) {
                    out.add(new EntityKind.CheckFailure(List.of("pem", "public_key"), "could not load public key"));
                }
            }
            if (priv instanceof String s) {
                try {
                    privateKey = Pem.privateKey(s);
                } catch (IllegalArgumentException e) {
                    out.add(new EntityKind.CheckFailure(List.of("pem", "private_key"), "could not load private key"));
                }
            }
            if (publicKey != null && privateKey != null && !Pem.matches(publicKey, privateKey)) {
                out.add(new EntityKind.CheckFailure(List.of("pem"), "public key does not match private key"));
            }
        }
        if (f.get("jwk") instanceof String jwk) {
            try {
                Object parsed = new com.fasterxml.jackson.databind.ObjectMapper().readValue(jwk, Object.class);
                if (!(parsed instanceof Map<?, ?> m) || !m.containsKey("kty")) {
                    out.add(new EntityKind.CheckFailure(List.of("jwk"), "could not load JWK: it has no kty"));
                }
            } catch (java.io.IOException e) {
                out.add(new EntityKind.CheckFailure(List.of("jwk"), "could not load JWK: not JSON"));
            }
        }
        return out;
    }

    /** A protocol, and the fields a route of it must set one of. */
    private record MatchFields(String protocol, List<String> fields) {}

    /**
     * Per protocol, what a route must set one of ({@code kong/db/schema/entities/routes_subschemas.lua}, which
     * {@code GET /schemas/routes} does not show); the first of these protocols a route has decides.
     */
    private static final List<MatchFields> ROUTE_MATCH_FIELDS = List.of(
            new MatchFields("https", List.of("methods", "hosts", "headers", "paths", "snis")),
            new MatchFields("http", List.of("methods", "hosts", "headers", "paths")),
            new MatchFields("grpcs", List.of("hosts", "headers", "paths", "snis")),
            new MatchFields("grpc", List.of("hosts", "headers", "paths")),
            new MatchFields("tls", List.of("sources", "destinations", "snis")),
            new MatchFields("tcp", List.of("sources", "destinations")),
            new MatchFields("udp", List.of("sources", "destinations")));

    /** Routes: each needs one of the fields its protocol matches on ({@link #ROUTE_MATCH_FIELDS}). */
    static List<EntityKind.CheckFailure> route(Map<String, Object> f) {
        List<?> protocols = f.get("protocols") instanceof List<?> l ? l : List.of();
        return ROUTE_MATCH_FIELDS.stream().filter(m -> protocols.contains(m.protocol())).findFirst()
                .filter(m -> m.fields().stream().noneMatch(field -> isSet(f.get(field))))
                .map(m -> List.of(new EntityKind.CheckFailure(List.of(), "must set one of "
                        + String.join(", ", m.fields().stream().map(field -> "'" + field + "'").toList())
                        + " when 'protocols' is '" + m.protocol() + "'")))
                .orElse(List.of());
    }

    /** Set as Kong's schema checks mean it: neither null nor an empty array or map. */
    private static boolean isSet(Object v) {
        return v != null && !(v instanceof java.util.Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m
                && m.isEmpty());
    }

    /**
     * Upstreams ({@code kong/db/schema/entities/upstreams.lua}, its {@code hash_on} shorthand): Kong reads an upstream
     * whose {@code hash_on} is none back with the round-robin algorithm, so consistent hashing on nothing would show as
     * a change on every run.
     */
    static List<EntityKind.CheckFailure> upstream(Map<String, Object> f) {
        if ("consistent-hashing".equals(f.get("algorithm")) && "none".equals(f.get("hash_on"))) {
            return List.of(new EntityKind.CheckFailure(List.of("algorithm"), "consistent-hashing needs hash_on (header, "
                    + "cookie, ip, consumer, path, query_arg or uri_capture): with hash_on none Kong uses, and answers, "
                    + "round-robin"));
        }
        return List.of();
    }

    /** SNI names ({@code kong/db/schema/typedefs.lua wildcard_host}): a wildcard only leftmost or rightmost. */
    static List<EntityKind.CheckFailure> sni(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        if (f.get("name") instanceof String name && (name.chars().filter(c -> c == '*').count() > 1
                || WILDCARD_INNER.matcher(name).matches())) {
            out.add(new EntityKind.CheckFailure(List.of("name"), "wildcard must be leftmost or rightmost character"));
        }
        return out;
    }

    /**
     * OAuth2 credentials ({@code kong/plugins/oauth2/daos.lua}, {@code validate_uri}): each redirect URI parses, as
     * LuaSocket's {@code url.parse} reads it, to a scheme and a host, and has no fragment.
     */
    static List<EntityKind.CheckFailure> oauth2(Map<String, Object> f) {
        List<EntityKind.CheckFailure> out = new ArrayList<>();
        if (f.get("redirect_uris") instanceof List<?> uris) {
            for (int i = 0; i < uris.size(); i++) {
                if (uris.get(i) instanceof String uri) {
                    String problem = LuaSocketUrl.redirectUriProblem(uri);
                    if (problem != null) {
                        out.add(new EntityKind.CheckFailure(List.of("redirect_uris", String.valueOf(i)), problem));
                    }
                }
            }
        }
        return out;
    }

    private static X509Certificate cert(Map<String, Object> f, String field, List<EntityKind.CheckFailure> out) {
        if (!(f.get(field) instanceof String pem)) {
            return null;
        }
        try {
            return Pem.certificate(pem);
        } catch (IllegalArgumentException e) {
            out.add(new EntityKind.CheckFailure(List.of(field), "invalid certificate: " + e.getMessage()));
            return null;
        }
    }

    private static PrivateKey key(Map<String, Object> f, String field, List<EntityKind.CheckFailure> out) {
        if (!(f.get(field) instanceof String pem)) {
            return null;
        }
        try {
            return Pem.privateKey(pem);
        } catch (IllegalArgumentException e) {
            out.add(new EntityKind.CheckFailure(List.of(field), "invalid key: " + e.getMessage()));
            return null;
        }
    }
}
