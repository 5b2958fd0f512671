package dev.kongsync.router;

import java.util.ArrayList;
import java.util.List;

/**
 * Containment between matchers: {@code covers(b, a)} says whether every request part {@code a} matches is also
 * matched by part {@code b}, under the flavor's matching semantics. Plain matchers are decided exactly; a regex is
 * decided when its literal start or a monotone match settles it, and otherwise judged on sampled strings.
 */
final class Relations {
    static final List<String> SUFFIXES = List.of("", "/", "/x", "x", "1", "/1", "/123", "/abc/def", "-1", ".json");

    private Relations() {
    }

    static Cover covers(Part b, Part a) {
        CompiledRoute rb = b.route;
        CompiledRoute ra = a.route;
        Cover c = hosts(rb.hosts, ra.hosts);
        if (c == Cover.NO) {
            return c;
        }
        c = c.and(Cover.of(rb.methods.isEmpty() || (!ra.methods.isEmpty() && rb.methods.containsAll(ra.methods))));
        c = c.and(headers(rb.headers, ra.headers));
        c = c.and(snis(rb.snis, ra.snis));
        c = c.and(Cover.of(rb.sources.isEmpty() && rb.destinations.isEmpty()
                || (ra.source.sources().equals(rb.source.sources())
                && ra.source.destinations().equals(rb.source.destinations()))));
        return c == Cover.NO ? c : c.and(paths(b.paths, a.paths));
    }

    static Cover hosts(List<HostRule> b, List<HostRule> a) {
        if (b.isEmpty()) {
            return Cover.DECIDED;
        }
        if (a.isEmpty()) {
            return Cover.NO;
        }
        for (HostRule ha : a) {
            if (b.stream().noneMatch(hb -> hostCovers(hb, ha))) {
                return Cover.NO;
            }
        }
        return Cover.DECIDED;
    }

    /**
     * Names as in {@link #nameCovers}; a port on {@code hb} needs the same port on {@code ha}. Under traditional a
     * plain host with a port only matches that exact Host header, and a plain {@code hb} only covers a plain
     * {@code ha}, so the same test holds for both flavors.
     */
    private static boolean hostCovers(HostRule hb, HostRule ha) {
        if (!nameCovers(hb.kind(), hb.fixedPart(), ha.kind(), ha.fixedPart())) {
            return false;
        }
        return hb.port() == null || hb.port().equals(ha.port());
    }

    /** Whether every name of kind {@code ka} (fixed part {@code fa}) also fits kind {@code kb} with fixed part {@code fb}. */
    static boolean nameCovers(HostRule.Kind kb, String fb, HostRule.Kind ka, String fa) {
        return switch (kb) {
            case EXACT -> ka == HostRule.Kind.EXACT && fa.equals(fb);
            case SUFFIX -> (ka == HostRule.Kind.EXACT && fa.endsWith(fb) && fa.length() > fb.length())
                    || (ka == HostRule.Kind.SUFFIX && fa.endsWith(fb));
            case PREFIX -> (ka == HostRule.Kind.EXACT && fa.startsWith(fb) && fa.length() > fb.length())
                    || (ka == HostRule.Kind.PREFIX && fa.startsWith(fb));
        };
    }

    private static Cover headers(List<HeaderRule> b, List<HeaderRule> a) {
        Cover c = Cover.DECIDED;
        for (HeaderRule hb : b) {
            HeaderRule ha = a.stream().filter(h -> h.name().equals(hb.name())).findFirst().orElse(null);
            if (ha == null) {
                return Cover.NO;
            }
            for (String lit : ha.literals()) {
                c = c.and(Cover.of(hb.acceptsValue(lit)));
            }
            for (String re : ha.regexSources()) {
                if (!hb.regexSources().contains(re)) {
                    List<String> samples = Witnesses.regexSamples(re, ha);
                    c = c.and(!samples.isEmpty() && samples.stream().allMatch(hb::acceptsValue) ? Cover.SAMPLED : Cover.NO);
                }
            }
        }
        return c;
    }

    private static Cover snis(List<SniRule> b, List<SniRule> a) {
        if (b.isEmpty()) {
            return Cover.DECIDED;
        }
        if (a.isEmpty()) {
            return Cover.NO;
        }
        for (SniRule sa : a) {
            if (b.stream().noneMatch(sb -> nameCovers(sb.kind(), sb.fixedPart(), sa.kind(), sa.fixedPart()))) {
                return Cover.NO;
            }
        }
        return Cover.DECIDED;
    }

    static Cover paths(List<PathRule> b, List<PathRule> a) {
        if (b.isEmpty()) {
            return Cover.DECIDED;
        }
        if (a.isEmpty()) {
            return Cover.of(b.stream().anyMatch(p -> !p.isRegex() && p.value().equals("/")));
        }
        Cover all = Cover.DECIDED;
        for (PathRule pa : a) {
            Cover best = Cover.NO;
            for (PathRule pb : b) {
                Cover c = pathCovers(pb, pa);
                if (c == Cover.DECIDED || (c == Cover.SAMPLED && best == Cover.NO)) {
                    best = c;
                }
            }
            all = all.and(best);
        }
        return all;
    }

    static Cover pathCovers(PathRule pb, PathRule pa) {
        if (!pb.isRegex()) {
            if (pa.literalPrefix().startsWith(pb.value())) {
                return Cover.DECIDED;
            }
            if (!pa.isRegex()) {
                return Cover.NO;
            }
            List<String> samples = pathSamples(pa);
            return !samples.isEmpty() && samples.stream().allMatch(s -> s.startsWith(pb.value())) ? Cover.SAMPLED : Cover.NO;
        }
        if (!pa.isRegex()) {
            if (!pb.matches(pa.value())) {
                return Cover.NO;
            }
            if (pb.prefixMonotone()) {
                return Cover.DECIDED;
            }
            return SUFFIXES.stream().allMatch(s -> pb.matches(pa.value() + s)) ? Cover.SAMPLED : Cover.NO;
        }
        if (pb.source().equals(pa.source())) {
            return Cover.DECIDED;
        }
        List<String> samples = pathSamples(pa);
        return !samples.isEmpty() && samples.stream().allMatch(s -> pb.matches(s)) ? Cover.SAMPLED : Cover.NO;
    }

    /** Paths a regex rule matches: its examples, its literal start with a few endings, and their extensions. */
    static List<String> pathSamples(PathRule p) {
        List<String> out = new ArrayList<>();
        List<String> seeds = new ArrayList<>(RegexSampler.examples(p.source()));
        SUFFIXES.forEach(s -> seeds.add(p.literalPrefix() + s));
        for (String seed : seeds) {
            for (String ext : List.of("", "/x", "/1/2")) {
                String s = seed + ext;
                if (s.startsWith("/") && p.matches(s) && !out.contains(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }
}
