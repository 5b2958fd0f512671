package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates and keys as Kong's OpenSSL bindings read them, done with the JDK; the recorded transcripts' throwaway
 * test material is the reference.
 */
class KongCryptoTest {
    private static JsonNode request(int line) throws Exception {
        List<TestKongFidelityTest.Line> lines = TestKongFidelityTest.read("admin-api-transcript-2.jsonl");
        return lines.stream().filter(l -> l.number() == line).findFirst().orElseThrow().body();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    @Test
    void recordedCertificatesMatchTheirKeys() throws Exception {
        // kong/db/schema/entities/certificates.lua: cert:get_pubkey():to_PEM() == key:to_PEM("public")
        JsonNode body = request(99);
        X509Certificate rsa = KongCrypto.certificate(body.get("cert").asText());
        X509Certificate ec = KongCrypto.certificate(body.get("cert_alt").asText());
        KongCrypto.Key rsaKey = KongCrypto.key(body.get("key").asText(), KongCrypto.KeyType.ANY);
        KongCrypto.Key ecKey = KongCrypto.key(body.get("key_alt").asText(), KongCrypto.KeyType.ANY);
        assertTrue(KongCrypto.sameKey(rsa.getPublicKey(), rsaKey.publicKey()));
        assertTrue(KongCrypto.sameKey(ec.getPublicKey(), ecKey.publicKey()), "the EC public key is derived");
        assertFalse(KongCrypto.sameKey(rsa.getPublicKey(), ecKey.publicKey()));
        assertTrue(ec.getBasicConstraints() >= 0, "the 'non-CA' certificate of line 110 has CA:TRUE");
        // kong/db/schema/entities/ca_certificates.lua: cert_digest = to_hex(x509:digest("sha256"))
        assertEquals("73771d032055cb3b57a2fee38e8f49e975692e58be654d27c4bb3c7bf70cf7cc",
                KongCrypto.sha256Hex(KongCrypto.certificate(request(109).get("cert").asText()).getEncoded()));
    }

    @Test
    void pkcs1AndSec1KeysAreWrappedIntoPkcs8() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        KeyPair rsa = rsaGen.generateKeyPair();
        byte[] pkcs8 = rsa.getPrivate().getEncoded();
        // the PKCS#1 RSAPrivateKey is the content of PKCS#8's OCTET STRING
        byte[] pkcs1 = innerOctetString(pkcs8);
        KongCrypto.Key k = KongCrypto.key(pem("RSA PRIVATE KEY", pkcs1), KongCrypto.KeyType.PRIVATE);
        assertTrue(KongCrypto.sameKey(rsa.getPublic(), k.publicKey()));
        // SPKI of a 2048-bit key: SEQUENCE (4 bytes) { AlgorithmIdentifier (15), BIT STRING (4 + 1 unused-bits) }
        byte[] spki = rsa.getPublic().getEncoded();
        byte[] rsaPublic = Arrays.copyOfRange(spki, 24, spki.length);
        assertTrue(KongCrypto.sameKey(rsa.getPublic(),
                KongCrypto.key(pem("RSA PUBLIC KEY", rsaPublic), KongCrypto.KeyType.PUBLIC).publicKey()));

        KeyPairGenerator ecGen = KeyPairGenerator.getInstance("EC");
        ecGen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGen.generateKeyPair();
        byte[] d = unsigned(((ECPrivateKey) ec.getPrivate()).getS(), 32);
        byte[] p256 = {0x06, 0x08, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x03, 0x01, 0x07};
        byte[] sec1 = der(0x30, concat(new byte[] {0x02, 0x01, 0x01}, der(0x04, d), der(0xa0, p256)));
        KongCrypto.Key e = KongCrypto.key(pem("EC PRIVATE KEY", sec1), KongCrypto.KeyType.ANY);
        assertTrue(KongCrypto.sameKey(ec.getPublic(), e.publicKey()), "d x G equals the generated public key");
        assertThrows(KongCrypto.BadInput.class, () -> KongCrypto.key(pem("EC PRIVATE KEY", sec1),
                KongCrypto.KeyType.PUBLIC));
    }

    @Test
    void garbageGetsOpenSslsMessages() {
        KongCrypto.BadInput c = assertThrows(KongCrypto.BadInput.class, () -> KongCrypto.certificate("nope"));
        assertEquals(KongCrypto.X509_ERROR, c.getMessage());
        KongCrypto.BadInput k = assertThrows(KongCrypto.BadInput.class,
                () -> KongCrypto.key("nope", KongCrypto.KeyType.ANY));
        assertEquals(KongCrypto.PKEY_ERROR, k.getMessage());
    }

    @Test
    void pemPairsMustMatch() throws Exception {
        // kong/db/schema/typedefs.lua validate_pem_keys
        assertNull(KongCode.validatePemKeys(request(122).get("pem")));
        assertEquals("public key does not match private key", KongCode.validatePemKeys(request(123).get("pem")));
        assertEquals("could not load public key", KongCode.validatePemKeys(
                KongSchema.JSON.readTree("{\"public_key\": \"nope\"}")));
        assertEquals("could not load private key" + KongCrypto.PKEY_ERROR, KongCode.validatePemKeys(
                KongSchema.JSON.readTree("{\"private_key\": \"nope\"}")));
    }

    @Test
    void hashesOfCredentials() throws Exception {
        // kong/plugins/basic-auth/crypto.lua: sha1(password .. consumer_id), lowercase hex (transcript 2, line 63)
        assertEquals("9b20a979649bde1188f7ae48dd5b6e1653660fad",
                KongCrypto.sha1Hex("plain-pass" + "fceb6d08-b540-47c1-8d4f-198dbfbcfa81"));
        // kong/plugins/oauth2/secret.lua: PBKDF2-SHA512, 10000 iterations, 32 bytes (transcript 2, line 84)
        String recorded = "$pbkdf2-sha512$i=10000,l=32$gH1ebeY2iAOgHK2+vrENlQ$Zzg4OuSrKVo4MdSmLWx+pNMOKyd0TFOEJ7Y8yZbVIOk";
        byte[] salt = Base64.getDecoder().decode(recorded.split("\\$")[3]);
        assertEquals(recorded, KongCrypto.pbkdf2("web-secret", salt));
    }

    @Test
    void jsonWebKeys() throws Exception {
        KeyPairGenerator rsaGen = KeyPairGenerator.getInstance("RSA");
        rsaGen.initialize(2048);
        RSAPublicKey pub = (RSAPublicKey) rsaGen.generateKeyPair().getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String jwk = "{\"kty\":\"RSA\",\"kid\":\"k\",\"n\":\"" + b64.encodeToString(unsigned(pub.getModulus(), 256))
                + "\",\"e\":\"" + b64.encodeToString(pub.getPublicExponent().toByteArray()) + "\"}";
        assertTrue(KongCrypto.jwkLoads(KongSchema.JSON.readTree(jwk)));
        assertFalse(KongCrypto.jwkLoads(KongSchema.JSON.readTree("{\"kty\":\"oct\",\"k\":\"AAAA\"}")));
        assertFalse(KongCrypto.jwkLoads(KongSchema.JSON.readTree("{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\","
                + "\"y\":\"AA\"}")));
    }

    private static byte[] unsigned(BigInteger v, int len) {
        byte[] b = v.toByteArray();
        byte[] out = new byte[len];
        int n = Math.min(len, b.length);
        System.arraycopy(b, b.length - n, out, len - n, n);
        return out;
    }

    private static byte[] innerOctetString(byte[] pkcs8) {
        // SEQUENCE { INTEGER 0, SEQUENCE alg, OCTET STRING key }: find the OCTET STRING after the algorithm
        int i = 4;
        i += 3;
        int algLen = pkcs8[i + 1] & 0xff;
        i += 2 + algLen;
        int lenByte = pkcs8[i + 1] & 0xff;
        int start = i + 2;
        int len = lenByte;
        if (lenByte > 0x80) {
            len = 0;
            for (int k = 0; k < lenByte - 0x80; k++) {
                len = (len << 8) | (pkcs8[start + k] & 0xff);
            }
            start += lenByte - 0x80;
        }
        return Arrays.copyOfRange(pkcs8, start, start + len);
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        out.write(content.length);
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
