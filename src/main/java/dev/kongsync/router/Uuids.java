package dev.kongsync.router;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Name-based (v5) UUIDs as lua-resty-jit-uuid's {@code factory_v5} makes them (RFC 4122: SHA-1 of namespace bytes and name). */
final class Uuids {
    /**
     * The namespace kong/router/transform.lua (3.9.1) uses for the ids of the routes it splits by path group:
     * {@code uuid.factory_v5('7f145bf9-0dce-4f91-98eb-debbce4b9f6b')}, named {@code original_route_id .. "#" .. index}.
     */
    static final String SPLIT_NAMESPACE = "7f145bf9-0dce-4f91-98eb-debbce4b9f6b";

    private Uuids() {
    }

    static String v5(String namespace, String name) {
        byte[] ns = HexFormat.of().parseHex(namespace.replace("-", ""));
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
        sha1.update(ns);
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        String hex = HexFormat.of().formatHex(hash, 0, 16);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    /** Whether {@code id} is a UUID as the ATC router parses it (its ordering is then the byte order). */
    static boolean isUuid(String id) {
        return id != null && id.toLowerCase(Locale.ROOT).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
