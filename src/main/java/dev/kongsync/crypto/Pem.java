package dev.kongsync.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM certificates and keys with the JDK alone: parsing (X.509; PKCS#8, PKCS#1 and SEC1 private keys; SPKI and
 * PKCS#1 public keys), the digest Kong keys certificates by, a canonical text form, and whether a key pair matches.
 */
public final class Pem {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)\\s*-----END \\1-----");
    private static final byte[] RSA_OID = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01,
            0x01, 0x01};
    private static final byte[] EC_OID = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

    private Pem() {}

    /** One PEM block: its type ("CERTIFICATE", "RSA PRIVATE KEY") and its DER bytes. */
    public record Block(String type, byte[] der) {}

    /** The PEM blocks of a text, in order; throws IllegalArgumentException if it has none. */
    public static List<Block> blocks(String pem) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(pem);
        while (m.find()) {
            try {
                out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("bad base64 in the " + m.group(1) + " block");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PEM block (-----BEGIN ...-----)");
        }
        return out;
    }

    /** The text with every PEM block re-encoded the standard way (64 columns, \n): equal keys compare equal. */
    public static String canonical(String pem) {
        try {
            StringBuilder sb = new StringBuilder();
            for (Block b : blocks(pem)) {
                sb.append("-----BEGIN ").append(b.type()).append("-----\n");
                String body = Base64.getEncoder().encodeToString(b.der());
                for (int i = 0; i < body.length(); i += 64) {
                    sb.append(body, i, Math.min(body.length(), i + 64)).append('\n');
                }
                sb.append("-----END ").append(b.type()).append("-----\n");
            }
            return sb.toString();
        } catch (IllegalArgumentException e) {
            return pem;
        }
    }

    /** The first certificate of a PEM text. */
    public static X509Certificate certificate(String pem) {
        for (Block b : blocks(pem)) {
            if (b.type().equals("CERTIFICATE")) {
                try {
                    return (X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(b.der()));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
                }
            }
        }
        throw new IllegalArgumentException("no CERTIFICATE block");
    }

    /** Every certificate of a PEM text (a chain). */
    public static List<X509Certificate> certificates(String pem) {
        List<X509Certificate> out = new ArrayList<>();
        for (Block b : blocks(pem)) {
            if (b.type().equals("CERTIFICATE")) {
                try {
                    out.add((X509Certificate) CertificateFactory.getInstance("X.509")
                            .generateCertificate(new ByteArrayInputStream(b.der())));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
                }
            }
        }
        return out;
    }

    /** Lowercase hex SHA-256 of the first certificate's DER: how Kong keys CA certificates ({@code cert_digest}). */
    public static String certificateDigest(String pem) {
        for (Block b : blocks(pem)) {
            if (b.type().equals("CERTIFICATE")) {
                return sha256(b.der());
            }
        }
        throw new IllegalArgumentException("no CERTIFICATE block");
    }

    /** The digest, or null when the value is not a certificate (for keys derived from content). */
    public static Object digestOrNull(Object pem) {
        try {
            return pem instanceof String s ? certificateDigest(s) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** "CN=api.banking.example" or the first SAN: how a certificate reads in output; null if unreadable. */
    public static String describe(Object pem) {
        if (!(pem instanceof String s)) {
            return null;
        }
        try {
            X509Certificate c = certificate(s);
            String subject = c.getSubjectX500Principal().getName();
            for (String part : subject.split(",")) {
                if (part.trim().startsWith("CN=")) {
                    return part.trim().substring(3) + " (" + certificateDigest(s).substring(0, 8) + ")";
                }
            }
            return subject + " (" + certificateDigest(s).substring(0, 8) + ")";
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A private key in PKCS#8 ("PRIVATE KEY"), PKCS#1 ("RSA PRIVATE KEY") or SEC1 ("EC PRIVATE KEY") form. */
    public static PrivateKey privateKey(String pem) {
        for (Block b : blocks(pem)) {
            byte[] pkcs8 = switch (b.type()) {
                case "PRIVATE KEY" -> b.der();
                case "RSA PRIVATE KEY" -> pkcs8(RSA_OID, new byte[] {0x05, 0x00}, b.der());
                case "EC PRIVATE KEY" -> pkcs8(EC_OID, curveOf(b.der()), b.der());
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "the key is encrypted; Kong needs it unencrypted");
                default -> null;
            };
            if (pkcs8 != null) {
                for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
                    try {
                        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                    } catch (GeneralSecurityException ignored) {
                        // try the next algorithm
                    }
                }
                throw new IllegalArgumentException("unsupported private key");
            }
        }
        throw new IllegalArgumentException("no PRIVATE KEY block");
    }

    /** A public key in SPKI ("PUBLIC KEY") or PKCS#1 ("RSA PUBLIC KEY") form. */
    public static PublicKey publicKey(String pem) {
        for (Block b : blocks(pem)) {
            try {
                if (b.type().equals("PUBLIC KEY")) {
                    for (String alg : List.of("RSA", "EC", "Ed25519", "Ed448")) {
                        try {
                            return KeyFactory.getInstance(alg).generatePublic(new X509EncodedKeySpec(b.der()));
                        } catch (GeneralSecurityException ignored) {
                            // try the next algorithm
                        }
                    }
                    throw new IllegalArgumentException("unsupported public key");
                }
                if (b.type().equals("RSA PUBLIC KEY")) {
                    Der.Reader r = new Der.Reader(b.der()).sequence();
                    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(r.integer(), r.integer()));
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("bad public key: " + e.getMessage());
            }
        }
        throw new IllegalArgumentException("no PUBLIC KEY block");
    }

    /** Whether a private key belongs to a public key: signs a challenge with one and verifies it with the other. */
    public static boolean matches(PublicKey pub, PrivateKey key) {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> null;
        };
        if (alg == null || !pub.getAlgorithm().equals(key.getAlgorithm())
                && !(key instanceof RSAPrivateCrtKey && pub.getAlgorithm().equals("RSA"))) {
            return false;
        }
        try {
            byte[] challenge = "kongsync key pair check".getBytes(StandardCharsets.UTF_8);
            Signature s = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) {
                v.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                        java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            }
            v.initVerify(pub);
            v.update(challenge);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether {@code key} is the key of the certificate. */
    public static boolean matches(X509Certificate cert, PrivateKey key) {
        return matches(cert.getPublicKey(), key);
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 or SEC1 key: version 0, the algorithm and its parameters, the key. */
    private static byte[] pkcs8(byte[] oid, byte[] params, byte[] key) {
        ByteArrayOutputStream alg = new ByteArrayOutputStream();
        alg.writeBytes(oid);
        alg.writeBytes(params);
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(new byte[] {0x02, 0x01, 0x00});
        info.writeBytes(Der.tlv(0x30, alg.toByteArray()));
        info.writeBytes(Der.tlv(0x04, key));
        return Der.tlv(0x30, info.toByteArray());
    }

    /** The named curve OID of a SEC1 ECPrivateKey ({@code [0] parameters}), as DER. */
    private static byte[] curveOf(byte[] sec1) {
        Der.Reader r = new Der.Reader(sec1).sequence();
        r.skip(); // version
        r.skip(); // privateKey
        while (r.hasMore()) {
            Der.Tlv t = r.next();
            if (t.tag() == 0xa0) {
                return new Der.Reader(t.value()).nextEncoded();
            }
        }
        throw new IllegalArgumentException("the EC key names no curve; Kong needs a named curve");
    }
}
