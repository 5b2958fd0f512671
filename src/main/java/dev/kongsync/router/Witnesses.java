package dev.kongsync.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Concrete requests that a part matches, or that two parts both match: built from the matchers' literals and from
 * regex examples, and each checked against the parts' real matchers before it is returned.
 */
final class Witnesses {
    static final String ANY_HOST = "any.example";
    private static final int LIMIT = 12;

    private Witnesses() {
    }

    /** Requests both {@code a} and {@code b} match ({@code b} may be null: requests {@code a} matches). */
    static List<Request> of(Part a, Part b) {
        List<Request> out = new ArrayList<>();
        if (a.route.stream) {
            return out;
        }
        List<String[]> hosts = hosts(a.route.hosts, b == null ? List.of() : b.route.hosts);
        List<String> paths = paths(a, b);
        String method = method(a.route.methods, b == null ? Set.of() : b.route.methods);
        Map<String, String> headers = headers(a.route.headers, b == null ? List.of() : b.route.headers);
        if (method == null || headers == null) {
            return out;
        }
        for (String[] scheme : schemes(a, b)) {
            for (String[] host : hosts) {
                for (String path : paths) {
                    Request r = new Request(scheme[0], host[0], host[1] == null ? null : Integer.valueOf(host[1]), path,
                            method, Map.of(), scheme[1], null, null);
                    for (Map.Entry<String, String> h : headers.entrySet()) {
                        r = r.withHeader(h.getKey(), h.getValue());
                    }
                    if (a.matches(r) && (b == null || b.matches(r)) && !out.contains(r)) {
                        out.add(r);
                        if (out.size() >= LIMIT) {
                            return out;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Scheme and SNI pairs worth trying: https with an SNI both accept when SNIs are set, and plain http or https. */
    private static List<String[]> schemes(Part a, Part b) {
        List<String[]> out = new ArrayList<>();
        List<SniRule> snis = new ArrayList<>(a.route.snis);
        if (b != null) {
            snis.addAll(b.route.snis);
        }
        for (SniRule s : snis) {
            out.add(new String[] {"https", instance(s.kind(), s.fixedPart())});
        }
        boolean httpsOnly = onlyTls(a.route.source) && (b == null || onlyTls(b.route.source));
        out.add(new String[] {httpsOnly ? "https" : "http", null});
        out.add(new String[] {httpsOnly ? "http" : "https", null});
        return out;
    }

    private static boolean onlyTls(RouteMatchers m) {
        return m.protocols().stream().noneMatch(p -> p.equals("http") || p.equals("grpc"));
    }

    /** Host name and port (or null) pairs in both host lists; an empty list accepts any host. */
    private static List<String[]> hosts(List<HostRule> a, List<HostRule> b) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (a.isEmpty() && b.isEmpty()) {
            out.add(java.util.Arrays.asList(ANY_HOST, null));
        }
        List<HostRule> first = a.isEmpty() ? b : a;
        List<HostRule> second = a.isEmpty() ? List.of() : b;
        for (HostRule x : first) {
            if (second.isEmpty()) {
                out.add(java.util.Arrays.asList(instance(x.kind(), x.fixedPart()), port(x.port(), null)));
                continue;
            }
            for (HostRule y : second) {
                if (x.port() != null && y.port() != null && !x.port().equals(y.port())) {
                    continue;
                }
                String p = port(x.port(), y.port());
                for (String name : names(x, y)) {
                    out.add(java.util.Arrays.asList(name, p));
                }
            }
        }
        List<String[]> list = new ArrayList<>();
        out.forEach(l -> list.add(new String[] {l.get(0), l.get(1)}));
        return list;
    }

    private static String port(Integer x, Integer y) {
        Integer p = x != null ? x : y;
        return p == null ? null : p.toString();
    }

    /** Names both rules' name parts accept, when the sampler can think of one. */
    private static List<String> names(HostRule x, HostRule y) {
        List<String> candidates = new ArrayList<>();
        for (HostRule h : List.of(x, y)) {
            candidates.add(instance(h.kind(), h.fixedPart()));
        }
        HostRule prefix = x.kind() == HostRule.Kind.PREFIX ? x : y;
        HostRule suffix = x.kind() == HostRule.Kind.SUFFIX ? x : y;
        if (prefix.kind() == HostRule.Kind.PREFIX && suffix.kind() == HostRule.Kind.SUFFIX) {
            String p = prefix.fixedPart();
            candidates.add(p.substring(0, p.length() - 1) + suffix.fixedPart());
            candidates.add(p + "sub" + suffix.fixedPart());
        }
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            if (x.nameMatches(c) && y.nameMatches(c) && !out.contains(c)) {
                out.add(c);
            }
        }
        return out;
    }

    static String instance(HostRule.Kind kind, String fixed) {
        return switch (kind) {
            case EXACT -> fixed;
            case SUFFIX -> "sub" + fixed;
            case PREFIX -> fixed + "example";
        };
    }

    /** Candidate paths for both parts, the most specific first. */
    private static List<String> paths(Part a, Part b) {
        List<String> plain = new ArrayList<>();
        List<String> extended = new ArrayList<>();
        Set<String> sampled = new LinkedHashSet<>();
        for (Part p : b == null ? List.of(a) : List.of(a, b)) {
            for (PathRule path : p.paths) {
                if (path.isRegex()) {
                    sampled.addAll(Relations.pathSamples(path));
                } else {
                    plain.add(path.value());
                    extended.add(path.value() + (path.value().endsWith("/") ? "x" : "/x"));
                }
            }
        }
        java.util.Comparator<String> longestFirst = (x, y) -> Integer.compare(y.length(), x.length());
        plain.sort(longestFirst);
        extended.sort(longestFirst);
        Set<String> ordered = new LinkedHashSet<>(plain);
        ordered.addAll(extended);
        ordered.addAll(sampled);
        List<String> out = new ArrayList<>(ordered);
        if (out.isEmpty()) {
            out.add("/");
        }
        return out;
    }

    private static String method(Set<String> a, Set<String> b) {
        Set<String> common = new LinkedHashSet<>(a.isEmpty() ? b : a);
        if (!a.isEmpty() && !b.isEmpty()) {
            common.retainAll(b);
            if (common.isEmpty()) {
                return null;
            }
        }
        if (common.isEmpty() || common.contains("GET")) {
            return "GET";
        }
        return new java.util.TreeSet<>(common).first();
    }

    /** A value for every header either part requires that every rule on that name accepts; null when none is found. */
    private static Map<String, String> headers(List<HeaderRule> a, List<HeaderRule> b) {
        Map<String, List<HeaderRule>> byName = new LinkedHashMap<>();
        for (HeaderRule h : a) {
            byName.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h);
        }
        for (HeaderRule h : b) {
            byName.computeIfAbsent(h.name(), k -> new ArrayList<>()).add(h);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<HeaderRule>> e : byName.entrySet()) {
            List<String> candidates = new ArrayList<>();
            for (HeaderRule h : e.getValue()) {
                candidates.addAll(h.literals());
                for (String re : h.regexSources()) {
                    candidates.addAll(regexSamples(re, h));
                }
            }
            String chosen = candidates.stream()
                    .filter(v -> e.getValue().stream().allMatch(h -> h.acceptsValue(v.toLowerCase(Locale.ROOT))))
                    .findFirst().orElse(null);
            if (chosen == null) {
                return null;
            }
            out.put(e.getKey(), chosen);
        }
        return out;
    }

    /** Lower-cased header values a header rule's regex accepts (it is found anywhere in the value). */
    static List<String> regexSamples(String regex, HeaderRule rule) {
        List<String> out = new ArrayList<>();
        for (String s : RegexSampler.examples(regex)) {
            String v = s.toLowerCase(Locale.ROOT);
            if (rule.acceptsValue(v) && !out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
