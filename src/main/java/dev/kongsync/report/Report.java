package dev.kongsync.report;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.file.Problem;
import dev.kongsync.plan.Plan;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one run has to tell: its context, the plan (if one was computed), the apply result (for sync) and
 * the errors. Reporters render it; they never compute anything.
 */
public final class Report {
    /** One error, with its location when it comes from an input file. */
    public record Error(String message, String file, Integer line, Integer column, String field) {
        public static Error of(Problem p) {
            return new Error(p.message(), p.location() == null ? null : p.location().file(),
                    p.location() == null ? null : p.location().line(),
                    p.location() == null ? null : p.location().column(), p.field());
        }

        public static Error of(String message) {
            return new Error(message, null, null, null, null);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (file != null) {
                sb.append(file).append(':').append(line).append(':').append(column).append(": ");
            }
            if (field != null && !field.isEmpty()) {
                sb.append(field).append(": ");
            }
            return sb.append(message).toString();
        }
    }

    /** The undo of a failed or stopped sync: its plan, what became of it, and what it cannot restore. */
    public record Rollback(Plan plan, ApplyResult result, List<String> notes) {
        public boolean complete() {
            return result != null && result.complete();
        }
    }

    private RunInfo info;
    private Plan plan;
    private ApplyResult result;
    private Rollback rollback;
    private final List<String> warnings = new ArrayList<>();
    private final List<Error> errors = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private java.util.Map<Integer, String> attribution = java.util.Map.of();
    private java.time.Instant finishedAt;
    private dev.kongsync.traffic.RouteCheck routeCheck;

    public Report(RunInfo info) {
        this.info = info;
    }

    public RunInfo info() {
        return info;
    }

    public void info(RunInfo i) {
        this.info = i;
    }

    public Plan plan() {
        return plan;
    }

    public void plan(Plan p) {
        this.plan = p;
        if (p != null) {
            p.warnings().stream().filter(w -> !warnings.contains(w)).forEach(warnings::add);
        }
    }

    public ApplyResult result() {
        return result;
    }

    public void result(ApplyResult r) {
        this.result = r;
    }

    public List<Error> errors() {
        return errors;
    }

    /** The undo pass after a failed or stopped sync, or null. */
    public Rollback rollback() {
        return rollback;
    }

    public void rollback(Rollback r) {
        this.rollback = r;
    }

    /** What the user should know that is neither a change nor an error (a secret that cannot be checked). */
    public List<String> warnings() {
        return warnings;
    }

    /** True when Kong was left changed in part: writes were applied and not all rolled back. */
    public boolean leftPartlyChanged() {
        return result != null && !result.complete() && result.wroteAnything()
                && (rollback == null || !rollback.complete());
    }

    /** Informational lines for the text report (for example, how many entities were validated). */
    public List<String> notes() {
        return notes;
    }

    /** Operation index to who changed (see {@link dev.kongsync.plan.Attribution}); empty when not asked for. */
    public java.util.Map<Integer, String> attribution() {
        return attribution;
    }

    public void attribution(java.util.Map<Integer, String> a) {
        this.attribution = a;
    }

    /** When a sync finished writing: the marker a later drift report compares Kong's updated_at with. */
    public java.time.Instant finishedAt() {
        return finishedAt;
    }

    public void finishedAt(java.time.Instant t) {
        this.finishedAt = t;
    }

    /** The route collision check of the files (validate, diff, sync), or null when none was made. */
    public dev.kongsync.traffic.RouteCheck routeCheck() {
        return routeCheck;
    }

    public void routeCheck(dev.kongsync.traffic.RouteCheck c) {
        this.routeCheck = c;
    }

    public Report error(Error e) {
        errors.add(e);
        return this;
    }
}
