package dev.kongsync.router;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds, for a request, the parts that can possibly match it (by host name and by the literal start of paths). */
final class CandidateIndex {
    private final Map<String, PrefixIndex> byHost = new HashMap<>();
    private final PrefixIndex wildcardHosts = new PrefixIndex();
    private final PrefixIndex anyHost = new PrefixIndex();
    private final List<Part> stream = new ArrayList<>();

    CandidateIndex(List<Part> parts) {
        for (Part p : parts) {
            if (p.route.stream) {
                stream.add(p);
                continue;
            }
            if (p.route.hosts.isEmpty()) {
                anyHost.add(p);
                continue;
            }
            Set<String> names = new LinkedHashSet<>();
            for (HostRule h : p.route.hosts) {
                if (h.isWildcard()) {
                    names.add("*");
                } else {
                    names.add(h.name());
                }
            }
            for (String n : names) {
                (n.equals("*") ? wildcardHosts : byHost.computeIfAbsent(n, k -> new PrefixIndex())).add(p);
            }
        }
    }

    /** The parts that may match {@code r}, without repeats; callers still run the real matchers. */
    Set<Part> candidates(Request r) {
        Set<Part> out = new LinkedHashSet<>();
        if (r.isStream()) {
            out.addAll(stream);
            return out;
        }
        if (r.host() != null) {
            PrefixIndex exact = byHost.get(r.host());
            if (exact != null) {
                exact.collect(r.path(), out);
            }
            wildcardHosts.collect(r.path(), out);
        }
        anyHost.collect(r.path(), out);
        return out;
    }

    /** Parts keyed by the literal start of each of their paths ("" for a part without paths). */
    static final class PrefixIndex {
        private final Map<String, List<Part>> byPrefix = new HashMap<>();

        void add(Part p) {
            if (p.paths.isEmpty()) {
                byPrefix.computeIfAbsent("", k -> new ArrayList<>()).add(p);
                return;
            }
            Set<String> keys = new LinkedHashSet<>();
            p.paths.forEach(path -> keys.add(path.literalPrefix()));
            keys.forEach(k -> byPrefix.computeIfAbsent(k, x -> new ArrayList<>()).add(p));
        }

        void collect(String path, Set<Part> out) {
            String s = path == null ? "" : path;
            for (int i = 0; i <= s.length(); i++) {
                List<Part> l = byPrefix.get(s.substring(0, i));
                if (l != null) {
                    out.addAll(l);
                }
            }
        }
    }
}
