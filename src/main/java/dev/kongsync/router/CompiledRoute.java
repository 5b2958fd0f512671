package dev.kongsync.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A route's matchers compiled for one flavor, and the parts the flavor's router files it as. */
final class CompiledRoute {
    final RouteMatchers source;
    final int index;
    final Flavor flavor;
    final boolean stream;
    final List<HostRule> hosts = new ArrayList<>();
    final List<PathRule> paths = new ArrayList<>();
    final Set<String> methods;
    final List<HeaderRule> headers = new ArrayList<>();
    final List<SniRule> snis = new ArrayList<>();
    final List<NetRule> sources = new ArrayList<>();
    final List<NetRule> destinations = new ArrayList<>();
    final List<Part> parts = new ArrayList<>();

    CompiledRoute(RouteMatchers source, int index, Flavor flavor) {
        this.source = source;
        this.index = index;
        this.flavor = flavor;
        this.stream = source.isStream();
        RouteIdentity who = source.identity();
        source.hosts().forEach(h -> hosts.add(new HostRule(h)));
        source.paths().forEach(p -> paths.add(PathRule.of(p, who, flavor)));
        this.methods = source.methods();
        source.headers().forEach((name, values) -> {
            if (!name.equals("host")) {
                headers.add(HeaderRule.of(name, values, flavor, who));
            }
        });
        source.snis().forEach(s -> snis.add(new SniRule(s, flavor)));
        source.sources().forEach(e -> sources.add(new NetRule(e, who)));
        source.destinations().forEach(e -> destinations.add(new NetRule(e, who)));
        split();
    }

    /**
     * traditional_compatible splits an HTTP route whose paths mix regexes and prefix lengths into one matcher per
     * group (regexes; each prefix length), each with the id {@code uuid_v5(id .. "#" .. n)} (transform.lua
     * {@code split_routes_and_services_by_path}); traditional splits a route with several paths into one per path
     * (traditional.lua {@code new}, "split routes by paths to sort properly").
     */
    private void split() {
        if (paths.size() <= 1 || stream) {
            parts.add(new Part(this, 1, List.copyOf(paths), source.id()));
            return;
        }
        if (flavor == Flavor.TRADITIONAL) {
            for (int i = 0; i < paths.size(); i++) {
                parts.add(new Part(this, i + 1, List.of(paths.get(i)), source.id()));
            }
            return;
        }
        Map<Integer, List<PathRule>> groups = new LinkedHashMap<>();
        for (PathRule p : paths) {
            groups.computeIfAbsent(p.isRegex() ? 0 : p.value().length(), k -> new ArrayList<>()).add(p);
        }
        if (groups.size() == 1) {
            parts.add(new Part(this, 1, List.copyOf(paths), source.id()));
            return;
        }
        int n = 0;
        for (List<PathRule> group : groups.values()) {
            n++;
            String id = Uuids.isUuid(source.id()) ? dev.kongsync.crypto.Uuid5.of(Uuids.SPLIT_NAMESPACE, source.id() + "#" + n) : null;
            parts.add(new Part(this, n, List.copyOf(group), id));
        }
    }

    String label() {
        return source.identity().label();
    }

    boolean hasWildcardHost() {
        return hosts.stream().anyMatch(HostRule::isWildcard);
    }

    /** Whether the route's matchers other than paths accept the request, as the flavor evaluates them. */
    boolean matchesExceptPaths(Request r) {
        if (!hosts.isEmpty() && hosts.stream().noneMatch(h -> h.matches(r, flavor))) {
            return false;
        }
        if (!methods.isEmpty() && !methods.contains(r.method())) {
            return false;
        }
        for (HeaderRule h : headers) {
            if (!h.matches(r)) {
                return false;
            }
        }
        if (!snis.isEmpty() && !sniPasses(r)) {
            return false;
        }
        if (!sources.isEmpty() && sources.stream().noneMatch(s -> s.matches(r.source()))) {
            return false;
        }
        return destinations.isEmpty() || destinations.stream().anyMatch(d -> d.matches(r.destination()));
    }

    /**
     * SNIs only bind TLS traffic: traditional_compatible wraps them in {@code net.protocol != "https" || ...}
     * ({@code "tls"} for stream routes, transform.lua), the traditional router skips them when the scheme is http
     * (traditional.lua SNI matcher).
     */
    private boolean sniPasses(Request r) {
        if (flavor == Flavor.TRADITIONAL) {
            return r.scheme().equals("http") || snis.stream().anyMatch(s -> s.matches(r.sni()));
        }
        String tls = stream ? "tls" : "https";
        return !r.scheme().equals(tls) || snis.stream().anyMatch(s -> s.matches(r.sni()));
    }

    @Override
    public String toString() {
        return label();
    }
}
