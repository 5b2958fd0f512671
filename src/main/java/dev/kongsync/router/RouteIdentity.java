package dev.kongsync.router;

import java.util.Objects;

/**
 * Who a route is, as the caller wants it named in findings; the model never interprets it.
 *
 * @param label    a short name such as {@code route login-route}
 * @param owner    who owns it (tags, a team), or empty
 * @param location where it is declared (a file and line, a path in kong.yml), or empty
 */
public record RouteIdentity(String label, String owner, String location) {
    public RouteIdentity {
        Objects.requireNonNull(label, "label");
        owner = owner == null ? "" : owner;
        location = location == null ? "" : location;
    }

    public static RouteIdentity of(String label) {
        return new RouteIdentity(label, "", "");
    }

    @Override
    public String toString() {
        return label;
    }
}
