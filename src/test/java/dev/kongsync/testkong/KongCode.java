package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.kongsync.testkong.KongSchema.NODES;

/**
 * What Kong 3.9.1 keeps in Lua code rather than in the schema answers ({@code GET /schemas/...} drops functions):
 * the typedef validators of {@code kong/db/schema/typedefs.lua} (recognized by the description Kong copies into the
 * answer), the custom validators and custom entity checks of the entities, shorthand fields, transformations. Each
 * rule names the Kong file it is written from.
 */
final class KongCode {
    private KongCode() {}

    // ---- kong/tools/ip.lua ---------------------------------------------------------------------------------

    /** {@code normalize_ip}: type ("ipv4", "ipv6", "name"), host, port (or null); or the error. */
    record Ip(String type, String host, Long port, String error) {}

    private static final Pattern IPV4_PORT = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3}):(\\d+)$");
    private static final Pattern IPV4 = Pattern.compile("^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$");
    private static final Pattern IPV6_GROUPS = Pattern.compile(
            "^([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4}):"
                    + "([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})$");

    static Ip normalizeIp(String address) {
        String remainder = address.replace(":", "");
        int colons = address.length() - remainder.length();
        if (colons > 1) {
            return normalizeIpv6(address);
        }
        if (LuaPattern.find(remainder, "^[%d%.]+$")) {
            return normalizeIpv4(address);
        }
        return checkHostname(address);
    }

    private static Ip normalizeIpv4(String address) {
        Matcher m = (address.contains(":") ? IPV4_PORT : IPV4).matcher(address);
        if (!m.matches()) {
            return new Ip(null, null, null, "invalid ipv4 address: " + address);
        }
        int[] p = new int[4];
        for (int i = 0; i < 4; i++) {
            p[i] = Integer.parseInt(m.group(i + 1));
            if (p[i] > 255) {
                return new Ip(null, null, null, "invalid ipv4 address: " + address);
            }
        }
        Long port = null;
        if (m.groupCount() == 5) {
            double d = Double.parseDouble(m.group(5));
            if (d > 65535) {
                return new Ip(null, null, null, "invalid port number");
            }
            port = (long) d;
        }
        return new Ip("ipv4", p[0] + "." + p[1] + "." + p[2] + "." + p[3], port, null);
    }

    static Ip normalizeIpv6(String address) {
        String check = address;
        Long port = null;
        if (address.startsWith("[") && address.indexOf(']') > 0) {
            int close = address.indexOf(']');
            check = address.substring(1, close);
            String rest = address.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.matches(":\\d+")) {
                    return new Ip(null, null, null, "invalid ipv6 address");
                }
                double d = Double.parseDouble(rest.substring(1));
                if (d > 65535) {
                    return new Ip(null, null, null, "invalid port number");
                }
                port = (long) d;
            }
        }
        if (check.startsWith(":")) {
            check = "0" + check;
        }
        if (check.endsWith(":")) {
            check = check + "0";
        }
        if (check.contains("::")) {
            int count = check.length() - check.replace(":", "").length();
            check = check.replaceFirst("::", Matcher.quoteReplacement(":" + "0:".repeat(Math.max(0, 8 - count))));
        }
        Matcher m = IPV6_GROUPS.matcher(check);
        if (!m.matches()) {
            return new Ip(null, null, null, "invalid ipv6 address: " + address);
        }
        List<String> groups = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            groups.add(("0000" + m.group(i)).substring(m.group(i).length()).toLowerCase());
        }
        return new Ip("ipv6", String.join(":", groups), port, null);
    }

    private static Ip checkHostname(String address) {
        String name = address;
        Long port = null;
        Matcher pm = Pattern.compile(":(\\d+)$").matcher(address);
        if (pm.find()) {
            name = address.substring(0, pm.start());
            double d = Double.parseDouble(pm.group(1));
            if (d > 65535) {
                return new Ip(null, null, null, "invalid port number");
            }
            port = (long) d;
        }
        if (!LuaPattern.find(name, "^[%d%a%-%.%_]+$")) {
            return new Ip(null, null, null, "invalid hostname: " + address);
        }
        String[] segments = name.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].endsWith("-") || (segments[i].isEmpty() && i != segments.length - 1)) {
                return new Ip(null, null, null, "invalid hostname: " + address);
            }
        }
        return new Ip("name", name, port, null);
    }

    /** {@code format_host(p, port)}: IPv6 in brackets, ":port" when there is one. */
    static String formatHost(Ip p, long defaultPort) {
        long port = p.port != null ? p.port : defaultPort;
        if (p.type.equals("ipv6")) {
            return "[" + normalizeIpv6(p.host).host + "]:" + port;
        }
        return p.host + ":" + port;
    }

    /** {@code resty.ipmatcher}'s {@code parse_ipv4} (inet_pton): four decimal octets, no leading zeros. */
    private static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (!p.matches("0|[1-9]\\d{0,2}") || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** {@code parse_ipv6} (inet_pton): eight groups, one "::" standing for at least one, an IPv4 tail allowed. */
    private static boolean isIpv6(String s) {
        int lastColon = s.lastIndexOf(':');
        if (lastColon < 0) {
            return false;
        }
        String body = s;
        String tail = s.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!isIpv4(tail)) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0:0";
        }
        int dc = body.indexOf("::");
        if (dc >= 0) {
            if (body.indexOf("::", dc + 1) >= 0) {
                return false;
            }
            int left = groups(body.substring(0, dc));
            int right = groups(body.substring(dc + 2));
            return left >= 0 && right >= 0 && left + right <= 7;
        }
        return groups(body) == 8;
    }

    private static int groups(String part) {
        if (part.isEmpty()) {
            return 0;
        }
        String[] g = part.split(":", -1);
        for (String x : g) {
            if (!x.matches("[0-9A-Fa-f]{1,4}")) {
                return -1;
            }
        }
        return g.length;
    }

    static boolean isIp(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    private static boolean isCidr(String s, int max, boolean v6) {
        int p = s.indexOf('/', 2);
        if (p < 0) {
            return false;
        }
        String prefix = s.substring(p + 1);
        if (!prefix.matches("0|[1-9]\\d*") || Integer.parseInt(prefix) > max) {
            return false;
        }
        String ip = s.substring(0, p);
        return v6 ? isIpv6(ip) : isIpv4(ip);
    }

    // ---- kong/db/schema/typedefs.lua ---------------------------------------------------------------------

    static String validateHost(String host) {
        Ip r = normalizeIp(host);
        if (r.error != null && !r.error.equals("invalid port number")) {
            return "invalid value: " + host;
        }
        if (r.error != null || r.port != null) {
            return "must not have a port";
        }
        return null;
    }

    static String validateHostWithOptionalPort(String host) {
        return normalizeIp(host).error;
    }

    static String validateSni(String host) {
        Ip r = normalizeIp(host);
        if (r.error != null && !r.error.equals("invalid port number")) {
            return "invalid value: " + host;
        }
        if (r.error == null && !r.type.equals("name")) {
            return "must not be an IP";
        }
        if (r.error != null || r.port != null) {
            return "must not have a port";
        }
        return null;
    }

    static String validateWildcardHost(String host) {
        int idx = host.indexOf('*');
        if (idx >= 0) {
            if (idx != 0 && idx != host.length() - 1) {
                return "wildcard must be leftmost or rightmost character";
            }
            if (host.indexOf('*', idx + 1) >= 0) {
                return "only one wildcard must be specified";
            }
            host = host.replace("*", "wildcard");
        }
        return validateSni(host);
    }

    /** {@code validate_path}: the RFC 3986 characters, then percent-encoding; the second value is the error kind. */
    private static String[] validatePath(String path) {
        if (!LuaPattern.find(path, "^/[%w%.%-%_%~%/%%%:%@%!%$%&%'%(%)%*%+%,%;%=]*$")) {
            return new String[] {"invalid path: '" + path
                    + "' (characters outside of the reserved list of RFC 3986 found)", "rfc3986"};
        }
        String raw = path.replaceAll("%[0-9A-Fa-f]{2}", "___");
        int pct = raw.indexOf('%');
        if (pct >= 0) {
            return new String[] {"invalid url-encoded value: '" + raw.substring(pct, Math.min(raw.length(), pct + 3))
                    + "'", "percent"};
        }
        return null;
    }

    static String validateName(String name) {
        if (!LuaPattern.find(name, "^[%w%.%-%_~]+$")) {
            return "invalid value '" + name + "': it must only contain alphanumeric and '., -, _, ~' characters";
        }
        return null;
    }

    static String validateUtf8Name(String name) {
        if (!LuaPattern.find(name, "^[%w%.%-%_~\u0080-\u00f4]+$")) {
            return "invalid value '" + name
                    + "': the only accepted ascii characters are alphanumerics or ., -, _, and ~";
        }
        return null;
    }

    static String validateTag(String tag) {
        // "^[ \033-\043\045\046\048-\126\128-\244]+$": space, ! to +, -, ., 0 to ~, and bytes 128 to 244
        if (!LuaPattern.find(tag, "^[ !-+%-.0-~\u0080-\u00f4]+$")) {
            return "invalid tag '" + tag + "': expected printable ascii (except `,` and `/`) or valid utf-8 sequences";
        }
        return null;
    }

    /** LuaSocket's {@code url.parse}: the parts Kong reads (scheme, host, port, path, fragment). */
    record Url(String scheme, String host, String port, String path, String fragment) {}

    static Url parseUrl(String url) {
        String fragment = null;
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash + 1);
            url = url.substring(0, hash);
        }
        String scheme = null;
        Matcher sm = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9+\\-.]*):").matcher(url);
        if (sm.find()) {
            scheme = sm.group(1);
            url = url.substring(sm.end());
        }
        String authority = null;
        Matcher am = Pattern.compile("^//([^/?#]*)").matcher(url);
        if (am.find()) {
            authority = am.group(1);
            url = url.substring(am.end());
        }
        int q = url.indexOf('?');
        if (q >= 0) {
            url = url.substring(0, q);
        }
        int semi = url.indexOf(';');
        if (semi >= 0) {
            url = url.substring(0, semi);
        }
        String path = url.isEmpty() ? null : url;
        String host = null;
        String port = null;
        if (authority != null) {
            authority = authority.replaceFirst("^[^@]*@", "");
            Matcher pm = Pattern.compile(":([^:\\]]*)$").matcher(authority);
            if (pm.find()) {
                port = pm.group(1);
                authority = authority.substring(0, pm.start());
            }
            if (!authority.isEmpty()) {
                Matcher v6 = Pattern.compile("^\\[(.+)]$").matcher(authority);
                host = v6.matches() ? v6.group(1) : authority;
            }
        }
        return new Url(scheme, host, port, path, fragment);
    }

    static String validateUrl(String url) {
        Url u = parseUrl(url);
        if (u.host == null) {
            return "missing host in url";
        }
        return u.scheme == null ? "missing scheme in url" : null;
    }

    static String validateHeaderName(String name) {
        return name.matches("[a-zA-Z0-9_-]+") ? null
                : "bad header name '" + name + "', allowed characters are A-Z, a-z, 0-9, '_', and '-'";
    }

    static String validateHttpToken(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 32 || c >= 127 || "()<>@,;:\\\"/?={}[] \t".indexOf(c) >= 0) {
                return "contains one or more invalid characters. ASCII control characters (0-31;127), space, tab "
                        + "and the characters ()<>@,;:\\\"/?={}[] are not allowed.";
            }
        }
        return null;
    }

    static String validateCertificate(String cert) {
        try {
            KongCrypto.certificate(cert);
            return null;
        } catch (KongCrypto.BadInput e) {
            return "invalid certificate: " + e.getMessage();
        }
    }

    static String validateKey(String key) {
        try {
            KongCrypto.key(key, KongCrypto.KeyType.ANY);
            return null;
        } catch (KongCrypto.BadInput e) {
            return "invalid key: " + e.getMessage();
        }
    }

    /** {@code validate_path_with_regexes} (router paths): percent errors, normalization, then PCRE. */
    static String validateRouterPath(String path) {
        String[] p = validatePath(path);
        if (p != null && p[1].equals("percent")) {
            return p[0];
        }
        if (!path.startsWith("~")) {
            String normalized = normalizePath(path);
            return path.equals(normalized) ? null
                    : "non-normalized path, consider use '" + normalized + "' instead";
        }
        String re = path.substring(1);
        String err = Pcre.compileError(re);
        return err == null ? null : "invalid regex: '" + re + "' (PCRE returned: " + err + ")";
    }

    private static final String RESERVED = "!*'();:@&=+$,/?%#[]";

    /** {@code kong.tools.uri.normalize(uri, true)}: percent-decoding of unreserved bytes, dot segments, "//". */
    static String normalizePath(String uri) {
        if (uri.isEmpty() || uri.equals("/")) {
            return uri;
        }
        if (uri.contains("%")) {
            Matcher m = Pattern.compile("%([0-9A-Fa-f]{2})").matcher(uri);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                int num = Integer.parseInt(m.group(1), 16);
                String rep = RESERVED.indexOf(num) >= 0 && num < 128 ? m.group(0).toUpperCase()
                        : new String(new byte[] {(byte) num}, StandardCharsets.ISO_8859_1);
                m.appendReplacement(sb, Matcher.quoteReplacement(rep));
            }
            m.appendTail(sb);
            uri = sb.toString();
        }
        if (!uri.contains(".") && !uri.contains("//")) {
            return uri;
        }
        List<String> out = new ArrayList<>();
        while (!uri.isEmpty()) {
            if (uri.equals("/.")) {
                uri = "/";
            } else if (uri.equals("/..")) {
                uri = "/";
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (uri.equals(".") || uri.equals("..")) {
                uri = "";
            } else if (uri.startsWith("../")) {
                uri = uri.substring(3);
            } else if (uri.startsWith("./")) {
                uri = uri.substring(2);
            } else if (uri.startsWith("/./")) {
                uri = uri.substring(2);
            } else if (uri.startsWith("/../")) {
                uri = uri.substring(3);
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (uri.startsWith("//")) {
                uri = uri.substring(1);
            } else {
                int i = uri.indexOf('/', 1);
                if (i >= 0) {
                    out.add(uri.substring(0, i));
                    uri = uri.substring(i);
                } else {
                    out.add(uri);
                    uri = "";
                }
            }
        }
        return String.join("", out);
    }

    /**
     * {@code validate_pem_keys} (typedefs.pem): each half must load as PEM of its kind, and a pair must match
     * ({@code privkey:to_PEM("public") == pubkey:to_PEM()}).
     */
    static String validatePemKeys(JsonNode pem) {
        String pub = pem.path("public_key").isTextual() ? pem.get("public_key").asText() : null;
        String priv = pem.path("private_key").isTextual() ? pem.get("private_key").asText() : null;
        if ((priv != null && KongSchema.isReference(priv)) || (pub != null && KongSchema.isReference(pub))) {
            return null;
        }
        KongCrypto.Key pubKey = null;
        KongCrypto.Key privKey = null;
        if (pub != null) {
            try {
                pubKey = KongCrypto.key(pub, KongCrypto.KeyType.PUBLIC);
            } catch (KongCrypto.BadInput e) {
                return "could not load public key";
            }
        }
        if (priv != null) {
            try {
                privKey = KongCrypto.key(priv, KongCrypto.KeyType.PRIVATE);
            } catch (KongCrypto.BadInput e) {
                return "could not load private key" + e.getMessage();
            }
        }
        if (pubKey != null && privKey != null && !KongCrypto.sameKey(pubKey.publicKey(), privKey.publicKey())) {
            return "public key does not match private key";
        }
        return null;
    }

    private static KongSchema.Validator strings(Function<String, String> f) {
        return v -> v.isTextual() ? f.apply(v.asText()) : null;
    }

    /** Typedef validators, by the description Kong copies into the schema answer (kong/db/schema/typedefs.lua). */
    private static final Map<String, KongSchema.Validator> BY_DESCRIPTION = Map.ofEntries(
            Map.entry("A string representing a host name, such as example.com.", strings(KongCode::validateHost)),
            Map.entry("When using the `redis` policy, this property specifies the address to the Redis server.",
                    strings(KongCode::validateHost)),
            Map.entry("A string representing a host name with an optional port number, such as example.com or "
                    + "example.com:8080.", strings(KongCode::validateHostWithOptionalPort)),
            Map.entry("A string representing a wildcard host name, such as *.example.com.",
                    strings(KongCode::validateWildcardHost)),
            Map.entry("A string representing an IP address, such as 192.168.1.1.",
                    strings(s -> isIp(s) ? null : "not an ip address: " + s)),
            Map.entry("A string representing an IP address or CIDR block, such as 192.168.1.1 or 192.168.0.0/16.",
                    strings(s -> isIp(s) || isCidr(s, 32, false) || isCidr(s, 128, true) ? null
                            : "invalid ip or cidr range: '" + s + "'")),
            Map.entry("A string representing a CIDR block for IPv4 addresses, such as 192.168.0.0/16.",
                    strings(s -> isIpv4(s) || isCidr(s, 32, false) ? null : "invalid ipv4 cidr range: '" + s + "'")),
            Map.entry("A string representing a URL path, such as /path/to/resource. Must start with a forward slash "
                    + "(/) and must not contain empty segments (i.e., two consecutive forward slashes).",
                    strings(s -> {
                        String[] e = validatePath(s);
                        return e == null ? null : e[0];
                    })),
            Map.entry("A string representing a URL, such as https://example.com/path/to/resource?q=search.",
                    strings(KongCode::validateUrl)),
            Map.entry("A string representing an HTTP token defined by RFC 2616.", strings(KongCode::validateHttpToken)),
            Map.entry("A string representing an HTTP header name.", strings(KongCode::validateHeaderName)),
            Map.entry("A unique string representing a name.", strings(KongCode::validateName)),
            Map.entry("A unique string representing a UTF-8 encoded name.", strings(KongCode::validateUtf8Name)),
            Map.entry("A string representing an SNI (server name indication) value for TLS.",
                    strings(KongCode::validateSni)),
            Map.entry("When using the `redis` policy with `redis_ssl` set to `true`, this property specifies the "
                    + "server name for the TLS extension Server Name Indication (SNI).", strings(KongCode::validateSni)),
            Map.entry("A string representing a certificate.", strings(KongCode::validateCertificate)),
            Map.entry("A string representing a key.", strings(KongCode::validateKey)),
            Map.entry("A string representing a tag.", strings(KongCode::validateTag)),
            Map.entry("A string representing a router path. It must start with a forward slash ('/') for a fixed "
                    + "path, or the sequence '~/' for a regex path. It must not have empty segments.",
                    strings(KongCode::validateRouterPath)),
            Map.entry("A pair of PEM-encoded public and private keys, which can be either a string or a reference "
                    + "to a credential in Kong Vault. If provided as strings, they must be valid PEM-encoded keys.",
                    v -> v.isObject() ? validatePemKeys(v) : null));

    /** The hosts typedef's elements: wildcards replaced by "abc", then host with optional port (typedefs.lua). */
    private static final String HOSTS_DESCRIPTION = "An array of strings representing hosts. A valid host is a string "
            + "containing one or more labels separated by periods, with at most one wildcard label ('*')";

    /** Custom validators of fields whose description is their own (entity and plugin sources). */
    private static final Map<String, KongSchema.Validator> BY_PATH = Map.of(
            // kong/db/schema/entities/upstreams.lua, validate_name
            "upstreams.name", strings(KongCode::validateUpstreamName),
            // kong/db/schema/entities/upstreams.lua: typedefs.cookie_name with its own description
            "upstreams.hash_on_cookie", strings(KongCode::validateHttpToken),
            // kong/db/schema/entities/targets.lua, validate_target
            "targets.target", strings(s -> normalizeIp(s).error == null ? null
                    : "Invalid target ('" + s + "'); not a valid hostname or ip address"),
            // kong/plugins/oauth2/daos.lua, validate_uri
            "oauth2_credentials.redirect_uris.elements", strings(KongCode::validateOauth2Uri),
            // kong/plugins/rate-limiting/schema.lua, validate_periods_order
            "plugins/rate-limiting.config", v -> v.isObject() ? validatePeriodsOrder(v) : null,
            // kong/plugins/tcp-log/schema.lua: typedefs.host with its own description
            "plugins/tcp-log.config.host", strings(KongCode::validateHost));

    static String validateUpstreamName(String name) {
        Ip p = normalizeIp(name);
        String prefix = "Invalid name ('" + name + "')";
        if (p.error != null) {
            return prefix + "; must be a valid hostname";
        }
        if (!p.type.equals("name")) {
            return prefix + "; no ip addresses allowed";
        }
        return p.port != null ? prefix + "; no port allowed" : null;
    }

    static String validateOauth2Uri(String uri) {
        Url u = parseUrl(uri);
        if (u.host == null || u.scheme == null) {
            return "cannot parse '" + uri + "'";
        }
        return u.fragment != null ? "fragment not allowed in '" + uri + "'" : null;
    }

    private static String validatePeriodsOrder(JsonNode config) {
        String[] periods = {"second", "minute", "hour", "day", "month", "year"};
        for (int i = 0; i < periods.length; i++) {
            JsonNode v1 = config.get(periods[i]);
            if (v1 != null && v1.isNumber()) {
                for (int j = i + 1; j < periods.length; j++) {
                    JsonNode v2 = config.get(periods[j]);
                    if (v2 != null && v2.isNumber() && v2.asDouble() < v1.asDouble()) {
                        return String.format(java.util.Locale.ROOT,
                                "The limit for %s(%.1f) cannot be lower than the limit for %s(%.1f)", periods[j],
                                v2.asDouble(), periods[i], v1.asDouble());
                    }
                }
            }
        }
        boolean redis = "redis".equals(config.path("policy").asText(null));
        double syncRate = config.path("sync_rate").asDouble(-1);
        if (!redis && syncRate != -1) {
            return "sync_rate can only be used with the redis policy";
        }
        if (redis && syncRate != -1 && syncRate < 0.02) {
            return "sync_rate must be greater than 0.02, or -1 to disable";
        }
        return null;
    }

    /** The custom validator of a field at {@code path} ("services.host", "plugins/cors.config.origins.elements"). */
    static KongSchema.Validator validator(String path, ObjectNode def, String parentDescription) {
        KongSchema.Validator v = BY_PATH.get(path);
        if (v != null) {
            return v;
        }
        if (path.endsWith(".elements") && HOSTS_DESCRIPTION.equals(parentDescription)) {
            return strings(h -> validateHostWithOptionalPort(h.replace("*", "abc")));
        }
        return BY_DESCRIPTION.get(def.path("description").asText(""));
    }

    /** A field without code or references (the {@code elements} of a conditional's match). */
    static KongSchema.Field plainField(String name, ObjectNode def) {
        KongSchema.Field el = def.has("elements") ? plainField("elements", (ObjectNode) def.get("elements")) : null;
        return new KongSchema.Field(name, def, el, null, null, null, null, null);
    }

    // ---- custom entity checks -----------------------------------------------------------------------------

    /** The {@code fn} of the n-th {@code custom_entity_check} of a schema, or null when Kong's has none here. */
    static KongSchema.EntityCheck customCheck(String schema, int nth) {
        return switch (schema + "#" + nth) {
            // kong/db/schema/entities/certificates.lua
            case "certificates#0" -> e -> certificateMatchesKey(e, "cert", "key", "certificate does not match key");
            case "certificates#1" -> e -> certificateMatchesKey(e, "cert_alt", "key_alt",
                    "alternative certificate does not match key");
            case "certificates#2" -> KongCode::certificateTypesDiffer;
            // kong/db/schema/entities/ca_certificates.lua
            case "ca_certificates#0" -> KongCode::caCertificate;
            // kong/db/schema/entities/keys.lua
            case "keys#0" -> KongCode::keyMaterial;
            default -> null;
        };
    }

    /** The custom validator of a {@code conditional}'s {@code then_match}, by schema and check position. */
    static KongSchema.Validator thenValidator(String schema, int index) {
        if (schema.equals("jwt_secrets") && index == 0) {
            // kong/plugins/jwt/daos.lua, validate_ssl_key
            return strings(k -> {
                try {
                    KongCrypto.key(k, KongCrypto.KeyType.ANY);
                    return null;
                } catch (KongCrypto.BadInput e) {
                    return "invalid key";
                }
            });
        }
        return null;
    }

    private static String certificateMatchesKey(ObjectNode e, String certField, String keyField, String message) {
        if (!e.path(certField).isTextual() || !e.path(keyField).isTextual()) {
            return null;
        }
        try {
            X509Certificate cert = KongCrypto.certificate(e.get(certField).asText());
            KongCrypto.Key key = KongCrypto.key(e.get(keyField).asText(), KongCrypto.KeyType.ANY);
            return KongCrypto.sameKey(cert.getPublicKey(), key.publicKey()) ? null : message;
        } catch (KongCrypto.BadInput ex) {
            return message;
        }
    }

    private static String certificateTypesDiffer(ObjectNode e) {
        if (!e.path("cert").isTextual() || !e.path("cert_alt").isTextual()) {
            return null;
        }
        try {
            String a = KongCrypto.certificate(e.get("cert").asText()).getPublicKey().getAlgorithm();
            String b = KongCrypto.certificate(e.get("cert_alt").asText()).getPublicKey().getAlgorithm();
            return !a.equals(b) ? null : "certificate and alternative certificate need to have different type (e.g. "
                    + "RSA and ECDSA), the provided certificates were both of the same type";
        } catch (KongCrypto.BadInput ex) {
            return null;
        }
    }

    private static final String CERT_TAG = "-----BEGIN CERTIFICATE-----";

    private static String caCertificate(ObjectNode e) {
        String cert = e.path("cert").asText();
        int seen = cert.indexOf(CERT_TAG);
        if (seen >= 0 && cert.indexOf(CERT_TAG, seen + CERT_TAG.length() + 1) >= 0) {
            return "please submit only one certificate at a time";
        }
        try {
            X509Certificate c = KongCrypto.certificate(cert);
            if (c.getNotAfter().getTime() / 1000 < System.currentTimeMillis() / 1000) {
                return "certificate expired, \"Not After\" time is in the past";
            }
            if (c.getBasicConstraints() < 0) {
                return "certificate does not appear to be a CA because it is missing the \"CA\" basic constraint";
            }
            return null;
        } catch (KongCrypto.BadInput ex) {
            return null;
        }
    }

    private static final List<String> JWK_FIELDS = List.of("issuer", "kty", "use", "key_ops", "alg", "kid", "x5u",
            "x5c", "x5t", "x5t#S256", "k", "x", "y", "crv", "n", "e", "d", "p", "q", "dp", "dq", "qi", "oth", "r", "t");

    private static String keyMaterial(ObjectNode e) {
        JsonNode jwk = e.get("jwk");
        if (jwk != null && jwk.isTextual()) {
            if (KongSchema.isReference(jwk.asText())) {
                return null;
            }
            JsonNode json;
            try {
                json = KongSchema.JSON.readTree(jwk.asText());
            } catch (java.io.IOException ex) {
                return "could not json decode jwk string";
            }
            if (json == null || !json.isObject()) {
                return "could not json decode jwk string";
            }
            if (!json.path("kid").equals(e.path("kid"))) {
                return "kid in jwk.kid must be equal to keys.kid";
            }
            if (!KongCrypto.jwkLoads(json)) {
                return "could not load JWK, likely not a valid key";
            }
            // then typedefs.jwk's schema: string fields, key_ops and x5c arrays, nothing else
            List<String> errs = new ArrayList<>();
            new java.util.TreeSet<String>(toList(json.fieldNames())).forEach(k -> {
                JsonNode v = json.get(k);
                boolean array = k.equals("key_ops") || k.equals("x5c");
                if (!JWK_FIELDS.contains(k)) {
                    errs.add(k + ": unknown field");
                } else if (array ? !v.isArray() : !v.isTextual()) {
                    errs.add(k + ": " + (array ? "expected an array" : "expected a string"));
                }
            });
            if (!errs.isEmpty()) {
                return "Validation error: " + String.join("; ", errs);
            }
        }
        // Lua's null is truthy: only absent halves count as not supplied
        JsonNode pem = e.get("pem");
        if (pem != null && pem.isObject() && !pem.has("private_key") && !pem.has("public_key")) {
            return "need to supply a PEM formatted public and/or private key.";
        }
        return null;
    }

    // ---- subschemas ----------------------------------------------------------------------------------------

    /** Where an entity's subschemas come from. */
    enum SubschemaSource { PLUGINS, VAULTS, ROUTE_PROTOCOLS }

    /** An entity's {@code subschema_key} and {@code subschema_error}, and where its subschemas are. */
    record Subschemas(String key, String error, SubschemaSource source) {}

    /** The subschemas of an entity, or null. */
    static Subschemas subschemas(String entity) {
        return switch (entity) {
            // kong/db/schema/entities/plugins.lua
            case "plugins" -> new Subschemas("name",
                    "plugin '%s' not enabled; add it to the 'plugins' configuration property", SubschemaSource.PLUGINS);
            // kong/db/schema/entities/vaults.lua
            case "vaults" -> new Subschemas("name", "vault '%s' is not installed", SubschemaSource.VAULTS);
            // kong/db/schema/entities/routes.lua (no subschema_error: "unknown type: %s")
            case "routes" -> new Subschemas("protocols", null, SubschemaSource.ROUTE_PROTOCOLS);
            default -> null;
        };
    }

    // ---- shorthand fields -----------------------------------------------------------------------------------

    private static KongSchema.Field shorthandField(String name, String type) {
        return plainField(name, NODES.objectNode().put("type", type));
    }

    /** The shorthand fields an entity defines in code (its schema answer has none). */
    static List<KongSchema.Shorthand> shorthands(String entity) {
        return switch (entity) {
            // kong/db/schema/entities/services.lua: url
            case "services" -> List.of(new KongSchema.Shorthand(shorthandField("url", "string"), KongCode::serviceUrl));
            // kong/db/schema/entities/upstreams.lua: algorithm, then hash_on
            case "upstreams" -> List.of(
                    new KongSchema.Shorthand(shorthandField("algorithm", "string"), v -> {
                        ObjectNode o = NODES.objectNode();
                        o.set("algorithm", v);
                        if (v.asText().equals("least-connections") || v.asText().equals("latency")) {
                            o.putNull("hash_on");
                        }
                        return o;
                    }),
                    new KongSchema.Shorthand(shorthandField("hash_on", "string"), v -> {
                        ObjectNode o = NODES.objectNode();
                        if (v.isNull()) {
                            o.put("hash_on", "none");
                        } else {
                            o.set("hash_on", v);
                            o.put("algorithm", v.asText().equals("none") ? "round-robin" : "consistent-hashing");
                        }
                        return o;
                    }));
            default -> List.of();
        };
    }

    /** The {@code func} of a record's recorded shorthand field (plugin configs). */
    static Function<JsonNode, ObjectNode> shorthandFunc(String path, String name, JsonNode def) {
        JsonNode replaced = def.path("deprecation").path("replaced_with").path(0).path("path");
        if (replaced.isArray()) {
            return v -> {
                ObjectNode root = NODES.objectNode();
                ObjectNode cur = root;
                for (int i = 0; i < replaced.size() - 1; i++) {
                    cur = cur.putObject(replaced.get(i).asText());
                }
                cur.set(replaced.get(replaced.size() - 1).asText(), v);
                return root;
            };
        }
        // kong/plugins/session/schema.lua and kong/plugins/opentelemetry/schema.lua: renamed fields
        String target = switch (path + "." + name) {
            case "plugins/session.config.cookie_lifetime" -> "rolling_timeout";
            case "plugins/session.config.cookie_idletime" -> "idling_timeout";
            case "plugins/session.config.cookie_discard" -> "stale_ttl";
            case "plugins/session.config.cookie_samesite" -> "cookie_same_site";
            case "plugins/session.config.cookie_httponly" -> "cookie_http_only";
            case "plugins/session.config.cookie_persistent" -> "remember";
            case "plugins/opentelemetry.config.endpoint" -> "traces_endpoint";
            default -> null;
        };
        return v -> target == null ? null : NODES.objectNode().set(target, v);
    }

    /** services.lua's url shorthand: protocol, host, port and path from the URL. */
    private static ObjectNode serviceUrl(JsonNode sugar) {
        Url u = parseUrl(sugar.asText());
        Long port = null;
        if (u.port != null && u.port.matches("\\d+")) {
            port = Long.parseLong(u.port);
        }
        String prot = port == null ? null : port == 80 ? "http" : port == 443 ? "https" : null;
        String protocol = u.scheme != null ? u.scheme : prot != null ? prot : "http";
        ObjectNode o = NODES.objectNode();
        o.put("protocol", protocol);
        if (u.host != null) {
            o.put("host", u.host);
        } else {
            o.putNull("host");
        }
        if (port != null) {
            o.put("port", port);
        } else if (u.port != null) {
            o.put("port", u.port);
        } else {
            o.put("port", protocol.equals("https") ? 443 : 80);
        }
        if (u.path != null) {
            o.put("path", u.path);
        } else {
            o.putNull("path");
        }
        return o;
    }

    // ---- transformations ----------------------------------------------------------------------------------

    /** The transformations an entity defines ({@code on_write}). */
    static List<KongSchema.Transformation> transformations(String entity) {
        return switch (entity) {
            // kong/plugins/basic-auth/daos.lua + crypto.lua: sha1(password .. consumer_id), lowercase hex
            case "basicauth_credentials" -> List.of(new KongSchema.Transformation(List.of("password"),
                    List.of("consumer.id"), (args, env) -> NODES.objectNode().put("password",
                    KongCrypto.sha1Hex(args.get(0).asText() + args.get(1).asText()))));
            // kong/plugins/oauth2/daos.lua + secret.lua: PBKDF2 of the client secret when hash_secret
            case "oauth2_credentials" -> List.of(new KongSchema.Transformation(List.of("hash_secret"),
                    List.of("client_secret"), (args, env) -> args.get(0).asBoolean(false)
                    ? NODES.objectNode().put("client_secret", KongCrypto.pbkdf2(args.get(1).asText(), env.salt()))
                    : NODES.objectNode()));
            // kong/db/schema/entities/ca_certificates.lua: cert_digest = sha256 of the DER, hex
            case "ca_certificates" -> List.of(new KongSchema.Transformation(List.of("cert"), List.of(), (args, env) -> {
                try {
                    return NODES.objectNode().put("cert_digest",
                            KongCrypto.sha256Hex(KongCrypto.certificate(args.get(0).asText()).getEncoded()));
                } catch (KongCrypto.BadInput | java.security.cert.CertificateEncodingException e) {
                    throw new KongSchema.TransformationFailure("cannot create digest value of certificate");
                }
            }));
            default -> List.of();
        };
    }

    private static List<String> toList(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
