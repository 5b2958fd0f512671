package dev.kongsync.plan;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a plan whose deletes exceed what the user allows: more than {@code --max-deletes} (a count, or a
 * percentage of the entities in scope), or any delete of a protected kind: those named by {@code --protect}, and
 * always the kinds whose loss takes traffic down (certificates, CA certificates, vaults: see the kind table). Checked
 * before any write; {@code --allow-deletes} lifts it.
 *
 * @param maxDeletes   "N" or "N%", or null for no limit
 * @param protect      kind names ("service", "upstream") no delete may touch
 * @param allowDeletes every delete is allowed
 * @param emptyingAsked the user asked to delete everything in scope and confirmed it (reset): deletes need no
 *                      select tags to be allowed, since no file was meant to name what stays
 */
public record DeletionGuard(String maxDeletes, Set<String> protect, boolean allowDeletes, boolean emptyingAsked) {

    public DeletionGuard(String maxDeletes, Set<String> protect, boolean allowDeletes) {
        this(maxDeletes, protect, allowDeletes, false);
    }

    /** Why the plan is refused, or null if it is within the limits. */
    public String check(Plan plan) {
        if (allowDeletes) {
            return null;
        }
        List<Operation> deletes = plan.operations().stream().filter(o -> o.action() == Action.DELETE).toList();
        List<Operation> named = deletes.stream().filter(o -> protect.contains(o.kind().name())).toList();
        if (!named.isEmpty()) {
            return "refusing to delete " + count(named.size()) + " of a protected kind (--protect "
                    + String.join(", ", protect) + "): " + names(named) + ". Pass --allow-deletes to delete them anyway.";
        }
        List<Operation> guarded = deletes.stream().filter(o -> o.kind().guardedDeletes()).toList();
        if (!guarded.isEmpty()) {
            return "refusing to delete " + count(guarded.size()) + " that live traffic may depend on: " + names(guarded)
                    + ". Certificates, CA certificates and vaults are never deleted by default (losing one takes "
                    + "TLS or every secret reference down); pass --allow-deletes to delete them.";
        }
        if (!emptyingAsked && maxDeletes == null && plan.selectTags().isEmpty() && !deletes.isEmpty()) {
            return "refusing to delete " + count(deletes.size()) + " (" + byKind(deletes) + ") that the files do not "
                    + "name: the files have no select tags, so every entity of this Kong they do not name would be "
                    + "deleted (another team's services among them). Give the files _info.select_tags, or pass "
                    + "--max-deletes N (or N%) to allow up to N deletes, or --allow-deletes: " + names(deletes) + ".";
        }
        if (maxDeletes != null) {
            long limit = limit(plan.currentCount());
            if (deletes.size() > limit) {
                return "refusing to delete " + count(deletes.size()) + ", more than --max-deletes " + maxDeletes
                        + (maxDeletes.endsWith("%") ? " of " + plan.currentCount() + " in scope (" + limit + ")" : "")
                        + ": " + names(deletes) + ". Pass --allow-deletes to delete them anyway.";
            }
        }
        return null;
    }

    private static String byKind(List<Operation> ops) {
        Map<String, Long> n = new TreeMap<>();
        ops.forEach(o -> n.merge(o.kind().name(), 1L, Long::sum));
        return n.entrySet().stream().map(e -> e.getValue() + " " + e.getKey() + (e.getValue() == 1 ? "" : "s"))
                .collect(Collectors.joining(", "));
    }

    private static String count(int n) {
        return n + (n == 1 ? " entity" : " entities");
    }

    /** The most deletes allowed out of {@code inScope}; throws on a malformed --max-deletes (checked up front). */
    public long limit(int inScope) {
        if (maxDeletes == null) {
            return Long.MAX_VALUE;
        }
        String v = maxDeletes.trim();
        try {
            if (v.endsWith("%")) {
                double pct = Double.parseDouble(v.substring(0, v.length() - 1));
                if (pct < 0 || pct > 100) {
                    throw new NumberFormatException();
                }
                return (long) Math.floor(inScope * pct / 100.0);
            }
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-deletes takes a count (10) or a percentage (5%), got " + maxDeletes);
        }
    }

    private static String names(List<Operation> ops) {
        String s = ops.stream().limit(20).map(Operation::display).collect(Collectors.joining(", "));
        return ops.size() > 20 ? s + " and " + (ops.size() - 20) + " more" : s;
    }
}
