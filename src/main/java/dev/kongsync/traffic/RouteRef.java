package dev.kongsync.traffic;

import java.util.List;

/**
 * One route in a route check: a route of the files (with where it is written), or a route Kong holds (with its
 * service and the owner tags that say whose it is).
 *
 * @param side      where the route comes from
 * @param name      the route's name, or null
 * @param id        the route's id when known, else null
 * @param ownerTags the route's tags and its service's, without kongsync's own {@code kongsync:} tags; for a route
 *                  of the files, the tags it will carry (select tags included)
 * @param service   the name (else id) of the route's service, or null
 * @param file      for a route of the files, the file, else null
 * @param line      its line, else null
 * @param column    its column, else null
 * @param field     its path in the file ({@code services[0].routes[1]}), else null
 */
public record RouteRef(Side side, String name, String id, List<String> ownerTags, String service, String file,
                       Integer line, Integer column, String field) {

    /** Where a route comes from. */
    public enum Side {
        /** Declared by the files being checked. */
        FILES("files"),
        /** In Kong, in the files' select-tag scope: what the files replace. */
        SCOPE("scope"),
        /** In Kong, outside the select-tag scope: another owner's (or nobody's) route. */
        OTHERS("others");

        private final String word;

        Side(String word) {
            this.word = word;
        }

        /** "files", "scope" or "others", as the JSON report says it. */
        public String word() {
            return word;
        }
    }

    public RouteRef {
        ownerTags = List.copyOf(ownerTags);
    }

    /** "route auth-route", "route 3f1c..." for a route without a name. */
    public String label() {
        return "route " + (name != null ? name : id != null ? id : "at " + source());
    }

    /** "kong/kong.yml:17:9" for a route of the files, else null. */
    public String source() {
        return file == null ? null : file + ":" + line + ":" + column;
    }

    /** The owner tags as one reads them: "[payments]", or "none (unmanaged)". */
    public String owner() {
        return ownerTags.isEmpty() ? "none (unmanaged)" : ownerTags.toString();
    }

    /**
     * The route with where it is: "route a (kong/pr.yml:12:9)", or for Kong's "route payments (in Kong: service
     * payments-service, owner tags [payments])".
     */
    public String describe() {
        if (side == Side.FILES) {
            return label() + " (" + source() + ")";
        }
        return label() + " (in Kong" + (service == null ? "" : ": service " + service) + ", owner tags " + owner() + ")";
    }
}
