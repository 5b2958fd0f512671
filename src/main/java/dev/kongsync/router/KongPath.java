package dev.kongsync.router;

/**
 * Kong's request-path normalization, {@code normalize(uri, true)} of kong/tools/uri.lua (3.9.1), which both routers
 * apply to the request URI before matching (kong/router/utils.lua {@code strip_uri_args}) and which the routes schema
 * requires of plain paths (typedefs.lua {@code validate_path_with_regexes}). Characters are treated as bytes: a decoded
 * non-ASCII byte becomes the char of the same value.
 */
final class KongPath {
    private static final String RESERVED = "!*'();:@&=+$,/?%#[]";

    private KongPath() {
    }

    /** The path without its query string, normalized as Kong does before routing. */
    static String ofRequestUri(String uri) {
        int q = uri.indexOf('?', 1);
        return normalize(q < 0 ? uri : uri.substring(0, q));
    }

    static String normalize(String uri) {
        if (uri.isEmpty() || uri.equals("/")) {
            return uri;
        }
        String s = uri.indexOf('%') >= 0 ? decodeUnreserved(uri) : uri;
        if (s.indexOf('.') < 0 && !s.contains("//")) {
            return s;
        }
        java.util.ArrayList<String> segments = new java.util.ArrayList<>();
        String rest = s;
        while (!rest.isEmpty()) {
            if (rest.equals("/.")) {
                rest = "/";
            } else if (rest.equals("/..")) {
                rest = "/";
                dropLast(segments);
            } else if (rest.equals(".") || rest.equals("..")) {
                rest = "";
            } else if (rest.startsWith("../")) {
                rest = rest.substring(3);
            } else if (rest.startsWith("./")) {
                rest = rest.substring(2);
            } else if (rest.startsWith("/./")) {
                rest = rest.substring(2);
            } else if (rest.startsWith("/../")) {
                rest = rest.substring(3);
                dropLast(segments);
            } else if (rest.startsWith("//")) {
                rest = rest.substring(1);
            } else {
                int i = rest.indexOf('/', 1);
                if (i > 0) {
                    segments.add(rest.substring(0, i));
                    rest = rest.substring(i);
                } else {
                    segments.add(rest);
                    rest = "";
                }
            }
        }
        return String.join("", segments);
    }

    private static void dropLast(java.util.List<String> segments) {
        if (!segments.isEmpty()) {
            segments.remove(segments.size() - 1);
        }
    }

    private static String decodeUnreserved(String uri) {
        StringBuilder sb = new StringBuilder(uri.length());
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '%' && i + 2 < uri.length() && isHex(uri.charAt(i + 1)) && isHex(uri.charAt(i + 2))) {
                int value = Integer.parseInt(uri.substring(i + 1, i + 3), 16);
                if (RESERVED.indexOf(value) >= 0) {
                    sb.append('%').append(Character.toUpperCase(uri.charAt(i + 1)))
                            .append(Character.toUpperCase(uri.charAt(i + 2)));
                } else {
                    sb.append((char) value);
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
