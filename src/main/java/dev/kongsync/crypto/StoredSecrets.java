package dev.kongsync.crypto;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms in which Kong stores secrets it never returns in plain: whether a value from a file is the secret a
 * stored value was made from.
 */
public final class StoredSecrets {
    /** {@code $pbkdf2-sha512$i=10000,l=32$<salt>$<hash>}, base64 without padding (kong/plugins/oauth2/secret.lua). */
    private static final Pattern PBKDF2 = Pattern.compile(
            "^\\$pbkdf2-(sha1|sha256|sha384|sha512)\\$i=(\\d+),l=(\\d+)\\$([A-Za-z0-9+/]+=*)\\$([A-Za-z0-9+/]+=*)$");

    private StoredSecrets() {}

    /**
     * How Kong 3.9 stores a basic-auth password: the lowercase hex SHA-1 of the password followed by the consumer's
     * id ({@code kong/plugins/basic-auth/crypto.lua}).
     */
    public static String basicAuthHash(String password, String consumerId) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest((password + consumerId).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code value} is a PHC string kongsync can check ({@code $pbkdf2-...}). */
    public static boolean isCheckablePbkdf2(String value) {
        return value != null && PBKDF2.matcher(value).matches();
    }

    /**
     * Whether {@code secret} is what the PBKDF2 PHC string {@code stored} was derived from, as Kong's oauth2 plugin
     * derives it; null when {@code stored} is not such a string (argon2, bcrypt: cannot be checked here).
     */
    public static Boolean pbkdf2Matches(String secret, String stored) {
        Matcher m = stored == null ? null : PBKDF2.matcher(stored);
        if (m == null || !m.matches()) {
            return null;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(pad(m.group(4)));
            byte[] expected = Base64.getDecoder().decode(pad(m.group(5)));
            int iterations = Integer.parseInt(m.group(2));
            int length = Integer.parseInt(m.group(3));
            String alg = "PBKDF2WithHmac" + m.group(1).toUpperCase();
            SecretKeyFactory f = SecretKeyFactory.getInstance(alg);
            byte[] derived = f.generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, length * 8))
                    .getEncoded();
            return MessageDigest.isEqual(derived, expected);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String pad(String b64) {
        return b64 + "=".repeat((4 - b64.length() % 4) % 4);
    }
}
