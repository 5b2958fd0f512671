package dev.kongsync.admin;

import java.util.Map;

/**
 * What {@code GET /} tells about a Kong node.
 *
 * @param routerFlavor {@code configuration.router_flavor} ({@code traditional_compatible}, {@code traditional},
 *                     {@code expressions}), or null when Kong does not say
 */
public record KongInfo(String version, String edition, String database, String routerFlavor) {

    public KongInfo(String version, String edition, String database) {
        this(version, edition, database, null);
    }

    @SuppressWarnings("unchecked")
    static KongInfo from(Map<String, Object> root) {
        Map<String, Object> conf = root.get("configuration") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new KongInfo(str(root.get("version")), str(root.get("edition")), str(conf.get("database")),
                str(conf.get("router_flavor")));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    public boolean dbLess() {
        return "off".equals(database);
    }
}
