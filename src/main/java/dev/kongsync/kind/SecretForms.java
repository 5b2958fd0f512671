package dev.kongsync.kind;

import dev.kongsync.crypto.StoredSecrets;

/** How Kong stores the secrets it hashes, and how kongsync tells whether a file's value is the stored one. */
final class SecretForms {
    private SecretForms() {}

    /**
     * basic-auth passwords: Kong stores {@code sha1(password .. consumer_id)} as lowercase hex. A file holds the plain
     * password, or the stored hash itself (from a dump).
     */
    static final EntityKind.SecretForm BASIC_AUTH_PASSWORD = (file, stored, storedEntity, refIds) -> {
        if (!(file instanceof String plain) || !(stored instanceof String hash)) {
            return file == null ? stored == null : file.equals(stored);
        }
        String consumer = refIds.get("consumer");
        return plain.equals(hash) || consumer != null && StoredSecrets.basicAuthHash(plain, consumer).equals(hash);
    };

    /**
     * oauth2 client secrets: with {@code hash_secret: true} Kong stores a PHC string (PBKDF2-SHA512 in Kong 3.9),
     * which is checked by deriving it again; another hash cannot be checked here.
     */
    static final EntityKind.SecretForm OAUTH2_CLIENT_SECRET = (file, stored, storedEntity, refIds) -> {
        if (!(file instanceof String plain) || !(stored instanceof String s) || plain.equals(s)) {
            return file == null ? stored == null : file.equals(stored);
        }
        if (!Boolean.TRUE.equals(storedEntity.get("hash_secret"))) {
            return false;
        }
        return StoredSecrets.pbkdf2Matches(plain, s);
    };
}
