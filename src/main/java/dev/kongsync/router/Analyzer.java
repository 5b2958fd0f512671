package dev.kongsync.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pairwise analysis over one router's routes. Candidate pairs come from an index (same host name, or a wildcard
 * or host-less route; and paths whose literal starts are prefixes of one another), so disjoint routes are never
 * compared. For each pair: identical matchers; else whether one route's every part is covered by a part of the other
 * that the router always tries first (shadowed), checked against the full router on sample requests; else a request
 * both match (overlap).
 */
final class Analyzer {
    private final Router router;
    private final Flavor flavor;
    private final Map<CompiledRoute, List<Part>> partsByRoute = new LinkedHashMap<>();

    Analyzer(Router router, Flavor flavor) {
        this.router = router;
        this.flavor = flavor;
        for (Part p : router.parts()) {
            partsByRoute.computeIfAbsent(p.route, k -> new ArrayList<>()).add(p);
        }
    }

    List<Finding> findings() {
        List<CompiledRoute> routes = new ArrayList<>(partsByRoute.keySet());
        routes.sort((x, y) -> Integer.compare(x.index, y.index));
        Map<CompiledRoute, Integer> order = new IdentityHashMap<>();
        for (int i = 0; i < routes.size(); i++) {
            order.put(routes.get(i), i);
        }
        Set<Long> pairs = new TreeSet<>();
        for (Part[] pair : candidatePairs()) {
            int x = order.get(pair[0].route);
            int y = order.get(pair[1].route);
            if (x != y) {
                pairs.add((long) Math.min(x, y) * routes.size() + Math.max(x, y));
            }
        }
        List<Finding> out = new ArrayList<>();
        for (long key : pairs) {
            CompiledRoute a = routes.get((int) (key / routes.size()));
            CompiledRoute b = routes.get((int) (key % routes.size()));
            pair(a, b).ifPresent(out::add);
        }
        return out;
    }

    private Optional<Finding> pair(CompiledRoute a, CompiledRoute b) {
        if (identical(a, b)) {
            List<Request> samples = Witnesses.of(partsByRoute.get(a).get(0), partsByRoute.get(b).get(0));
            if (a.source.isStream()) {
                samples = List.of(streamSample(a));
            }
            for (Request r : samples) {
                Optional<Pick> p = router.pick(r);
                if (p.isPresent()) {
                    return Optional.of(new Finding(Finding.Kind.IDENTICAL, a.source, b.source, r, p.get(),
                            Finding.Evidence.DECIDED, identicalDetail(a, b, p.get())));
                }
            }
        }
        if (a.source.isStream()) {
            return Optional.empty();
        }
        Optional<Finding> shadow = shadowed(b, a);
        if (shadow.isEmpty()) {
            shadow = shadowed(a, b);
        }
        if (shadow.isPresent()) {
            return shadow;
        }
        return overlap(a, b);
    }

    /** Same matchers after normalization; regex_priority too when a regex path makes it count. */
    private boolean identical(CompiledRoute a, CompiledRoute b) {
        if (!signature(a).equals(signature(b))) {
            return false;
        }
        boolean regex = a.paths.stream().anyMatch(PathRule::isRegex);
        return !regex || a.source.regexPriority() == b.source.regexPriority();
    }

    private static List<Object> signature(CompiledRoute r) {
        Map<String, List<Object>> headers = new HashMap<>();
        for (HeaderRule h : r.headers) {
            headers.put(h.name(), List.of(new TreeSet<>(h.literals()), new TreeSet<>(h.regexSources())));
        }
        Set<String> hosts = new HashSet<>();
        r.hosts.forEach(h -> hosts.add(h.raw()));
        Set<String> paths = new HashSet<>(r.source.paths());
        Set<String> snis = new HashSet<>();
        r.snis.forEach(s -> snis.add(s.value()));
        return List.of(hosts, r.source.hostsSet(), paths, r.methods, headers, snis,
                new HashSet<>(r.source.sources()), new HashSet<>(r.source.destinations()));
    }

    private String identicalDetail(CompiledRoute a, CompiledRoute b, Pick p) {
        String proto = a.source.protocols().equals(b.source.protocols()) ? ""
                : "; their protocols differ (" + new TreeSet<>(a.source.protocols()) + " vs "
                + new TreeSet<>(b.source.protocols()) + "), but Kong's router does not select on the protocol";
        return (p.arbitrary() ? "Kong's pick between them is arbitrary" : "Kong's pick is fixed only by " + p.reason()) + proto;
    }

    private static Request streamSample(CompiledRoute r) {
        RouteMatchers m = r.source;
        String sni = m.snis().isEmpty() ? null : Witnesses.instance(r.snis.get(0).kind(), r.snis.get(0).fixedPart());
        Endpoint src = m.sources().isEmpty() ? null : sampleEndpoint(m.sources().get(0));
        Endpoint dst = m.destinations().isEmpty() ? null : sampleEndpoint(m.destinations().get(0));
        return Request.stream(sni != null ? "tls" : "tcp", src, dst, sni);
    }

    private static Endpoint sampleEndpoint(Endpoint e) {
        String ip = e.ip() == null ? null : (e.ip().contains("/") ? e.ip().substring(0, e.ip().indexOf('/')) : e.ip());
        return new Endpoint(ip, e.port());
    }

    /**
     * Whether {@code victim} never receives traffic because {@code winner} covers each of its parts with a part the
     * router always tries first; confirmed on sample requests run through the whole router.
     */
    private Optional<Finding> shadowed(CompiledRoute winner, CompiledRoute victim) {
        Cover evidence = Cover.DECIDED;
        String reason = null;
        List<Request> shown = new ArrayList<>();
        List<Request> checks = new ArrayList<>();
        for (Part v : partsByRoute.get(victim)) {
            Cover best = Cover.NO;
            for (Part w : partsByRoute.get(winner)) {
                String why = router.ranksAbove(w, v);
                if (why == null) {
                    continue;
                }
                Cover c = Relations.covers(w, v);
                if (c != Cover.NO && !router.rankIsCertain(w, v)) {
                    c = Cover.SAMPLED;
                }
                if (c != Cover.NO && (best == Cover.NO || c == Cover.DECIDED)) {
                    best = c;
                    if (reason == null || c == Cover.DECIDED) {
                        reason = why;
                    }
                    shown.addAll(Witnesses.of(v, w));
                }
            }
            if (best == Cover.NO) {
                return Optional.empty();
            }
            evidence = evidence.and(best);
            checks.addAll(Witnesses.of(v, null));
        }
        if (shown.isEmpty()) {
            return Optional.empty();
        }
        checks.addAll(shown);
        Pick first = null;
        for (Request r : checks) {
            Optional<Pick> p = router.pick(r);
            if (p.isEmpty() || p.get().route() == victim.source || p.get().alternatives().contains(victim.source)) {
                return Optional.empty();
            }
            if (first == null && shown.contains(r)) {
                first = p.get();
            }
        }
        Request sample = shown.get(0);
        Pick pick = Objects.requireNonNull(first);
        String detail = pick.route() == winner.source ? reason
                : reason + "; " + pick.route() + " ranks above both for this request";
        return Optional.of(new Finding(Finding.Kind.SHADOWED, winner.source, victim.source, sample, pick,
                evidence == Cover.DECIDED ? Finding.Evidence.DECIDED : Finding.Evidence.SAMPLED, detail));
    }

    /** A request both routes match, preferring one that either of them wins. */
    private Optional<Finding> overlap(CompiledRoute a, CompiledRoute b) {
        Request fallback = null;
        Pick fallbackPick = null;
        for (Part pa : partsByRoute.get(a)) {
            for (Part pb : partsByRoute.get(b)) {
                for (Request r : Witnesses.of(pa, pb)) {
                    // a request both match can still find no route: under traditional the search may start below
                    // a category that only matches because an http request skips its SNIs
                    Pick p = router.pick(r).orElse(null);
                    if (p == null) {
                        continue;
                    }
                    boolean theirs = p.route() == a.source || p.route() == b.source;
                    if (theirs) {
                        return Optional.of(new Finding(Finding.Kind.OVERLAP, a.source, b.source, r, p,
                                Finding.Evidence.DECIDED, p.reason()));
                    }
                    if (fallback == null) {
                        fallback = r;
                        fallbackPick = p;
                    }
                }
            }
        }
        if (fallback == null) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Finding.Kind.OVERLAP, a.source, b.source, fallback, fallbackPick,
                Finding.Evidence.DECIDED, "a third route ranks above both: " + fallbackPick.reason()));
    }

    /**
     * Pairs of parts that may share a request: same plain host name, or a wildcard or host-less part against the
     * others; and paths (their literal starts) of which one is a prefix of the other. Stream parts are all paired.
     */
    private List<Part[]> candidatePairs() {
        List<Part[]> out = new ArrayList<>();
        Map<String, List<Part>> byHost = new HashMap<>();
        List<Part> wildcard = new ArrayList<>();
        List<Part> anyHost = new ArrayList<>();
        List<Part> stream = new ArrayList<>();
        for (Part p : router.parts()) {
            if (p.route.stream) {
                stream.add(p);
            } else if (p.route.hosts.isEmpty()) {
                anyHost.add(p);
            } else {
                Set<String> names = new HashSet<>();
                boolean wild = false;
                for (HostRule h : p.route.hosts) {
                    if (h.isWildcard()) {
                        wild = true;
                    } else if (names.add(h.name())) {
                        byHost.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(p);
                    }
                }
                if (wild) {
                    wildcard.add(p);
                }
            }
        }
        for (int i = 0; i < stream.size(); i++) {
            for (int j = i + 1; j < stream.size(); j++) {
                out.add(new Part[] {stream.get(i), stream.get(j)});
            }
        }
        PathPairs any = new PathPairs(anyHost);
        any.within(out);
        List<Part> hosted = new ArrayList<>();
        router.parts().forEach(p -> {
            if (!p.route.stream && !p.route.hosts.isEmpty()) {
                hosted.add(p);
            }
        });
        any.across(new PathPairs(hosted), out);
        new PathPairs(wildcard).within(out, Analyzer::wildcardsMeet);
        for (Map.Entry<String, List<Part>> e : byHost.entrySet()) {
            PathPairs host = new PathPairs(e.getValue());
            host.within(out);
            List<Part> matchingWild = new ArrayList<>();
            for (Part w : wildcard) {
                if (w.route.hosts.stream().anyMatch(h -> h.isWildcard() && h.nameMatches(e.getKey()))) {
                    matchingWild.add(w);
                }
            }
            if (!matchingWild.isEmpty()) {
                host.across(new PathPairs(matchingWild), out);
            }
        }
        return out;
    }

    private static boolean wildcardsMeet(Part x, Part y) {
        for (HostRule a : x.route.hosts) {
            for (HostRule b : y.route.hosts) {
                if (!a.isWildcard() || !b.isWildcard()) {
                    continue;
                }
                if (a.kind() != b.kind()) {
                    return true;
                }
                String fa = a.fixedPart();
                String fb = b.fixedPart();
                if (a.kind() == HostRule.Kind.SUFFIX ? (fa.endsWith(fb) || fb.endsWith(fa)) : (fa.startsWith(fb) || fb.startsWith(fa))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Parts keyed by the literal start of their paths, to pair those of which one start prefixes the other. */
    private static final class PathPairs {
        private final List<Part> parts;
        private final Map<String, List<Part>> byPrefix = new HashMap<>();

        PathPairs(List<Part> parts) {
            this.parts = parts;
            for (Part p : parts) {
                for (String k : keys(p)) {
                    byPrefix.computeIfAbsent(k, x -> new ArrayList<>()).add(p);
                }
            }
        }

        private static Set<String> keys(Part p) {
            Set<String> keys = new HashSet<>();
            if (p.paths.isEmpty()) {
                keys.add("");
            }
            p.paths.forEach(path -> keys.add(path.literalPrefix()));
            return keys;
        }

        void within(List<Part[]> out) {
            within(out, (x, y) -> true);
        }

        void within(List<Part[]> out, java.util.function.BiPredicate<Part, Part> meet) {
            for (Part p : parts) {
                for (Part q : prefixedBy(p)) {
                    if (q != p && meet.test(p, q)) {
                        out.add(new Part[] {p, q});
                    }
                }
            }
        }

        void across(PathPairs other, List<Part[]> out) {
            for (Part p : parts) {
                for (Part q : other.prefixedBy(p)) {
                    out.add(new Part[] {p, q});
                }
            }
            for (Part q : other.parts) {
                for (Part p : prefixedBy(q)) {
                    out.add(new Part[] {p, q});
                }
            }
        }

        /** The parts here with a path start that is a prefix of one of {@code p}'s. */
        private List<Part> prefixedBy(Part p) {
            List<Part> found = new ArrayList<>();
            Set<Part> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            for (String k : keys(p)) {
                for (int i = 0; i <= k.length(); i++) {
                    for (Part q : byPrefix.getOrDefault(k.substring(0, i), List.of())) {
                        if (seen.add(q)) {
                            found.add(q);
                        }
                    }
                }
            }
            return found;
        }
    }
}
