package dev.kongsync.report;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.OutcomeStatus;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Attribution;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.schema.Values;

import java.io.PrintStream;
import java.util.List;

/**
 * Human-readable output: one line per created or deleted entity, and for an update only the fields that change
 * ({@code ~ route auth-route  paths: ["/api/auth"] -> ["/api/auth","/api/login"]}), then a summary.
 */
public final class TextReporter implements Reporter {

    @Override
    public void write(Report report, PrintStream out, PrintStream err) {
        Plan plan = report.plan();
        ApplyResult result = report.result();
        for (String note : report.notes()) {
            out.println(note);
        }
        if (plan != null) {
            for (Operation op : plan.operations()) {
                String status = "";
                if (result != null) {
                    ApplyResult.Outcome o = result.outcomes().get(op.index());
                    status = switch (o.status()) {
                        case APPLIED -> "";
                        case FAILED -> "  FAILED: " + o.error();
                        case NOT_ATTEMPTED -> "  (not attempted)";
                    };
                }
                String who = report.attribution().get(op.index());
                operation(op, status + (who == null ? "" : "  [" + Attribution.describe(who) + "]"), plan.selectTags(),
                        out);
            }
            summary(plan, result, out);
        }
        Report.Rollback rb = report.rollback();
        if (rb != null) {
            out.println("Rolling back what was applied:");
            for (Operation op : rb.plan().operations()) {
                ApplyResult.Outcome o = rb.result() == null ? null : rb.result().outcomes().get(op.index());
                String status = o == null ? "" : switch (o.status()) {
                    case APPLIED -> "";
                    case FAILED -> "  FAILED: " + o.error();
                    case NOT_ATTEMPTED -> "  (not attempted)";
                };
                operation(op, status, rb.plan().selectTags(), out);
            }
            rb.notes().forEach(n -> out.println("note: " + n));
            out.println(rb.complete() ? "Rolled back " + plural(rb.plan().operations().size(), "change")
                    + ": Kong holds again what it held before the sync (timestamps aside)."
                    : "Rollback incomplete: " + (rb.result() == null ? 0 : rb.result().count(OutcomeStatus.APPLIED))
                    + " of " + rb.plan().operations().size() + " restored; see the errors above.");
        }
        for (String w : report.warnings()) {
            err.println("warning: " + w);
        }
        for (Report.Error e : report.errors()) {
            err.println("error: " + e);
        }
    }

    /** Fields of a create on the headline's line while it stays this short; else one a line. */
    private static final int ONE_LINE = 120;

    private static void operation(Operation op, String status, List<String> selectTags, PrintStream out) {
        String head = op.action().symbol() + " " + op.display();
        if (op.renamedFrom() != null) {
            head += " (was " + op.renamedFrom() + ")";
        }
        if (op.action() == Action.CREATE) {
            List<String> fields = CreatedFields.of(op, selectTags).stream()
                    .map(f -> f.path() + ": " + show(f.after())).toList();
            String line = head + (fields.isEmpty() ? "" : "  " + String.join(", ", fields));
            if (line.length() <= ONE_LINE) {
                out.println(line + status);
            } else {
                out.println(head + status);
                fields.forEach(f -> out.println("    " + f));
            }
            return;
        }
        if (op.action() != Action.UPDATE) {
            out.println(head + status);
            return;
        }
        List<FieldChange> changes = Redactor.changes(op);
        if (changes.size() == 1) {
            out.println(head + "  " + change(changes.get(0)) + status);
            return;
        }
        out.println(head + status);
        for (FieldChange c : changes) {
            out.println("    " + change(c));
        }
    }

    static String plural(long n, String word) {
        return Counts.of(n, word);
    }

    private static String change(FieldChange c) {
        return c.path() + ": " + show(c.before()) + " -> " + show(c.after());
    }

    private static String show(Object v) {
        return Redactor.MASK.equals(v) ? Redactor.MASK : Values.render(v);
    }

    private static void summary(Plan plan, ApplyResult result, PrintStream out) {
        long c = plan.count(Action.CREATE);
        long u = plan.count(Action.UPDATE);
        long d = plan.count(Action.DELETE);
        if (result == null) {
            if (plan.isEmpty()) {
                out.println("No changes: Kong matches the files (" + Counts.entities(plan.currentCount())
                        + " in scope).");
            } else {
                out.println("Summary: " + c + " to create, " + u + " to update, " + d + " to delete ("
                        + Counts.of(c + u + d, "change") + ").");
            }
            return;
        }
        if (plan.isEmpty()) {
            out.println("Nothing to do: Kong already matches the files (" + Counts.entities(plan.currentCount())
                    + " in scope).");
        } else if (result.complete()) {
            out.println("Applied " + Counts.of(plan.operations().size(), "change") + ": " + c + " created, " + u
                    + " updated, " + d + " deleted.");
        } else {
            out.println("Sync stopped after a failure: " + result.count(OutcomeStatus.APPLIED) + " applied, "
                    + result.count(OutcomeStatus.FAILED) + " failed, " + result.count(OutcomeStatus.NOT_ATTEMPTED)
                    + " not attempted. Kong is partly updated; fix the cause and run sync again.");
        }
    }
}
