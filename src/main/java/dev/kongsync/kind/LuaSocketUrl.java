package dev.kongsync.kind;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A URL as LuaSocket's {@code socket.url.parse} splits it, which Kong uses where {@code java.net.URI} would be
 * stricter (spaces, unescaped characters) or laxer: fragment first, then scheme, then {@code //authority}; the
 * host is what is left of the authority without user info and port.
 */
final class LuaSocketUrl {
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9+\\-.]*):");
    private static final Pattern AUTHORITY = Pattern.compile("^//([^/]*)");
    private static final Pattern PORT = Pattern.compile(":([^:\\]]*)$");

    private LuaSocketUrl() {}

    /** Kong's message for a redirect URI it refuses, or null when it accepts it. */
    static String redirectUriProblem(String uri) {
        String rest = uri;
        boolean fragment = false;
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = true;
            rest = rest.substring(0, hash);
        }
        Matcher scheme = SCHEME.matcher(rest);
        boolean hasScheme = scheme.find();
        if (hasScheme) {
            rest = rest.substring(scheme.end());
        }
        String host = null;
        Matcher authority = AUTHORITY.matcher(rest);
        if (authority.find()) {
            String a = authority.group(1).replaceFirst("^[^@]*@", "");
            Matcher port = PORT.matcher(a);
            if (port.find()) {
                a = a.substring(0, port.start());
            }
            host = a.isEmpty() ? null : a;
        }
        if (!hasScheme || host == null) {
            return "cannot parse '" + uri + "'";
        }
        return fragment ? "fragment not allowed in '" + uri + "'" : null;
    }
}
