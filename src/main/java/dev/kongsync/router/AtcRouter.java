package dev.kongsync.router;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * traditional_compatible: every part is an ATC matcher keyed by (priority, uuid), and the router runs them from the
 * largest key down, the first match winning (atc-router 1.6.2 src/router.rs: {@code BTreeMap<MatcherKey(priority,
 * uuid)>} iterated with {@code .rev()}). Equal priorities are therefore decided by the larger uuid.
 */
final class AtcRouter implements Router {
    private final List<Part> parts = new ArrayList<>();
    private final Map<Part, Long> priorities = new IdentityHashMap<>();
    private final CandidateIndex index;

    AtcRouter(List<CompiledRoute> routes) {
        for (CompiledRoute r : routes) {
            for (Part p : r.parts) {
                parts.add(p);
                priorities.put(p, r.stream ? AtcPriority.stream(r.source) : AtcPriority.http(p));
            }
        }
        index = new CandidateIndex(parts);
    }

    long priority(Part p) {
        return priorities.get(p);
    }

    @Override
    public List<Part> parts() {
        return parts;
    }

    @Override
    public Optional<Pick> pick(Request r) {
        Part best = null;
        List<Part> matching = new ArrayList<>();
        for (Part p : index.candidates(r)) {
            if (p.route.stream == r.isStream() && p.matches(r)) {
                matching.add(p);
                if (best == null || compare(p, best) > 0) {
                    best = p;
                }
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        long top = priority(best);
        Set<RouteMatchers> tied = new LinkedHashSet<>();
        boolean idsKnown = best.id != null;
        Part runnerUp = null;
        for (Part p : matching) {
            if (p.route == best.route) {
                continue;
            }
            if (priority(p) == top) {
                tied.add(p.route.source);
                idsKnown &= p.id != null;
            }
            if (runnerUp == null || compare(p, runnerUp) > 0) {
                runnerUp = p;
            }
        }
        if (runnerUp == null) {
            return Optional.of(new Pick(best.route.source, List.of(), "the only route that matches"));
        }
        if (!tied.isEmpty() && !idsKnown) {
            return Optional.of(new Pick(best.route.source, List.copyOf(tied), "arbitrary: equal priority, so Kong "
                    + "takes the larger route id, and ids are assigned at creation unless kong.yml sets them"));
        }
        return Optional.of(new Pick(best.route.source, List.of(), explain(best, runnerUp) + " over " + runnerUp.route));
    }

    /** Orders parts as the ATC router tries them (larger first); unknown ids compare as equal. */
    private int compare(Part a, Part b) {
        int c = Long.compareUnsigned(priority(a), priority(b));
        if (c != 0 || a.id == null || b.id == null) {
            return c;
        }
        return a.id.toLowerCase(java.util.Locale.ROOT).compareTo(b.id.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String ranksAbove(Part winner, Part loser) {
        if (compare(winner, loser) <= 0) {
            return null;
        }
        return explain(winner, loser);
    }

    @Override
    public boolean rankIsCertain(Part winner, Part loser) {
        return compare(winner, loser) > 0;
    }

    /** Why {@code w} is tried before {@code l}, naming the highest priority bit in which they differ. */
    String explain(Part w, Part l) {
        long pw = priority(w);
        long pl = priority(l);
        if (pw == pl) {
            return "equal priority; the larger route id wins (" + w.id + " > " + l.id + ")";
        }
        if (w.route.stream) {
            return "stream priority " + Long.toUnsignedString(pw) + " ranks above " + Long.toUnsignedString(pl);
        }
        int bit = 63 - Long.numberOfLeadingZeros(pw ^ pl);
        RouteMatchers wm = w.route.source;
        RouteMatchers lm = l.route.source;
        if (bit == 63) {
            return kinds(w) >= 4
                    ? kinds(w) + " kinds of matchers overflow LuaJIT's 32-bit shift into the top priority bit"
                    : "regex_priority " + wm.regexPriority() + " overflows LuaJIT's 32-bit shift into the top priority bit";
        }
        if (bit == 60) {
            return TraditionalRouter.plainHostsReason(wm, lm);
        }
        if (bit == 51) {
            return "a regex path ranks above " + (l.paths.isEmpty() ? "no path" : "a plain path");
        }
        if (bit >= 29) {
            return "more kinds of matchers (" + kinds(w) + " vs " + kinds(l) + ")";
        }
        if (bit >= 19) {
            if (wm.headers().size() != lm.headers().size()) {
                return "more headers (" + wm.headers().size() + " vs " + lm.headers().size() + ")";
            }
            return "regex_priority " + wm.regexPriority() + " ranks above " + lm.regexPriority();
        }
        return "a longer plain path (" + w.paths.get(0).value().length() + " vs "
                + (l.paths.isEmpty() || l.paths.get(0).isRegex() ? 0 : l.paths.get(0).value().length()) + " characters)";
    }

    private static int kinds(Part p) {
        RouteMatchers m = p.route.source;
        int k = 0;
        for (boolean b : new boolean[] {!m.sources().isEmpty(), !m.destinations().isEmpty(), !m.methods().isEmpty(),
                !m.hosts().isEmpty(), !m.headers().isEmpty(), !m.snis().isEmpty(), !p.paths.isEmpty()}) {
            k += b ? 1 : 0;
        }
        return k;
    }
}
