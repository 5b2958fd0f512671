package dev.kongsync.router;

import java.util.Locale;

/**
 * UUIDs in Kong's router: the namespace of the ids of split routes (name-based, {@link dev.kongsync.crypto.Uuid5}, as
 * lua-resty-jit-uuid's {@code factory_v5} makes them), and what the ATC router reads as a UUID.
 */
final class Uuids {
    /**
     * The namespace kong/router/transform.lua (3.9.1) uses for the ids of the routes it splits by path group:
     * {@code uuid.factory_v5('7f145bf9-0dce-4f91-98eb-debbce4b9f6b')}, named {@code original_route_id .. "#" .. index}.
     */
    static final String SPLIT_NAMESPACE = "7f145bf9-0dce-4f91-98eb-debbce4b9f6b";

    private Uuids() {
    }

    /** Whether {@code id} is a UUID as the ATC router parses it (its ordering is then the byte order). */
    static boolean isUuid(String id) {
        return id != null && id.toLowerCase(Locale.ROOT).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }
}
