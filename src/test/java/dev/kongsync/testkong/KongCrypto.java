package dev.kongsync.testkong;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * What Kong asks OpenSSL ({@code resty.openssl.x509}, {@code resty.openssl.pkey}) about certificates and keys, done
 * with the JDK: PEM parsing (PKCS#8, PKCS#1 and SEC1 private keys, SPKI and PKCS#1 public keys), the public key of a
 * private key, certificate digests; plus the hashes of basic-auth passwords and oauth2 secrets.
 */
final class KongCrypto {
    /** OpenSSL's error for input that is not a certificate, as the recorded Kong 3.9.1 reports "nope". */
    static final String X509_ERROR = "x509.new: error:680008E:asn1 encoding routines:asn1_d2i_read_bio:not enough "
            + "data:crypto/asn1/a_d2i_fp.c:283:";
    /** OpenSSL's error for input that is not a key, as the recorded Kong 3.9.1 reports "nope". */
    static final String PKEY_ERROR = "pkey.new:load_key: error:1E08010C:DECODER routines:OSSL_DECODER_from_bio:"
            + "unsupported:crypto/encode_decode/decoder_lib.c:103:";

    private static final Pattern PEM = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final String OID_RSA = "1.2.840.113549.1.1.1";
    private static final String OID_RSA_PSS = "1.2.840.113549.1.1.10";
    private static final String OID_EC = "1.2.840.10045.2.1";
    private static final String OID_ED25519 = "1.3.101.112";
    private static final String OID_ED448 = "1.3.101.113";

    private KongCrypto() {}

    /** Thrown when OpenSSL would refuse the input. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    /** The PEM blocks of a string, as (label, DER) pairs. */
    private record Block(String label, byte[] der) {}

    private static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = PEM.matcher(text);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                return List.of();
            }
        }
        return out;
    }

    /** The first certificate of a PEM string ({@code x509.new}). */
    static X509Certificate certificate(String pem) throws BadInput {
        for (Block b : blocks(pem)) {
            if (b.label.equals("CERTIFICATE") || b.label.equals("X509 CERTIFICATE")
                    || b.label.equals("TRUSTED CERTIFICATE")) {
                try {
                    return (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(b.der));
                } catch (GeneralSecurityException e) {
                    throw new BadInput(X509_ERROR);
                }
            }
        }
        throw new BadInput(X509_ERROR);
    }

    /** Which keys a PEM may hold ({@code pkey.new}'s {@code type}: "pu", "pr" or either). */
    enum KeyType { PUBLIC, PRIVATE, ANY }

    /** A key of a PEM string, as {@code pkey.new} loads it; private keys come with their public half. */
    record Key(PublicKey publicKey, PrivateKey privateKey) {
        boolean isPrivate() {
            return privateKey != null;
        }
    }

    static Key key(String pem, KeyType type) throws BadInput {
        for (Block b : blocks(pem)) {
            try {
                Key k = switch (b.label) {
                    case "PUBLIC KEY" -> type == KeyType.PRIVATE ? null : new Key(spki(b.der), null);
                    case "RSA PUBLIC KEY" -> type == KeyType.PRIVATE ? null
                            : new Key(spki(wrap(OID_RSA, null, b.der, true)), null);
                    case "PRIVATE KEY" -> type == KeyType.PUBLIC ? null : withPublic(pkcs8(b.der));
                    case "RSA PRIVATE KEY" -> type == KeyType.PUBLIC ? null
                            : withPublic(pkcs8(wrap(OID_RSA, null, b.der, false)));
                    case "EC PRIVATE KEY" -> type == KeyType.PUBLIC ? null
                            : withPublic(pkcs8(wrap(OID_EC, curveOf(b.der), b.der, false)));
                    default -> null;
                };
                if (k != null) {
                    return k;
                }
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new BadInput(PKEY_ERROR);
            }
        }
        throw new BadInput(PKEY_ERROR);
    }

    /** Whether two public keys are the same key (Kong compares their PEM encodings). */
    static boolean sameKey(PublicKey a, PublicKey b) {
        if (a instanceof RSAPublicKey ra && b instanceof RSAPublicKey rb) {
            return ra.getModulus().equals(rb.getModulus()) && ra.getPublicExponent().equals(rb.getPublicExponent());
        }
        if (a instanceof ECPublicKey ea && b instanceof ECPublicKey eb) {
            return ea.getW().equals(eb.getW()) && ea.getParams().getOrder().equals(eb.getParams().getOrder());
        }
        return java.util.Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    /**
     * Whether {@code pkey.new(jwk, { format = "JWK" })} loads a JSON Web Key: RSA (n, e), EC (crv P-256/P-384/P-521,
     * x, y) or OKP (Ed25519/Ed448/X25519/X448, x), the numbers in base64url.
     */
    static boolean jwkLoads(com.fasterxml.jackson.databind.JsonNode jwk) {
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            switch (jwk.path("kty").asText()) {
                case "RSA" -> {
                    BigInteger n = new BigInteger(1, b64.decode(jwk.path("n").asText()));
                    BigInteger e = new BigInteger(1, b64.decode(jwk.path("e").asText()));
                    KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
                    return n.signum() > 0 && e.signum() > 0;
                }
                case "EC" -> {
                    String curve = switch (jwk.path("crv").asText()) {
                        case "P-256" -> "secp256r1";
                        case "P-384" -> "secp384r1";
                        case "P-521" -> "secp521r1";
                        default -> null;
                    };
                    if (curve == null) {
                        return false;
                    }
                    java.security.AlgorithmParameters params = java.security.AlgorithmParameters.getInstance("EC");
                    params.init(new java.security.spec.ECGenParameterSpec(curve));
                    ECParameterSpec spec = params.getParameterSpec(ECParameterSpec.class);
                    BigInteger x = new BigInteger(1, b64.decode(jwk.path("x").asText()));
                    BigInteger y = new BigInteger(1, b64.decode(jwk.path("y").asText()));
                    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
                    boolean onCurve = y.pow(2).mod(p).equals(x.pow(3).add(spec.getCurve().getA().multiply(x))
                            .add(spec.getCurve().getB()).mod(p));
                    KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), spec));
                    return onCurve;
                }
                case "OKP" -> {
                    int size = switch (jwk.path("crv").asText()) {
                        case "Ed25519", "X25519" -> 32;
                        case "Ed448" -> 57;
                        case "X448" -> 56;
                        default -> -1;
                    };
                    return size > 0 && b64.decode(jwk.path("x").asText()).length == size;
                }
                default -> {
                    return false;
                }
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256", data));
    }

    static String sha1Hex(String data) {
        return HexFormat.of().formatHex(digest("SHA-1", data.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An oauth2 client secret as {@code kong/plugins/oauth2/secret.lua} hashes it: PBKDF2 with SHA-512, 10000
     * iterations, 32 bytes, written {@code $pbkdf2-sha512$i=10000,l=32$<salt>$<hash>} in unpadded base64.
     */
    static String pbkdf2(String secret, byte[] salt) {
        try {
            byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, 10000, 256)).getEncoded();
            Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
            return "$pbkdf2-sha512$i=10000,l=32$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- DER ----------------------------------------------------------------------------------------------

    private static PublicKey spki(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm(algorithmOid(der, false))).generatePublic(new X509EncodedKeySpec(der));
    }

    private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(algorithm(algorithmOid(der, true))).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String algorithm(String oid) throws GeneralSecurityException {
        return switch (oid) {
            case OID_RSA -> "RSA";
            case OID_RSA_PSS -> "RSASSA-PSS";
            case OID_EC -> "EC";
            case OID_ED25519 -> "Ed25519";
            case OID_ED448 -> "Ed448";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + oid);
        };
    }

    /** The public half of a private key. */
    private static Key withPublic(PrivateKey k) throws GeneralSecurityException {
        PublicKey pub;
        if (k instanceof RSAPrivateCrtKey rsa) {
            pub = KeyFactory.getInstance(k.getAlgorithm())
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        } else if (k instanceof ECPrivateKey ec) {
            ECPoint w = multiply(ec.getParams(), ec.getParams().getGenerator(), ec.getS());
            pub = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
        } else if (k instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            byte[] seed = ed.getBytes().get();
            KeyPairGenerator g = KeyPairGenerator.getInstance(k.getAlgorithm());
            g.initialize(new NamedParameterSpec(k.getAlgorithm()), new SecureRandom() {
                @Override
                public void nextBytes(byte[] bytes) {
                    System.arraycopy(seed, 0, bytes, 0, bytes.length);
                }
            });
            pub = g.generateKeyPair().getPublic();
        } else {
            throw new GeneralSecurityException("cannot derive the public key of " + k.getAlgorithm());
        }
        return new Key(pub, k);
    }

    /** Scalar multiplication on a prime curve (the JDK has no public API for it), double-and-add. */
    private static ECPoint multiply(ECParameterSpec spec, ECPoint g, BigInteger k) {
        BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
        BigInteger a = spec.getCurve().getA();
        ECPoint result = ECPoint.POINT_INFINITY;
        ECPoint addend = g;
        for (int i = 0; i < k.bitLength(); i++) {
            if (k.testBit(i)) {
                result = add(result, addend, p, a);
            }
            addend = add(addend, addend, p, a);
        }
        return result;
    }

    private static ECPoint add(ECPoint q, ECPoint r, BigInteger p, BigInteger a) {
        if (q.equals(ECPoint.POINT_INFINITY)) {
            return r;
        }
        if (r.equals(ECPoint.POINT_INFINITY)) {
            return q;
        }
        BigInteger lambda;
        if (q.equals(r)) {
            if (q.getAffineY().signum() == 0) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = q.getAffineX().pow(2).multiply(BigInteger.valueOf(3)).add(a)
                    .multiply(q.getAffineY().shiftLeft(1).modInverse(p)).mod(p);
        } else {
            if (q.getAffineX().equals(r.getAffineX())) {
                return ECPoint.POINT_INFINITY;
            }
            lambda = r.getAffineY().subtract(q.getAffineY())
                    .multiply(r.getAffineX().subtract(q.getAffineX()).modInverse(p)).mod(p);
        }
        BigInteger x = lambda.pow(2).subtract(q.getAffineX()).subtract(r.getAffineX()).mod(p);
        BigInteger y = lambda.multiply(q.getAffineX().subtract(x)).subtract(q.getAffineY()).mod(p);
        return new ECPoint(x, y);
    }

    /** A DER element: tag, and where its content starts and ends in the buffer. */
    private record Tlv(int tag, int start, int end) {}

    private static Tlv tlv(byte[] d, int at) {
        int tag = d[at] & 0xff;
        int len = d[at + 1] & 0xff;
        int start = at + 2;
        if (len > 0x80) {
            int n = len - 0x80;
            len = 0;
            for (int i = 0; i < n; i++) {
                len = (len << 8) | (d[start + i] & 0xff);
            }
            start += n;
        }
        if (start + len > d.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Tlv(tag, start, start + len);
    }

    /** The algorithm OID of an SPKI (SEQUENCE { AlgorithmIdentifier, ... }) or PKCS#8 (version first). */
    private static String algorithmOid(byte[] der, boolean pkcs8) {
        Tlv outer = tlv(der, 0);
        int at = outer.start;
        if (pkcs8) {
            at = tlv(der, at).end;
        }
        Tlv alg = tlv(der, at);
        Tlv oid = tlv(der, alg.start);
        return oidString(der, oid);
    }

    private static String oidString(byte[] d, Tlv oid) {
        StringBuilder sb = new StringBuilder();
        int first = d[oid.start] & 0xff;
        sb.append(first / 40).append('.').append(first % 40);
        long v = 0;
        for (int i = oid.start + 1; i < oid.end; i++) {
            v = (v << 7) | (d[i] & 0x7f);
            if ((d[i] & 0x80) == 0) {
                sb.append('.').append(v);
                v = 0;
            }
        }
        return sb.toString();
    }

    /** The curve OID (the DER of the [0] parameters) of a SEC1 ECPrivateKey. */
    private static byte[] curveOf(byte[] sec1) {
        Tlv outer = tlv(sec1, 0);
        int at = outer.start;
        while (at < outer.end) {
            Tlv t = tlv(sec1, at);
            if (t.tag == 0xa0) {
                return java.util.Arrays.copyOfRange(sec1, t.start, t.end);
            }
            at = t.end;
        }
        throw new IllegalArgumentException("EC key without curve");
    }

    /**
     * Wraps a PKCS#1 or SEC1 key into SPKI ({@code spki} true) or PKCS#8: SEQUENCE { [version 0,]
     * AlgorithmIdentifier { OID, params or NULL }, BIT STRING / OCTET STRING { key } }.
     */
    private static byte[] wrap(String oid, byte[] params, byte[] key, boolean spki) {
        ByteArrayOutputStream alg = new ByteArrayOutputStream();
        alg.writeBytes(der(0x06, oidBytes(oid)));
        alg.writeBytes(params != null ? params : new byte[] {0x05, 0x00});
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (!spki) {
            body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        }
        body.writeBytes(der(0x30, alg.toByteArray()));
        if (spki) {
            byte[] bits = new byte[key.length + 1];
            System.arraycopy(key, 0, bits, 1, key.length);
            body.writeBytes(der(0x03, bits));
        } else {
            body.writeBytes(der(0x04, key));
        }
        return der(0x30, body.toByteArray());
    }

    private static byte[] oidBytes(String oid) {
        String[] parts = oid.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(parts[0]) * 40 + Integer.parseInt(parts[1]));
        for (int i = 2; i < parts.length; i++) {
            long v = Long.parseLong(parts[i]);
            int n = 0;
            byte[] tmp = new byte[10];
            do {
                tmp[n++] = (byte) (v & 0x7f);
                v >>= 7;
            } while (v > 0);
            for (int j = n - 1; j >= 0; j--) {
                out.write(tmp[j] | (j > 0 ? 0x80 : 0));
            }
        }
        return out.toByteArray();
    }

    private static byte[] der(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = content.length;
        if (len < 0x80) {
            out.write(len);
        } else {
            int n = len > 0xffffff ? 4 : len > 0xffff ? 3 : len > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) {
                out.write((len >> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }
}
