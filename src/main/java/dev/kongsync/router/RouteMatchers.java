package dev.kongsync.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A route's matchers as Kong 3.9 configures them, normalized the way Kong reads them: methods upper-cased, header
 * names lower-cased with {@code _} read as {@code -} (ngx.req.get_headers() looks names up that way), plain paths
 * normalized as kong/tools/uri.lua does, the trailing dot of SNIs dropped (kong/router/transform.lua
 * {@code sni_val_transform}, traditional.lua {@code marshall_route}). Hosts keep their case and order: Kong 3.9.1
 * compares them case-sensitively.
 *
 * @param identity      the caller's name for the route
 * @param id            the route's id if known (it decides ties under traditional_compatible), else null
 * @param createdAt     the route's {@code created_at} in seconds if known (it decides ties under traditional), else null
 * @param protocols     the route's protocols ({@code http, https} when absent, the schema default)
 * @param hosts         hosts as configured: {@code example.com}, {@code *.example.com}, {@code example.*}, each with an
 *                      optional {@code :port}
 * @param hostsSet      whether the {@code hosts} field is present at all: an empty list still sets the "plain hosts
 *                      only" priority of both flavors (transform.lua {@code get_priority}, traditional.lua
 *                      {@code marshall_route})
 * @param paths         plain prefixes and regexes ({@code ~} first), in order
 * @param methods       HTTP methods
 * @param headers       header name to values; a value starting with {@code ~*} is a regex
 * @param snis          SNIs
 * @param sources       stream sources
 * @param destinations  stream destinations
 * @param regexPriority {@code regex_priority}
 * @param pathHandling  {@code path_handling} (v0 or v1); it changes the upstream path only, never the match
 */
public record RouteMatchers(RouteIdentity identity, String id, Long createdAt, Set<String> protocols,
                            List<String> hosts, boolean hostsSet, List<String> paths, Set<String> methods,
                            Map<String, List<String>> headers, Set<String> snis, List<Endpoint> sources,
                            List<Endpoint> destinations, long regexPriority, String pathHandling) {

    private static final Set<String> STREAM_PROTOCOLS = Set.of("tcp", "tls", "udp", "tls_passthrough");

    public RouteMatchers {
        Objects.requireNonNull(identity, "identity");
        protocols = Set.copyOf(protocols);
        hosts = List.copyOf(hosts);
        paths = List.copyOf(paths);
        methods = Set.copyOf(methods);
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.copyOf(v)));
        headers = java.util.Collections.unmodifiableMap(h);
        snis = Set.copyOf(snis);
        sources = List.copyOf(sources);
        destinations = List.copyOf(destinations);
        pathHandling = pathHandling == null ? "v0" : pathHandling;
    }

    /**
     * Builds the matchers from a route entity's fields, named as Kong names them: {@code protocols, hosts, paths,
     * methods, headers, snis, sources, destinations, regex_priority, path_handling}, and optionally {@code id} and
     * {@code created_at}. Absent and null fields are empty; {@code strip_path} and the other fields are ignored.
     *
     * @throws IllegalArgumentException when a field has the wrong shape or a regex path does not compile
     */
    public static RouteMatchers of(Map<String, ?> routeFields, RouteIdentity identity) {
        Fields f = new Fields(routeFields, identity);
        Set<String> protocols = new LinkedHashSet<>(f.strings("protocols"));
        if (protocols.isEmpty()) {
            protocols.addAll(List.of("http", "https"));
        }
        Set<String> methods = new LinkedHashSet<>();
        f.strings("methods").forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        List<String> paths = new ArrayList<>();
        for (String p : f.strings("paths")) {
            paths.add(p.startsWith("~") ? p : KongPath.normalize(p));
        }
        Set<String> snis = new LinkedHashSet<>();
        for (String s : f.strings("snis")) {
            snis.add(s.length() > 1 && s.endsWith(".") && !s.endsWith("*") ? s.substring(0, s.length() - 1) : s);
        }
        Number rp = f.number("regex_priority");
        Number created = f.number("created_at");
        Object id = routeFields.get("id");
        Object handling = routeFields.get("path_handling");
        RouteMatchers r = new RouteMatchers(identity, id == null ? null : id.toString(),
                created == null ? null : created.longValue(), protocols, f.strings("hosts"), f.present("hosts"), paths,
                methods, f.headers(), snis, f.endpoints("sources"), f.endpoints("destinations"),
                rp == null ? 0 : rp.longValue(), handling == null ? null : handling.toString());
        for (String p : paths) {
            if (p.startsWith("~")) {
                PathRule.of(p, identity, Flavor.TRADITIONAL);
            }
        }
        return r;
    }

    /** Whether Kong's stream subsystem (tcp, tls, udp, tls_passthrough) routes it rather than the http one. */
    public boolean isStream() {
        return protocols.stream().anyMatch(STREAM_PROTOCOLS::contains);
    }

    /** Header names are normalized as Kong reads request headers: lower case, {@code _} as {@code -}. */
    static String headerName(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return identity.label();
    }

    private static final class Fields {
        private final Map<String, ?> map;
        private final RouteIdentity who;

        Fields(Map<String, ?> map, RouteIdentity who) {
            this.map = map;
            this.who = who;
        }

        boolean present(String name) {
            return map.get(name) != null;
        }

        List<String> strings(String name) {
            Object v = map.get(name);
            List<String> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (!(v instanceof Collection<?> c)) {
                throw bad(name, "a list of strings");
            }
            for (Object o : c) {
                if (!(o instanceof String s)) {
                    throw bad(name, "a list of strings");
                }
                out.add(s);
            }
            return out;
        }

        Number number(String name) {
            Object v = map.get(name);
            if (v == null || v instanceof Number) {
                return (Number) v;
            }
            throw bad(name, "a number");
        }

        Map<String, List<String>> headers() {
            Object v = map.get("headers");
            Map<String, List<String>> out = new LinkedHashMap<>();
            if (v == null) {
                return out;
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw bad("headers", "a map of header names to lists of values");
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                List<String> values = out.computeIfAbsent(headerName(e.getKey().toString()), k -> new ArrayList<>());
                if (e.getValue() instanceof String s) {
                    values.add(s);
                } else if (e.getValue() instanceof Collection<?> c) {
                    c.forEach(o -> values.add(o.toString()));
                } else {
                    throw bad("headers", "a map of header names to lists of values");
                }
            }
            out.values().removeIf(List::isEmpty);
            return out;
        }

        List<Endpoint> endpoints(String name) {
            Object v = map.get(name);
            List<Endpoint> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (!(v instanceof Collection<?> c)) {
                throw bad(name, "a list of {ip, port} records");
            }
            for (Object o : c) {
                if (!(o instanceof Map<?, ?> m)) {
                    throw bad(name, "a list of {ip, port} records");
                }
                Object ip = m.get("ip");
                Object port = m.get("port");
                if (port != null && !(port instanceof Number)) {
                    throw bad(name, "records whose port is a number");
                }
                out.add(new Endpoint(ip == null ? null : ip.toString(), port == null ? null : ((Number) port).intValue()));
            }
            return out;
        }

        private IllegalArgumentException bad(String field, String expected) {
            return new IllegalArgumentException(who.label() + ": field '" + field + "' must be " + expected);
        }
    }
}
