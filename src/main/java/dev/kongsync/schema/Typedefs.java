package dev.kongsync.schema;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The checks Kong's typedefs make in code ({@code custom_validator} in {@code kong/db/schema/typedefs.lua} and
 * {@code kong/tools/ip.lua}, Kong 3.9.1), which {@code GET /schemas} does not show. A field says which typedef it
 * is by its description, which each typedef sets and the schemas keep, so the same check applies wherever the
 * typedef is used (a service's host, a plugin's Redis host). Each check returns Kong's message, or null.
 */
public final class Typedefs {
    private Typedefs() {}

    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9._~-]+$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?::(\\d+))?$");
    private static final Pattern HOSTNAME = Pattern.compile("^[0-9A-Za-z._-]+$");
    private static final Pattern PATH = Pattern.compile("^/[A-Za-z0-9._~/%:@!$&'()*+,;=-]*$");
    // compiled once: these run for every host and path of a file (a Pattern.compile per call was 12 MB of the
    // allocations of a 12,000-entity diff)
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("^[0-9.]+$");
    private static final Pattern TRAILING_PORT = Pattern.compile(":(\\d+)$");
    private static final Pattern PORT_REST = Pattern.compile("^:\\d*$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:.]+$");
    private static final Pattern PERCENT_ESCAPE = Pattern.compile("%[0-9A-Fa-f]{2}");
    private static final Pattern PERCENT_HEX = Pattern.compile("%([0-9A-Fa-f]{2})");

    /** Checks by typedef description (string fields). */
    private static final Map<String, UnaryOperator<String>> STRINGS = Map.of(
            "A string representing a host name, such as example.com.", Typedefs::host,
            "When using the `redis` policy, this property specifies the address to the Redis server.", Typedefs::host,
            "A string representing a host name with an optional port number, such as example.com or example.com:8080.",
            Typedefs::hostWithOptionalPort,
            "A string representing a wildcard host name, such as *.example.com.", Typedefs::wildcardHost,
            "A string representing an SNI (server name indication) value for TLS.", Typedefs::sni,
            "A unique string representing a name.", Typedefs::name,
            "A unique string representing a UTF-8 encoded name.", Typedefs::utf8Name,
            "A string representing a tag.", Typedefs::tag,
            "A string representing a URL path, such as /path/to/resource. Must start with a forward slash (/) and "
                    + "must not contain empty segments (i.e., two consecutive forward slashes).", Typedefs::path,
            "A string representing a router path. It must start with a forward slash ('/') for a fixed path, or the "
                    + "sequence '~/' for a regex path. It must not have empty segments.", Typedefs::routerPath);

    /** Checks of the elements of array fields, by the array's typedef description. */
    private static final Map<String, UnaryOperator<String>> ELEMENTS = Map.of(
            "An array of strings representing hosts. A valid host is a string containing one or more labels separated "
                    + "by periods, with at most one wildcard label ('*')", Typedefs::hostWithWildcards);

    /** The upstream name ({@code kong/db/schema/entities/upstreams.lua}): a hostname, no IP, no port. */
    private static final String UPSTREAM_NAME = "This is a hostname, which must be equal to the host of a Service.";

    /** Kong's message if {@code value} of a field with this description fails its typedef's check, else null. */
    public static String check(Field f, String value) {
        Object d = f.attr("description");
        if (!(d instanceof String description)) {
            return null;
        }
        if (description.equals(UPSTREAM_NAME)) {
            return upstreamName(value);
        }
        UnaryOperator<String> c = STRINGS.get(description);
        return c == null ? null : c.apply(value);
    }

    /** The check of each element of an array field with this description, or null. */
    public static UnaryOperator<String> elements(Field array) {
        Object d = array.attr("description");
        return d instanceof String s ? ELEMENTS.get(s) : null;
    }

    // ---- kong/tools/ip.lua ----------------------------------------------------------------------------------

    /** {@code normalize_ip}: the kind of address and its port, or the error. */
    private record Address(String type, Integer port, String error) {}

    private static Address normalizeIp(String address) {
        long colons = address.chars().filter(c -> c == ':').count();
        if (colons > 1) {
            return ipv6(address);
        }
        if (DIGITS_AND_DOTS.matcher(address.replace(":", "")).matches()) {
            Matcher m = IPV4.matcher(address);
            if (!m.matches()) {
                return new Address(null, null, "invalid ipv4 address: " + address);
            }
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(m.group(i)) > 255) {
                    return new Address(null, null, "invalid ipv4 address: " + address);
                }
            }
            return port(new Address("ipv4", null, null), m.group(5));
        }
        String name = address;
        String port = null;
        Matcher p = TRAILING_PORT.matcher(address);
        if (p.find()) {
            port = p.group(1);
            name = address.substring(0, p.start());
        }
        if (!HOSTNAME.matcher(name).matches()) {
            return new Address(null, null, "invalid hostname: " + address);
        }
        String[] segments = name.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            if (seg.endsWith("-") || seg.isEmpty() && i != segments.length - 1) {
                return new Address(null, null, "invalid hostname: " + address);
            }
        }
        return port(new Address("name", null, null), port);
    }

    private static Address port(Address a, String port) {
        if (port == null) {
            return a;
        }
        try {
            int n = Integer.parseInt(port);
            return n > 65535 ? new Address(null, null, "invalid port number") : new Address(a.type(), n, null);
        } catch (NumberFormatException e) {
            return new Address(null, null, "invalid port number");
        }
    }

    private static Address ipv6(String address) {
        String check = address;
        String port = null;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            if (close < 0) {
                return new Address(null, null, "invalid ipv6 address: " + address);
            }
            check = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!PORT_REST.matcher(rest).matches()) {
                    return new Address(null, null, "invalid ipv6 address");
                }
                port = rest.substring(1);
            }
        }
        try {
            if (!IPV6_CHARS.matcher(check).matches()) {
                throw new IllegalArgumentException();
            }
            java.net.InetAddress.getByName(check);
        } catch (Exception e) {
            return new Address(null, null, "invalid ipv6 address: " + address);
        }
        return port(new Address("ipv6", null, null), port == null || port.isEmpty() ? null : port);
    }

    // ---- kong/db/schema/typedefs.lua ------------------------------------------------------------------------

    static String host(String host) {
        Address a = normalizeIp(host);
        if (a.error() != null && !a.error().equals("invalid port number")) {
            return "invalid value: " + host;
        }
        if (a.error() != null || a.port() != null) {
            return "must not have a port";
        }
        return null;
    }

    static String hostWithOptionalPort(String host) {
        Address a = normalizeIp(host);
        return a.error();
    }

    static String hostWithWildcards(String host) {
        return hostWithOptionalPort(host.replace("*", "abc"));
    }

    static String sni(String host) {
        Address a = normalizeIp(host);
        if (a.error() != null && !a.error().equals("invalid port number")) {
            return "invalid value: " + host;
        }
        if (a.type() != null && !a.type().equals("name")) {
            return "must not be an IP";
        }
        if (a.error() != null || a.port() != null) {
            return "must not have a port";
        }
        return null;
    }

    static String wildcardHost(String host) {
        int idx = host.indexOf('*');
        String h = host;
        if (idx >= 0) {
            if (idx != 0 && idx != host.length() - 1) {
                return "wildcard must be leftmost or rightmost character";
            }
            if (host.chars().filter(c -> c == '*').count() > 1) {
                return "only one wildcard must be specified";
            }
            h = host.replace("*", "wildcard");
        }
        Address a = normalizeIp(h);
        if (a.error() != null && !a.error().equals("invalid port number")) {
            return "invalid value: " + h;
        }
        if (a.type() != null && !a.type().equals("name")) {
            return "must not be an IP";
        }
        if (a.error() != null || a.port() != null) {
            return "must not have a port";
        }
        return null;
    }

    static String name(String name) {
        return NAME.matcher(name).matches() ? null
                : "invalid value '" + name + "': it must only contain alphanumeric and '., -, _, ~' characters";
    }

    static String utf8Name(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x80 && !(Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_' || c == '~')) {
                return "invalid value '" + name + "': the only accepted ascii characters are alphanumerics or ., -, _, "
                        + "and ~";
            }
        }
        return null;
    }

    static String tag(String tag) {
        for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (!(c == ' ' || c >= 33 && c <= 126 && c != ',' && c != '/' || c >= 128 && c <= 244)) {
                return "invalid tag '" + tag + "': expected printable ascii (except `,` and `/`) or valid utf-8 "
                        + "sequences";
            }
        }
        return null;
    }

    static String path(String path) {
        if (!PATH.matcher(path).matches()) {
            return "invalid path: '" + path + "' (characters outside of the reserved list of RFC 3986 found)";
        }
        String raw = PERCENT_ESCAPE.matcher(path).replaceAll("___");
        int pct = raw.indexOf('%');
        if (pct >= 0) {
            return "invalid url-encoded value: '" + raw.substring(pct, Math.min(raw.length(), pct + 3)) + "'";
        }
        return null;
    }

    /**
     * A router path ({@code validate_path_with_regexes}): a plain path in normalized form, or after {@code ~} a
     * regex. Kong compiles regexes with PCRE2; kongsync compiles them with Java's engine, which refuses what PCRE2
     * refuses in nearly every case (what it accepts is checked again online, by Kong itself).
     */
    static String routerPath(String path) {
        String raw = PERCENT_ESCAPE.matcher(path).replaceAll("___");
        int pct = raw.indexOf('%');
        if (pct >= 0) {
            return "invalid url-encoded value: '" + raw.substring(pct, Math.min(raw.length(), pct + 3)) + "'";
        }
        if (!path.startsWith("~")) {
            String normalized = normalize(path);
            return path.equals(normalized) ? null : "non-normalized path, consider use '" + normalized + "' instead";
        }
        String regex = path.substring(1);
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "invalid regex: '" + regex + "' (" + e.getDescription() + " at index " + e.getIndex() + ")";
        }
    }

    /** {@code kong/tools/uri.lua normalize(uri, true)}: unreserved percent-escapes decoded, dot segments removed. */
    static String normalize(String uri) {
        if (uri.isEmpty() || uri.equals("/")) {
            return uri;
        }
        StringBuilder decoded = new StringBuilder();
        Matcher m = PERCENT_HEX.matcher(uri);
        int last = 0;
        while (m.find()) {
            int c = Integer.parseInt(m.group(1), 16);
            boolean unreserved = Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '.' || c == '_' || c == '~';
            decoded.append(uri, last, m.start()).append(unreserved ? String.valueOf((char) c) : m.group().toUpperCase());
            last = m.end();
        }
        String u = decoded.append(uri.substring(last)).toString();
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        while (!u.isEmpty()) {
            if (u.equals("/.")) {
                u = "/";
            } else if (u.equals("/..")) {
                u = "/";
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (u.equals(".") || u.equals("..")) {
                u = "";
            } else if (u.startsWith("../")) {
                u = u.substring(3);
            } else if (u.startsWith("./")) {
                u = u.substring(2);
            } else if (u.startsWith("/./")) {
                u = u.substring(2);
            } else if (u.startsWith("/../")) {
                u = u.substring(3);
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (u.startsWith("//")) {
                u = u.substring(1);
            } else {
                int i = u.indexOf('/', 1);
                out.add(i < 0 ? u : u.substring(0, i));
                u = i < 0 ? "" : u.substring(i);
            }
        }
        return String.join("", out);
    }

    static String upstreamName(String name) {
        String shown = name.chars().allMatch(c -> c < 0x80) ? "Invalid name ('" + name + "')" : "Invalid name";
        Address a = normalizeIp(name);
        if (a.error() != null) {
            return shown + "; must be a valid hostname";
        }
        if (!a.type().equals("name")) {
            return shown + "; no ip addresses allowed";
        }
        if (a.port() != null) {
            return shown + "; no port allowed";
        }
        return null;
    }
}
