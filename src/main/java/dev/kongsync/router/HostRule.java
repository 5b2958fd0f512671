package dev.kongsync.router;

import java.util.regex.Pattern;

/**
 * One entry of a route's {@code hosts}: {@code name}, {@code *.suffix} or {@code prefix.*}, with an optional
 * {@code :port}.
 * <ul>
 * <li>traditional (traditional.lua {@code marshall_route} and the HOST matcher): a plain host matches when it equals
 * the request's Host header or the Host header without its port; a wildcard becomes the regex
 * {@code host:gsub("%.", "\\."):gsub("%*", ".+") .. "$"} (with {@code (?::\d+)?} before the {@code $} when the
 * wildcard has no port), matched anchored on {@code host:port}, the port defaulting to 80, or 443 for https;</li>
 * <li>traditional_compatible (transform.lua {@code get_expression}): {@code http.host == name}, {@code =^ ".suffix"}
 * or {@code ^= "prefix."}, and {@code net.dst.port == port} when a port is given, that port being the Host header's
 * or else the port the client connected to (fields.lua {@code net.dst.port}).</li>
 * </ul>
 */
final class HostRule {
    enum Kind { EXACT, SUFFIX, PREFIX }

    private final String raw;
    private final String name;
    private final Integer port;
    private final Kind kind;
    private final Pattern traditionalWildcard;

    HostRule(String raw) {
        this.raw = raw;
        int colon = raw.indexOf(':');
        Integer p = null;
        if (colon > 0 && colon < raw.length() - 1 && raw.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            p = Integer.valueOf(raw.substring(colon + 1));
        }
        this.port = p;
        this.name = p == null ? raw : raw.substring(0, colon);
        if (name.startsWith("*")) {
            kind = Kind.SUFFIX;
        } else if (name.endsWith("*")) {
            kind = Kind.PREFIX;
        } else {
            kind = Kind.EXACT;
        }
        if (kind == Kind.EXACT) {
            traditionalWildcard = null;
        } else {
            StringBuilder sb = new StringBuilder();
            for (char c : raw.toCharArray()) {
                if (c == '.') {
                    sb.append("\\.");
                } else if (c == '*') {
                    sb.append(".+");
                } else {
                    sb.append(Pattern.quote(String.valueOf(c)));
                }
            }
            sb.append(p == null ? "(?::\\d+)?$" : "$");
            traditionalWildcard = Pattern.compile(sb.toString());
        }
    }

    String raw() {
        return raw;
    }

    /** The host without its port, wildcard included. */
    String name() {
        return name;
    }

    Integer port() {
        return port;
    }

    Kind kind() {
        return kind;
    }

    boolean isWildcard() {
        return kind != Kind.EXACT;
    }

    /** The fixed part of a wildcard: {@code .suffix} or {@code prefix.}; the name itself when exact. */
    String fixedPart() {
        return switch (kind) {
            case EXACT -> name;
            case SUFFIX -> name.substring(1);
            case PREFIX -> name.substring(0, name.length() - 1);
        };
    }

    /** Whether a host name (no port) fits the name part, as the ATC operators compare it. */
    boolean nameMatches(String host) {
        return switch (kind) {
            case EXACT -> host.equals(name);
            case SUFFIX -> host.endsWith(fixedPart());
            case PREFIX -> host.startsWith(fixedPart());
        };
    }

    boolean matches(Request r, Flavor flavor) {
        if (r.host() == null) {
            return false;
        }
        if (flavor == Flavor.TRADITIONAL) {
            if (kind == Kind.EXACT) {
                return raw.equals(r.hostHeader()) || raw.equals(r.host());
            }
            return traditionalWildcard.matcher(r.host() + ":" + r.effectivePort(flavor)).lookingAt();
        }
        return nameMatches(r.host()) && (port == null || port == r.effectivePort(flavor));
    }

    @Override
    public String toString() {
        return raw;
    }
}
