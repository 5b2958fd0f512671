package dev.kongsync.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The traditional router (kong/router/traditional.lua, 3.9.1), simulated step by step:
 * <ol>
 * <li>parts are sorted by {@code sort_routes}: submatch weight (wildcard host with port 0x04, plain hosts only 0x02,
 * regex path 0x01), then header count, then regex_priority (regex parts only), then plain path length, then
 * {@code created_at} when both routes have one; anything else is a tie that Lua's unstable sort settles
 * arbitrarily;</li>
 * <li>parts are grouped in categories by the set of matchers they use, tried by number of matchers, then by the bits
 * HOST 0x40 > HEADER 0x20 > URI 0x10 > METHOD 0x08 > SNI 0x04 ({@code sort_categories});</li>
 * <li>the request's category is the set of matcher kinds some route could match it on; the search starts at that
 * category if one exists, else at the top ({@code find_match});</li>
 * <li>in each category the router first tries a reduced candidate list (the routes indexed under the request's
 * host, header name, path hit, method or SNI, the header list winning outright, otherwise the shortest), then all the
 * category's routes, in sorted order, the first match winning.</li>
 * </ol>
 * The request's path hit is the first regex (in sorted order) that matches, else the exact plain path, else the
 * longest plain prefix; the host hit the first matching wildcard when no plain host matched.
 */
final class TraditionalRouter implements Router {
    static final int HOST = 0x40;
    static final int HEADER = 0x20;
    static final int URI = 0x10;
    static final int METHOD = 0x08;
    static final int SNI = 0x04;
    static final int SRC = 0x02;
    static final int DST = 0x01;
    private static final int[] HTTP_RULES = {HOST, HEADER, URI, METHOD, SNI};
    private static final int[] STREAM_RULES = {SNI, SRC, DST};
    static final int SUB_REGEX = 0x01;
    static final int SUB_PLAIN_HOSTS = 0x02;
    static final int SUB_WILDCARD_PORT = 0x04;

    private final List<Part> parts = new ArrayList<>();
    private final Map<Part, Meta> meta = new IdentityHashMap<>();
    private final CandidateIndex index;
    private final Map<String, List<Part>> byUriKey = new HashMap<>();
    private final Map<String, Integer> regexKeyCounts = new HashMap<>();
    private final Layout forward;
    private final Layout reversed;
    private final boolean createdAtKnown;

    TraditionalRouter(List<CompiledRoute> routes) {
        for (CompiledRoute r : routes) {
            for (Part p : r.parts) {
                parts.add(p);
                Meta m = new Meta(p);
                meta.put(p, m);
                if (m.uriKey != null) {
                    byUriKey.computeIfAbsent(m.uriKey, k -> new ArrayList<>()).add(p);
                    if (p.paths.get(0).isRegex()) {
                        regexKeyCounts.merge(m.uriKey, 1, Integer::sum);
                    }
                }
            }
        }
        index = new CandidateIndex(parts);
        createdAtKnown = parts.stream().allMatch(p -> p.route.source.createdAt() != null);
        forward = new Layout(parts);
        List<Part> rev = new ArrayList<>(parts);
        java.util.Collections.reverse(rev);
        reversed = new Layout(rev);
    }

    @Override
    public List<Part> parts() {
        return parts;
    }

    /** What {@code marshall_route} computes for a part. */
    private static final class Meta {
        final int rules;
        final int weight;
        final int submatch;
        final int headerCount;
        final int maxUriLength;
        final long regexPriority;
        final Long createdAt;
        final String uriKey;
        final List<String> headerNames;

        Meta(Part p) {
            CompiledRoute r = p.route;
            int rules = 0;
            int sub = 0;
            if (r.source.hostsSet()) {
                if (!r.hosts.isEmpty()) {
                    rules |= HOST;
                }
                if (!r.hasWildcardHost()) {
                    sub |= SUB_PLAIN_HOSTS;
                }
                if (r.hosts.stream().anyMatch(h -> h.isWildcard() && h.port() != null)) {
                    sub |= SUB_WILDCARD_PORT;
                }
            }
            if (!r.headers.isEmpty()) {
                rules |= HEADER;
            }
            int maxLen = 0;
            String key = null;
            if (!p.paths.isEmpty()) {
                rules |= URI;
                PathRule path = p.paths.get(0);
                key = path.traditionalKey();
                if (path.isRegex()) {
                    sub |= SUB_REGEX;
                } else {
                    maxLen = path.value().length();
                }
            }
            if (!r.methods.isEmpty()) {
                rules |= METHOD;
            }
            if (!r.snis.isEmpty()) {
                rules |= SNI;
            }
            if (!r.sources.isEmpty()) {
                rules |= SRC;
            }
            if (!r.destinations.isEmpty()) {
                rules |= DST;
            }
            this.rules = rules;
            this.weight = Integer.bitCount(rules);
            this.submatch = sub;
            this.headerCount = r.headers.size();
            this.maxUriLength = maxLen;
            this.regexPriority = r.source.regexPriority();
            this.createdAt = r.source.createdAt();
            this.uriKey = key;
            this.headerNames = new ArrayList<>(new TreeSet<>(r.headers.stream().map(HeaderRule::name).toList()));
        }
    }

    /**
     * {@code sort_routes}: negative when {@code a} sorts first, 0 for a tie. {@code created_at} only counts when every
     * route has one (as in a database-mode Kong); otherwise those ties are left open.
     */
    private int compare(Part a, Part b) {
        Meta x = meta.get(a);
        Meta y = meta.get(b);
        if (x.submatch != y.submatch) {
            return x.submatch > y.submatch ? -1 : 1;
        }
        if (x.headerCount != y.headerCount) {
            return x.headerCount > y.headerCount ? -1 : 1;
        }
        if ((x.submatch & SUB_REGEX) != 0 && x.regexPriority != y.regexPriority) {
            return x.regexPriority > y.regexPriority ? -1 : 1;
        }
        if (x.maxUriLength != y.maxUriLength) {
            return x.maxUriLength > y.maxUriLength ? -1 : 1;
        }
        if (createdAtKnown && !x.createdAt.equals(y.createdAt)) {
            return x.createdAt < y.createdAt ? -1 : 1;
        }
        return 0;
    }

    /** {@code sort_categories}: more matchers first, then the larger category bits. */
    private static int compareCategories(int a, int b) {
        if (Integer.bitCount(a) != Integer.bitCount(b)) {
            return Integer.bitCount(a) > Integer.bitCount(b) ? -1 : 1;
        }
        return Integer.compare(b, a);
    }

    /** Everything {@code new()} builds whose order depends on how ties fell in the sort. */
    private final class Layout {
        final List<Part> sorted;
        final Map<Part, Integer> position = new IdentityHashMap<>();
        final Map<Integer, Category> categories = new HashMap<>();
        final List<Integer> categoryOrder;
        final Set<String> plainHosts = new HashSet<>();
        final List<Object[]> wildcards = new ArrayList<>();
        final List<String> headerNames = new ArrayList<>();
        final Map<String, List<Integer>> regexesByPrefix = new HashMap<>();
        final List<PathRule> regexes = new ArrayList<>();
        final Set<String> plainUris = new HashSet<>();
        final Set<String> methods = new HashSet<>();
        final Set<String> snis = new HashSet<>();
        final Set<Object> sourceKeys = new HashSet<>();
        final Set<Object> destinationKeys = new HashSet<>();
        final List<NetRule> sourceRanges = new ArrayList<>();
        final List<NetRule> destinationRanges = new ArrayList<>();

        Layout(List<Part> input) {
            sorted = new ArrayList<>(input);
            sorted.sort(TraditionalRouter.this::compare);
            Set<String> seenHeaders = new HashSet<>();
            for (int i = 0; i < sorted.size(); i++) {
                Part p = sorted.get(i);
                Meta m = meta.get(p);
                position.put(p, i);
                categories.computeIfAbsent(m.rules, Category::new).add(p);
                for (HostRule h : p.route.hosts) {
                    if (h.isWildcard()) {
                        wildcards.add(new Object[] {h, p});
                    } else {
                        plainHosts.add(h.raw());
                    }
                }
                for (String n : m.headerNames) {
                    if (seenHeaders.add(n)) {
                        headerNames.add(n);
                    }
                }
                for (PathRule path : p.paths) {
                    if (path.isRegex()) {
                        regexesByPrefix.computeIfAbsent(path.literalPrefix(), k -> new ArrayList<>()).add(regexes.size());
                        regexes.add(path);
                    } else {
                        plainUris.add(path.value());
                    }
                }
                methods.addAll(p.route.methods);
                p.route.snis.forEach(s -> snis.add(s.value()));
                index(p.route.sources, sourceKeys, sourceRanges);
                index(p.route.destinations, destinationKeys, destinationRanges);
            }
            categoryOrder = new ArrayList<>(categories.keySet());
            categoryOrder.sort(TraditionalRouter::compareCategories);
        }

        /**
         * The first regex, in sorted order, that matches the path ({@code regex_uris} loop of {@code find_route});
         * only regexes whose literal start prefixes the path can match, so only those are tried.
         */
        PathRule firstRegex(String path) {
            List<Integer> candidates = new ArrayList<>();
            for (int i = 0; i <= path.length(); i++) {
                candidates.addAll(regexesByPrefix.getOrDefault(path.substring(0, i), List.of()));
            }
            candidates.sort(null);
            for (int i : candidates) {
                if (regexes.get(i).matches(path)) {
                    return regexes.get(i);
                }
            }
            return null;
        }

        /** The longest plain path that prefixes the path ({@code prefix_uris}, sorted by length). */
        String longestPrefix(String path) {
            for (int i = path.length(); i > 0; i--) {
                if (plainUris.contains(path.substring(0, i))) {
                    return path.substring(0, i);
                }
            }
            return null;
        }

        private void index(List<NetRule> rules, Set<Object> keys, List<NetRule> ranges) {
            for (NetRule n : rules) {
                if (n.endpoint().ip() != null) {
                    keys.add(n.endpoint().ip());
                    if (n.isCidr()) {
                        ranges.add(n);
                    }
                }
                if (n.endpoint().port() != null) {
                    keys.add(n.endpoint().port());
                }
            }
        }
    }

    /** One category: its routes in sorted order and the sizes of its candidate lists. */
    private final class Category {
        final int bits;
        final List<Part> all = new ArrayList<>();
        final Map<Integer, Map<Object, Integer>> listSizes = new HashMap<>();

        Category(int bits) {
            this.bits = bits;
        }

        void add(Part p) {
            all.add(p);
            for (int rule : new int[] {HOST, HEADER, URI, METHOD, SNI, SRC, DST}) {
                if ((bits & rule) == 0) {
                    continue;
                }
                Map<Object, Integer> sizes = listSizes.computeIfAbsent(rule, k -> new HashMap<>());
                for (Object key : keys(p, rule, true)) {
                    sizes.merge(key, 1, Integer::sum);
                }
            }
        }
    }

    /** The keys a part is filed under in a category's candidate list for {@code rule} (traditional.lua categorize_*). */
    private static Collection<Object> keys(Part p, int rule, boolean withRepeats) {
        CompiledRoute r = p.route;
        Collection<Object> out = withRepeats ? new ArrayList<>() : new LinkedHashSet<>();
        switch (rule) {
            case HOST -> r.hosts.forEach(h -> out.add(h.raw()));
            case HEADER -> r.headers.forEach(h -> out.add(h.name()));
            case URI -> p.paths.forEach(path -> out.add(path.traditionalKey()));
            case METHOD -> out.addAll(r.methods);
            case SNI -> r.snis.forEach(s -> out.add(s.value()));
            case SRC, DST -> {
                Set<Object> once = new LinkedHashSet<>();
                for (NetRule n : rule == SRC ? r.sources : r.destinations) {
                    if (n.endpoint().ip() != null) {
                        once.add(n.endpoint().ip());
                    }
                    if (n.endpoint().port() != null) {
                        once.add(n.endpoint().port());
                    }
                }
                out.addAll(once);
            }
            default -> throw new IllegalArgumentException("rule " + rule);
        }
        return out;
    }

    /** The request as {@code find_route} digests it. */
    private final class Context {
        final Request r;
        final Layout layout;
        String hitHeader;
        String hitHost;
        String hitUri;
        int category;

        Context(Request r, Layout layout) {
            this.r = r;
            this.layout = layout;
            for (String n : layout.headerNames) {
                if (r.headers().containsKey(n)) {
                    if (hitHeader == null) {
                        hitHeader = n;
                    }
                    category |= HEADER;
                }
            }
            if (r.host() != null) {
                String withPort = r.host() + ":" + r.effectivePort(Flavor.TRADITIONAL);
                if (layout.plainHosts.contains(withPort) || layout.plainHosts.contains(r.host())) {
                    category |= HOST;
                } else {
                    for (Object[] w : layout.wildcards) {
                        HostRule h = (HostRule) w[0];
                        if (h.matches(r, Flavor.TRADITIONAL)) {
                            hitHost = h.raw();
                            category |= HOST;
                            break;
                        }
                    }
                }
            }
            if (r.path() != null) {
                PathRule re = layout.firstRegex(r.path());
                hitUri = re != null ? re.traditionalKey() : layout.longestPrefix(r.path());
                if (hitUri != null) {
                    category |= URI;
                }
            }
            if (r.method() != null && layout.methods.contains(r.method())) {
                category |= METHOD;
            }
            if (r.sni() != null && layout.snis.contains(r.sni())) {
                category |= SNI;
            }
            if (netHit(r.source(), layout.sourceKeys, layout.sourceRanges)) {
                category |= SRC;
            }
            if (netHit(r.destination(), layout.destinationKeys, layout.destinationRanges)) {
                category |= DST;
            }
        }

        private boolean netHit(Endpoint e, Set<Object> keys, List<NetRule> ranges) {
            if (e == null) {
                return false;
            }
            if ((e.ip() != null && keys.contains(e.ip())) || (e.port() != null && keys.contains(e.port()))) {
                return true;
            }
            return e.ip() != null && ranges.stream().anyMatch(n -> n.matches(new Endpoint(e.ip(), null)));
        }

        /** {@code match_route}: every matcher the part's category has must accept the request. */
        boolean matches(Part p) {
            Meta m = meta.get(p);
            CompiledRoute route = p.route;
            if ((m.rules & URI) != 0) {
                if (r.path() == null || r.path().isEmpty()) {
                    return false;
                }
                String key = hitUri != null ? hitUri : r.path();
                if (!m.uriKey.equals(key) && !p.pathsMatch(r.path())) {
                    return false;
                }
            }
            if ((m.rules & HOST) != 0 && route.hosts.stream().noneMatch(h -> h.matches(r, Flavor.TRADITIONAL))) {
                return false;
            }
            if ((m.rules & METHOD) != 0 && !route.methods.contains(r.method())) {
                return false;
            }
            for (HeaderRule h : route.headers) {
                if (!h.matches(r)) {
                    return false;
                }
            }
            if ((m.rules & SNI) != 0 && !r.scheme().equals("http")
                    && route.snis.stream().noneMatch(s -> s.matches(r.sni()))) {
                return false;
            }
            if ((m.rules & SRC) != 0 && route.sources.stream().noneMatch(n -> n.matches(r.source()))) {
                return false;
            }
            return (m.rules & DST) == 0 || route.destinations.stream().anyMatch(n -> n.matches(r.destination()));
        }

        /** The key the category's candidate list is looked up with for {@code rule}, or null. */
        Object key(int rule) {
            return switch (rule) {
                case HOST -> hitHost != null ? hitHost : (r.hostHeader() == null ? "" : r.hostHeader());
                case HEADER -> hitHeader;
                case URI -> hitUri;
                case METHOD -> r.method();
                case SNI -> r.sni();
                default -> null;
            };
        }
    }

    /** The reduced candidate list of a category: which rule's list, under which key (traditional.lua reduce). */
    private record Reduced(int rule, Object key) {
    }

    private Reduced reduce(Category c, Context ctx) {
        boolean stream = ctx.r.isStream();
        Reduced smallest = null;
        int min = 0;
        for (int rule : stream ? STREAM_RULES : HTTP_RULES) {
            if ((c.bits & rule) == 0) {
                continue;
            }
            Object key = null;
            Integer size = null;
            if (rule == SRC || rule == DST) {
                Endpoint e = rule == SRC ? ctx.r.source() : ctx.r.destination();
                Map<Object, Integer> sizes = c.listSizes.get(rule);
                if (e != null && e.ip() != null && sizes.containsKey(e.ip())) {
                    key = e.ip();
                } else if (e != null && e.port() != null && sizes.containsKey(e.port())) {
                    key = e.port();
                }
                size = key == null ? null : sizes.get(key);
            } else {
                key = ctx.key(rule);
                size = key == null ? null : c.listSizes.get(rule).get(key);
            }
            if (size == null) {
                continue;
            }
            if (rule == HEADER) {
                return new Reduced(rule, key);
            }
            if (smallest == null || size < min) {
                smallest = new Reduced(rule, key);
                min = size;
            }
        }
        return smallest;
    }

    private static boolean inReduced(Part p, Reduced red) {
        return keys(p, red.rule, false).contains(red.key);
    }

    /** Where a search ended: the winning part, the category and the list it was taken from, and how. */
    private record Outcome(Part winner, Category category, List<Part> tried, Reduced reduced, List<Part> skipped,
                           List<Part> after) {
    }

    private Outcome search(Request r, Layout layout) {
        Context ctx = new Context(r, layout);
        if (ctx.category == 0) {
            return null;
        }
        Set<Part> candidates = index.candidates(r);
        for (String key : new String[] {ctx.hitUri, r.path()}) {
            if (key != null) {
                candidates.addAll(byUriKey.getOrDefault(key, List.of()));
            }
        }
        Map<Integer, List<Part>> matchingByCategory = new HashMap<>();
        for (Part p : candidates) {
            if (p.route.stream == r.isStream() && ctx.matches(p)) {
                matchingByCategory.computeIfAbsent(meta.get(p).rules, k -> new ArrayList<>()).add(p);
            }
        }
        matchingByCategory.values().forEach(l -> l.sort(Comparator.comparingInt(layout.position::get)));
        int start = layout.categoryOrder.indexOf(ctx.category);
        start = Math.max(start, 0);
        for (int i = start; i < layout.categoryOrder.size(); i++) {
            int bits = layout.categoryOrder.get(i);
            List<Part> matching = matchingByCategory.get(bits);
            if (matching == null) {
                continue;
            }
            Category c = layout.categories.get(bits);
            Reduced red = reduce(c, ctx);
            List<Part> tried = matching;
            if (red != null) {
                List<Part> inList = new ArrayList<>(matching.stream().filter(p -> inReduced(p, red)).toList());
                if (red.rule == SRC || red.rule == DST) {
                    inList.sort(Comparator.comparingInt((Part p) -> hasIpAndPort(p, red.rule) ? 0 : 1));
                }
                if (!inList.isEmpty()) {
                    tried = inList;
                }
            }
            Part first = tried.get(0);
            List<Part> after = new ArrayList<>(tried.subList(1, tried.size()));
            for (Part p : matching) {
                if (p != first && !after.contains(p)) {
                    after.add(p);
                }
            }
            for (int j = i + 1; j < layout.categoryOrder.size(); j++) {
                after.addAll(matchingByCategory.getOrDefault(layout.categoryOrder.get(j), List.of()));
            }
            List<Part> skipped = new ArrayList<>();
            for (int j = 0; j < start; j++) {
                skipped.addAll(matchingByCategory.getOrDefault(layout.categoryOrder.get(j), List.of()));
            }
            return new Outcome(first, c, tried, tried == matching ? null : red, skipped, after);
        }
        return null;
    }

    private static boolean hasIpAndPort(Part p, int rule) {
        return (rule == SRC ? p.route.sources : p.route.destinations).stream()
                .anyMatch(n -> n.endpoint().ip() != null && n.endpoint().port() != null);
    }

    @Override
    public Optional<Pick> pick(Request r) {
        Outcome f = search(r, forward);
        if (f == null) {
            return Optional.empty();
        }
        Outcome b = search(r, reversed);
        Set<RouteMatchers> alternatives = new LinkedHashSet<>();
        if (b != null && b.winner.route != f.winner.route) {
            alternatives.add(b.winner.route.source);
        }
        for (Part p : f.tried) {
            if (p.route != f.winner.route && compare(p, f.winner) == 0) {
                alternatives.add(p.route.source);
            }
        }
        RouteMatchers winner = f.winner.route.source;
        if (!alternatives.isEmpty()) {
            return Optional.of(new Pick(winner, List.copyOf(alternatives), "arbitrary: the routes tie in "
                    + "traditional.lua sort_routes (same submatch, headers, regex_priority, path length; created_at "
                    + "unknown or equal), so their order depends on creation order"));
        }
        List<Part> others = new ArrayList<>(f.skipped);
        others.addAll(f.after);
        Part runnerUp = others.stream().filter(p -> p.route != f.winner.route).findFirst().orElse(null);
        if (runnerUp == null) {
            return Optional.of(new Pick(winner, List.of(), "the only route that matches"));
        }
        return Optional.of(new Pick(winner, List.of(), why(f, runnerUp) + " over " + runnerUp.route));
    }

    private String why(Outcome f, Part runnerUp) {
        Part w = f.winner;
        int cw = forward.categoryOrder.indexOf(meta.get(w).rules);
        int cr = forward.categoryOrder.indexOf(meta.get(runnerUp).rules);
        if (cw != cr) {
            if (cr < cw) {
                return "the search starts at the request's category (" + bits(meta.get(w).rules)
                        + "), below " + runnerUp.route + "'s (" + bits(meta.get(runnerUp).rules) + ")";
            }
            return categoryReason(meta.get(w).rules, meta.get(runnerUp).rules);
        }
        String s = sortReason(w, runnerUp);
        if (s != null) {
            return s;
        }
        // in one category a route that does not sort first only wins from the reduced candidate list
        return "Kong tries first the routes it indexes under the request's " + ruleName(f.reduced.rule) + " ("
                + f.reduced.key + ")";
    }

    private static String categoryReason(int w, int l) {
        if (Integer.bitCount(w) != Integer.bitCount(l)) {
            return "more kinds of matchers (" + bits(w) + " vs " + bits(l) + ")";
        }
        return "category " + bits(w) + " is tried before " + bits(l) + " (HOST > HEADER > URI > METHOD > SNI)";
    }

    private String sortReason(Part a, Part b) {
        Meta x = meta.get(a);
        Meta y = meta.get(b);
        if (compare(a, b) >= 0) {
            return null;
        }
        if (x.submatch != y.submatch) {
            int top = Integer.highestOneBit(x.submatch ^ y.submatch);
            if (top == SUB_WILDCARD_PORT) {
                return "a wildcard host with a port ranks above one without";
            }
            if (top == SUB_PLAIN_HOSTS) {
                return plainHostsReason(a.route.source, b.route.source);
            }
            return "a regex path ranks above a plain path";
        }
        if (x.headerCount != y.headerCount) {
            return "more headers (" + x.headerCount + " vs " + y.headerCount + ")";
        }
        if ((x.submatch & SUB_REGEX) != 0 && x.regexPriority != y.regexPriority) {
            return "regex_priority " + x.regexPriority + " ranks above " + y.regexPriority;
        }
        if (x.maxUriLength != y.maxUriLength) {
            return "a longer plain path (" + x.maxUriLength + " vs " + y.maxUriLength + " characters)";
        }
        return "created earlier (created_at " + x.createdAt + " < " + y.createdAt + ")";
    }

    /** Why a route with plain hosts only (or an empty hosts list, which counts as such) ranks above another. */
    static String plainHostsReason(RouteMatchers w, RouteMatchers l) {
        String what = w.hosts().isEmpty() ? "an empty hosts list counts as plain hosts only, which ranks"
                : "plain hosts only rank";
        return what + " above " + (l.hostsSet() ? "wildcard hosts" : "no hosts");
    }

    private static String ruleName(int rule) {
        return switch (rule) {
            case HOST -> "host";
            case HEADER -> "header name";
            case URI -> "path hit";
            case METHOD -> "method";
            case SNI -> "SNI";
            case SRC -> "source";
            default -> "destination";
        };
    }

    static String bits(int rules) {
        List<String> names = new ArrayList<>();
        String[] n = {"DST", "SRC", "SNI", "METHOD", "URI", "HEADER", "HOST"};
        for (int i = 6; i >= 0; i--) {
            if ((rules & (1 << i)) != 0) {
                names.add(n[i]);
            }
        }
        return String.join("+", names);
    }

    @Override
    public String ranksAbove(Part winner, Part loser) {
        int cw = forward.categoryOrder.indexOf(meta.get(winner).rules);
        int cl = forward.categoryOrder.indexOf(meta.get(loser).rules);
        if (cw != cl) {
            return cw < cl ? categoryReason(meta.get(winner).rules, meta.get(loser).rules) : null;
        }
        return sortReason(winner, loser);
    }

    /**
     * Whether the static order holds for every request both match: across categories unless the winner has SNIs
     * (for an http request they are skipped when matching, but the request's category then lacks SNI, and the search
     * may start below the winner's category); within a category when every candidate list that may hold the loser
     * also holds the winner.
     */
    @Override
    public boolean rankIsCertain(Part winner, Part loser) {
        if (ranksAbove(winner, loser) == null) {
            return false;
        }
        Meta w = meta.get(winner);
        Meta l = meta.get(loser);
        if (w.rules != l.rules) {
            return (w.rules & SNI) == 0;
        }
        if ((w.rules & (SRC | DST)) != 0) {
            return false;
        }
        for (int rule : HTTP_RULES) {
            if ((w.rules & rule) == 0 || rule == URI) {
                continue;
            }
            if (!keys(winner, rule, false).containsAll(keys(loser, rule, false))) {
                return false;
            }
        }
        if ((w.rules & URI) == 0 || Objects.equals(w.uriKey, l.uriKey)) {
            return true;
        }
        if (!winner.paths.get(0).isRegex()) {
            return false;
        }
        boolean loserRegex = loser.paths.get(0).isRegex();
        int sameKey = regexKeyCounts.getOrDefault(l.uriKey, 0);
        return loserRegex ? sameKey == 1 : sameKey == 0;
    }
}
