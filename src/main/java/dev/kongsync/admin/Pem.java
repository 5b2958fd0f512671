package dev.kongsync.admin;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Builds the key stores TLS needs from PEM files. */
final class Pem {
    private static final Pattern KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([^-]+)-----END \\1PRIVATE KEY-----");

    private Pem() {}

    static KeyStore trustStore(Path caFile) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Certificate c : certificates(caFile)) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        if (i == 0) {
            throw new GeneralSecurityException("no certificate in " + caFile);
        }
        return ks;
    }

    static KeyStore keyStore(Path certFile, Path keyFile, char[] password) throws IOException, GeneralSecurityException {
        List<Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException("no certificate in " + certFile);
        }
        String pem = Files.readString(keyFile);
        Matcher m = KEY.matcher(pem);
        if (!m.find()) {
            throw new GeneralSecurityException("no private key in " + keyFile);
        }
        if (!m.group(1).isEmpty() && !m.group(1).equals(" ")) {
            throw new GeneralSecurityException(keyFile + " holds a " + m.group(1).trim()
                    + " key; convert it to PKCS#8 (openssl pkcs8 -topk8 -nocrypt -in key.pem)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2).trim());
        PrivateKey key = null;
        for (String alg : List.of("RSA", "EC", "Ed25519")) {
            try {
                key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException ignored) {
                // try the next algorithm
            }
        }
        if (key == null) {
            throw new GeneralSecurityException("unsupported private key in " + keyFile);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static List<Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        byte[] bytes = Files.readAllBytes(file);
        return new ArrayList<>(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)));
    }
}
