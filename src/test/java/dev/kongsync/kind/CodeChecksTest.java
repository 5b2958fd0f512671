package dev.kongsync.kind;

import dev.kongsync.crypto.Pem;
import dev.kongsync.crypto.StoredSecrets;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checks Kong makes in code, on the certificates, keys and credentials of the recorded Kong 3.9.1 session:
 * what Kong accepted passes, what it refused fails with Kong's message.
 */
class CodeChecksTest {

    private static List<String> messages(List<EntityKind.CheckFailure> failures) {
        return failures.stream().map(f -> (f.path().isEmpty() ? "" : String.join(".", f.path()) + ": ")
                + f.message()).toList();
    }

    @Test
    void aCertificateWithItsKeyPassesAndAMismatchIsNamed() {
        assertEquals(List.of(), messages(CodeChecks.certificate(Recorded.body("certificate PUT by id with snis"))));
        assertEquals(List.of(), messages(CodeChecks.certificate(Recorded.body("certificate with cert_alt/key_alt"))));
        assertEquals(List.of("certificate does not match key"),
                messages(CodeChecks.certificate(Recorded.body("certificate key mismatch"))));
        Map<String, Object> garbage = new LinkedHashMap<>(Recorded.body("certificate PUT by id with snis"));
        garbage.put("cert", "not a certificate");
        assertTrue(messages(CodeChecks.certificate(garbage)).get(0).startsWith("cert: invalid certificate: "));
    }

    @Test
    void twoAlternativesOfTheSameKeyTypeAreRefused() {
        Map<String, Object> same = new LinkedHashMap<>(Recorded.body("certificate PUT by id with snis"));
        same.put("cert_alt", same.get("cert"));
        same.put("key_alt", same.get("key"));
        assertEquals(List.of("certificate and alternative certificate need to have different type (e.g. RSA and "
                + "ECDSA), the provided certificates were both of the same type"), messages(CodeChecks.certificate(same)));
    }

    @Test
    void keyPairsAndJwtPublicKeys() {
        assertEquals(List.of(), messages(CodeChecks.key(Recorded.body("key PEM"))));
        assertEquals(List.of("pem: public key does not match private key"),
                messages(CodeChecks.key(Recorded.body("key PEM mismatched pair"))));
        assertEquals(List.of(), messages(CodeChecks.jwt(Recorded.body("jwt RS256"))));
        Map<String, Object> bad = new LinkedHashMap<>(Recorded.body("jwt RS256"));
        bad.put("rsa_public_key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
        assertEquals(List.of("rsa_public_key: invalid key"), messages(CodeChecks.jwt(bad)));
    }

    /** The recorded "route entity check" (admin-api-transcript.jsonl) and the other protocols' fields. */
    @Test
    void aRouteNeedsAFieldItsProtocolMatchesOn() {
        assertEquals(List.of("must set one of 'methods', 'hosts', 'headers', 'paths' when 'protocols' is 'http'"),
                messages(CodeChecks.route(Map.of("name", "empty-route", "protocols", List.of("http")))));
        assertEquals(List.of(), messages(CodeChecks.route(Map.of("protocols", List.of("http"), "paths",
                List.of("/accounts")))));
        assertEquals(List.of("must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is "
                + "'https'"), messages(CodeChecks.route(Map.of("protocols", List.of("http", "https"), "paths",
                List.of()))));
        assertEquals(List.of(), messages(CodeChecks.route(Map.of("protocols", List.of("https"), "snis",
                List.of("bank.example")))));
        assertEquals(List.of("must set one of 'sources', 'destinations' when 'protocols' is 'tcp'"),
                messages(CodeChecks.route(Map.of("protocols", List.of("tcp"), "paths", List.of("/a")))));
        assertEquals(List.of(), messages(CodeChecks.route(Map.of("protocols", List.of("tls"), "snis",
                List.of("bank.example")))));
    }

    @Test
    void sniWildcardsOnlyAtAnEnd() {
        assertEquals(List.of(), messages(CodeChecks.sni(Map.of("name", "*.banking.example"))));
        assertEquals(List.of("name: wildcard must be leftmost or rightmost character"),
                messages(CodeChecks.sni(Map.of("name", "api.*.example"))));
    }

    @Test
    void pemTextComparesByContentNotByLayout() {
        String pem = (String) Recorded.body("certificate PUT by id with snis").get("cert");
        String reflowed = pem.replace("\n", "\r\n").replace("-----\r\nMII", "-----\r\n\r\nMII");
        assertEquals(Pem.canonical(pem), Pem.canonical(reflowed));
        assertEquals(Pem.certificateDigest(pem), Pem.certificateDigest(reflowed));
    }

    /** The stored hash of the second transcript: basic-auth "plain-pass" of consumer fceb6d08-... */
    @Test
    void basicAuthPasswordsCompareThroughKongsHash() {
        String consumer = "fceb6d08-b540-47c1-8d4f-198dbfbcfa81";
        String stored = "9b20a979649bde1188f7ae48dd5b6e1653660fad";
        assertEquals(stored, StoredSecrets.basicAuthHash("plain-pass", consumer));
        EntityKind.SecretForm form = SecretForms.BASIC_AUTH_PASSWORD;
        Map<String, String> refs = Map.of("consumer", consumer);
        assertTrue(form.sameSecret("plain-pass", stored, Map.of(), refs));
        assertTrue(form.sameSecret(stored, stored, Map.of(), refs), "a dump holds the stored hash itself");
        assertFalse(form.sameSecret("rotated", stored, Map.of(), refs));
    }

    /** The oauth2 credential of the second transcript stored "web-secret" hashed (hash_secret: true). */
    @Test
    void oauth2HashedSecretsAreCheckedByDerivingThem() {
        String stored = "$pbkdf2-sha512$i=10000,l=32$gH1ebeY2iAOgHK2+vrENlQ$Zzg4OuSrKVo4MdSmLWx+pNMOKyd0TFOEJ7Y8yZbVIOk";
        EntityKind.SecretForm form = SecretForms.OAUTH2_CLIENT_SECRET;
        Map<String, Object> entity = Map.of("hash_secret", true);
        assertTrue(form.sameSecret("web-secret", stored, entity, Map.of()));
        assertFalse(form.sameSecret("other-secret", stored, entity, Map.of()));
        assertEquals(null, form.sameSecret("web-secret", "$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA", entity,
                Map.of()), "another hash cannot be checked");
    }

    /**
     * Not in the transcripts: the rule and messages are read from Kong 3.9.1's {@code kong/plugins/oauth2/daos.lua}
     * ({@code validate_uri} over LuaSocket's {@code url.parse}).
     */
    @Test
    void oauth2RedirectUrisNeedASchemeAndAHostAndNoFragment() {
        List<String> uris = List.of("https://mobile.banking.example/cb", "not a url", "/cb", "https://a.example/cb#x",
                "app://callback", "https://user@a.example:8443/cb?x=1");
        List<EntityKind.CheckFailure> f = CodeChecks.oauth2(Map.of("redirect_uris", uris));
        assertEquals(List.of(
                new EntityKind.CheckFailure(List.of("redirect_uris", "1"), "cannot parse 'not a url'"),
                new EntityKind.CheckFailure(List.of("redirect_uris", "2"), "cannot parse '/cb'"),
                new EntityKind.CheckFailure(List.of("redirect_uris", "3"), "fragment not allowed in 'https://a.example/cb#x'")),
                f);
    }
}
