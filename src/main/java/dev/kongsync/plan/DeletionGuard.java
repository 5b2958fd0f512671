package dev.kongsync.plan;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Refuses a plan whose deletes exceed what the user allows: more than {@code --max-deletes} (a count, or a
 * percentage of the entities in scope), or any delete of a protected kind. Checked before any write.
 *
 * @param maxDeletes  "N" or "N%", or null for no limit
 * @param protect     kind names ("service", "upstream") no delete may touch
 */
public record DeletionGuard(String maxDeletes, Set<String> protect) {

    /** Why the plan is refused, or null if it is within the limits. */
    public String check(Plan plan) {
        List<Operation> deletes = plan.operations().stream().filter(o -> o.action() == Action.DELETE).toList();
        List<Operation> protectedOnes = deletes.stream().filter(o -> protect.contains(o.kind().name())).toList();
        if (!protectedOnes.isEmpty()) {
            return "refusing to delete protected " + protectedOnes.size() + " entit"
                    + (protectedOnes.size() == 1 ? "y" : "ies") + " (--protect " + String.join(", ", protect) + "): "
                    + names(protectedOnes) + ". Pass --allow-deletes to delete them anyway.";
        }
        if (maxDeletes != null) {
            long limit = limit(plan.currentCount());
            if (deletes.size() > limit) {
                return "refusing to delete " + deletes.size() + " entities, more than --max-deletes " + maxDeletes
                        + (maxDeletes.endsWith("%") ? " of " + plan.currentCount() + " in scope (" + limit + ")" : "")
                        + ": " + names(deletes) + ". Pass --allow-deletes to delete them anyway.";
            }
        }
        return null;
    }

    long limit(int inScope) {
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
