package dev.kongsync.file;

import dev.kongsync.state.DesiredEntity;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What follows from a value whose template could not be rendered (an unset variable): the value is unknown, so the
 * problems found in it (a URL without a scheme, a port that is not an integer) and in what depends on it (the host
 * a {@code url} would have set, the entity's own checks) are not problems of the file. Only the template's own
 * problem ({@code environment variable X is not set}) is reported, once; the rest shows, if it is real, once the
 * variable is set.
 */
final class UnknownValues {
    private UnknownValues() {}

    /** {@code problems} without those that follow from an unknown value of one of {@code entities}. */
    static List<Problem> withoutConsequences(List<Problem> problems, List<DesiredEntity> entities) {
        Map<DesiredEntity, List<String>> unknown = new IdentityHashMap<>();
        for (DesiredEntity e : entities) {
            Set<String> pointers = e.doc().unresolved();
            if (pointers.isEmpty()) {
                continue;
            }
            for (String u : pointers) {
                if (u.startsWith(e.pointer() + "/") && owner(u, entities, e.doc()) == e) {
                    unknown.computeIfAbsent(e, k -> new ArrayList<>()).add(u);
                }
            }
        }
        if (unknown.isEmpty()) {
            return problems;
        }
        List<Problem> out = new ArrayList<>();
        for (Problem p : problems) {
            if (!follows(p, unknown)) {
                out.add(p);
            }
        }
        return out;
    }

    /** The entity whose own value {@code pointer} is: the one with the longest pointer that contains it. */
    private static DesiredEntity owner(String pointer, List<DesiredEntity> entities, SourceDocument doc) {
        DesiredEntity best = null;
        for (DesiredEntity e : entities) {
            if (e.doc() == doc && pointer.startsWith(e.pointer() + "/")
                    && (best == null || e.pointer().length() > best.pointer().length())) {
                best = e;
            }
        }
        return best;
    }

    private static boolean follows(Problem p, Map<DesiredEntity, List<String>> unknown) {
        if (p.location() == null || p.field() == null) {
            return false;
        }
        for (Map.Entry<DesiredEntity, List<String>> e : unknown.entrySet()) {
            DesiredEntity entity = e.getKey();
            if (!entity.doc().file().equals(p.location().file())) {
                continue;
            }
            for (String u : e.getValue()) {
                String path = SourceDocument.pathOf(u);
                if (p.field().equals(path) || within(p.field(), path) || within(path, p.field())
                        && p.field().length() >= SourceDocument.pathOf(entity.pointer()).length()) {
                    return true;
                }
            }
            String base = SourceDocument.pathOf(entity.pointer());
            if (p.field().equals(base)) {
                return true;
            }
            if (p.field().startsWith(base + ".")) {
                String field = p.field().substring(base.length() + 1).split("[.\\[]", 2)[0];
                if (!entity.doc().writes(entity.pointer() + "/" + SourceDocument.escape(field))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether {@code path} is inside {@code outer}: {@code a.b.c} or {@code a.b[0]} inside {@code a.b}. */
    private static boolean within(String path, String outer) {
        return path.startsWith(outer + ".") || path.startsWith(outer + "[");
    }
}
