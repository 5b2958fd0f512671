package dev.kongsync.pipeline;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.Journal;
import dev.kongsync.apply.OutcomeStatus;
import dev.kongsync.apply.Undo;
import dev.kongsync.plan.DeletionGuard;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Redactor;
import dev.kongsync.report.Report;
import dev.kongsync.schema.Values;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.DesiredState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The write half of a sync, after the plan: the deletion guard, the apply, the journal, the undo of a failed apply
 * ({@code --on-error rollback}), and the convergence check (Kong re-read and compared with the files again: what
 * still differs is an error naming the field, not a change shown again on the next run).
 */
public final class SyncRun {
    private SyncRun() {}

    /**
     * @param guard    refuses deletes beyond what is allowed
     * @param dryRun   plan and guard only
     * @param rollback on a failed write, undo what was applied
     * @param journal  where to keep the applied changes with their pre-images, or null
     * @param coverage how much of the scope the files cover (apply: a part), for the convergence check
     */
    public record Options(DeletionGuard guard, boolean dryRun, boolean rollback, Path journal,
                          dev.kongsync.state.Coverage coverage) {
        public Options(DeletionGuard guard, boolean dryRun, boolean rollback, Path journal) {
            this(guard, dryRun, rollback, journal, dev.kongsync.state.Coverage.COMPLETE);
        }
    }

    /**
     * What sync and apply do with files: plan them against Kong, check the plan's routes and owners, and apply it
     * unless a check refused it (then nothing is written).
     *
     * @param command "sync" or "apply", for the refusal's message
     */
    public static void planAndApply(KongSession session, DesiredState desired, RouteChecks.Settings routes,
                                    Options options, Report report, String command) {
        Plan plan = session.plan(desired, options.coverage(), RouteChecks.READ_WHOLE);
        report.plan(plan);
        int before = report.errors().size();
        DesiredState scoped = desired.without(session.skipped());
        RouteChecks.online(session, scoped, plan, routes, report);
        Ownership.online(session, scoped, plan, report);
        if (report.errors().size() > before) {
            int n = report.errors().size() - before;
            report.error(Report.Error.of(command + " refused: " + n + (n == 1 ? " error" : " errors")
                    + " of the route and ownership checks above; nothing was written"));
        } else {
            apply(session, plan, desired, options, report);
        }
    }

    /**
     * Applies {@code plan} as the options say, recording everything in {@code report}.
     *
     * @param desired the files the plan came from, for the convergence check (null: no check)
     */
    public static void apply(KongSession session, Plan plan, DesiredState desired, Options options, Report report) {
        String refused = options.guard().check(plan);
        if (refused != null) {
            throw new IllegalStateException(refused + " Nothing was written.");
        }
        if (!checkedByKong(session, plan, desired, report) || options.dryRun()) {
            return;
        }
        Map<String, CurrentEntity> preImages = session.preImages();
        ApplyResult result = session.apply(plan, options.journal() != null);
        report.result(result);
        report.finishedAt(Instant.now());
        if (options.journal() != null && result.wroteAnything()) {
            try {
                Journal.write(options.journal(), session.client().config().address().toString(), result, preImages);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the journal " + options.journal() + ": "
                        + e.getMessage(), e);
            }
        }
        long applied = result.count(OutcomeStatus.APPLIED);
        if (result.stoppedBy() != null) {
            String command = report.info().command();
            report.error(Report.Error.of(command + " stopped by " + result.stoppedBy() + ": " + applied + " of "
                    + dev.kongsync.report.Counts.of(plan.operations().size(), "change") + " applied, the rest not attempted"
                    + (applied > 0 ? "; run " + command + " again to finish"
                    + (options.journal() != null ? ", or kongsync undo " + options.journal() + " to go back" : "")
                    : "; nothing was written")));
            return;
        }
        if (!result.complete()) {
            report.error(Report.Error.of(report.info().command() + " stopped after a failed write; " + applied + " of "
                    + dev.kongsync.report.Counts.of(plan.operations().size(), "change") + " applied"));
            if (options.rollback() && applied > 0) {
                rollback(session, result, preImages, report);
            }
            return;
        }
        if (desired != null && !plan.isEmpty()) {
            converged(session, desired, options.coverage(), report);
        }
    }

    /**
     * Kong's own check of every entity to write, before the first write; false (with every refusal in the report)
     * when Kong would refuse any of them.
     */
    public static boolean checkedByKong(KongSession session, Plan plan, DesiredState desired, Report report) {
        List<dev.kongsync.file.Problem> refusals = session.checkWithKong(plan,
                desired == null ? new DesiredState(List.of(), List.of(), List.of(), Map.of(), Map.of(), Map.of())
                        : desired);
        if (refusals.isEmpty()) {
            return true;
        }
        dev.kongsync.file.Problem.inFileOrder(refusals).forEach(p -> report.error(Report.Error.of(p)));
        report.error(Report.Error.of("Kong's own validation refuses " + refusals.size()
                + (refusals.size() == 1 ? " value" : " values") + " (POST /schemas/.../validate); nothing was "
                + "written"));
        return false;
    }

    private static void rollback(KongSession session, ApplyResult result, Map<String, CurrentEntity> preImages,
                                 Report report) {
        List<Operation> applied = result.outcomes().stream().filter(o -> o.status() == OutcomeStatus.APPLIED)
                .map(ApplyResult.Outcome::operation).toList();
        Undo.Result undo = Undo.of(applied, preImages, session.schemas());
        ApplyResult undone = session.apply(undo.plan(), false);
        report.rollback(new Report.Rollback(undo.plan(), undone, undo.notes()));
        if (!undone.complete()) {
            report.error(Report.Error.of("rollback incomplete: " + undone.count(OutcomeStatus.APPLIED) + " of "
                    + dev.kongsync.report.Counts.of(undo.plan().operations().size(), "change") + " restored"));
        }
    }

    /** Kong re-read after a complete sync must match the files: anything else is named, field by field. */
    private static void converged(KongSession session, DesiredState desired, dev.kongsync.state.Coverage coverage,
                                  Report report) {
        Plan again = session.replan(desired, coverage);
        for (Operation op : again.operations()) {
            StringBuilder sb = new StringBuilder("Kong does not hold what was written: " + op.display());
            if (op.changes().isEmpty()) {
                sb.append(op.action() == dev.kongsync.plan.Action.CREATE ? " is missing" : " is still there");
            }
            for (FieldChange c : Redactor.changes(op)) {
                sb.append("; ").append(c.path()).append(": Kong holds ").append(show(c.before()))
                        .append(", the files want ").append(show(c.after()));
            }
            report.error(Report.Error.of(sb + " (a sync writes it again each time: report it, or set the field "
                    + "as Kong stores it)"));
        }
    }

    private static String show(Object v) {
        return Redactor.MASK.equals(v) ? Redactor.MASK : Values.render(v);
    }
}
