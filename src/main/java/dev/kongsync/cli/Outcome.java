package dev.kongsync.cli;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Problem;
import dev.kongsync.report.Report;
import dev.kongsync.report.Reporter;

import java.io.UncheckedIOException;

/** Turns what a command ran into into the report's errors, prints the report, and picks the exit code. */
final class Outcome {
    private Outcome() {}

    /** Records an exception as report errors; returns true if it was one the user can act on. */
    static void fail(Report report, Throwable t) {
        if (t instanceof InvalidConfigException ice) {
            for (Problem p : ice.problems()) {
                report.error(Report.Error.of(p));
            }
        } else if (t instanceof AdminApiException a) {
            report.error(Report.Error.of(a.getMessage()));
        } else if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                || t instanceof UncheckedIOException) {
            report.error(Report.Error.of(t.getMessage()));
        } else {
            report.error(Report.Error.of("unexpected error: " + t));
        }
    }

    /** With --verbose: the stage timings and request counts of the run, on standard error. */
    static void verbose(KongOptions kong, dev.kongsync.pipeline.Timings timings, dev.kongsync.pipeline.KongSession session) {
        if (!kong.verbose) {
            return;
        }
        timings.lines().forEach(l -> System.err.println("timing: " + l));
        if (session != null) {
            System.err.println("requests: " + session.client().requestCounts());
        }
    }

    /**
     * The exit code of a comparing command: 1 on any error; with {@code --exit-code}, 2 when changes are pending
     * and 3 when they include deletes; else 0.
     */
    static int compareExitCode(Report report, boolean exitCode) {
        if (!report.errors().isEmpty() || report.plan() == null) {
            return ExitCodes.ERROR;
        }
        if (!exitCode || report.plan().isEmpty()) {
            return ExitCodes.OK;
        }
        return report.plan().count(dev.kongsync.plan.Action.DELETE) > 0 ? ExitCodes.DELETES : ExitCodes.CHANGES;
    }

    /** How a sync ends up in the cluster: the Event reason and the one-line summary of the result. */
    static dev.kongsync.k8s.ResultRecorder.Outcome clusterOutcome(Report report, boolean dryRun) {
        dev.kongsync.plan.Plan plan = report.plan();
        java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("kongVersion", String.valueOf(report.info().kongVersion()));
        details.put("kongAddress", String.valueOf(report.info().address()));
        details.put("files", String.join(",", report.info().files()));
        java.util.Map<String, Object> counts = new java.util.LinkedHashMap<>();
        if (plan != null) {
            for (dev.kongsync.plan.Action a : dev.kongsync.plan.Action.values()) {
                counts.put(a.word(), plan.count(a));
            }
        }
        if (report.result() != null) {
            counts.put("applied", report.result().count(dev.kongsync.apply.OutcomeStatus.APPLIED));
            counts.put("failed", report.result().count(dev.kongsync.apply.OutcomeStatus.FAILED));
            counts.put("not_attempted", report.result().count(dev.kongsync.apply.OutcomeStatus.NOT_ATTEMPTED));
        }
        details.put("counts", counts);
        details.put("errors", report.errors().stream().map(Report.Error::toString).toList());
        if (!report.errors().isEmpty()) {
            return new dev.kongsync.k8s.ResultRecorder.Outcome("SyncFailed", true,
                    report.errors().get(0).toString() + (report.errors().size() > 1
                            ? " (and " + (report.errors().size() - 1) + " more "
                            + (report.errors().size() == 2 ? "error)" : "errors)") : ""), details);
        }
        String changes = plan == null ? "" : plan.count(dev.kongsync.plan.Action.CREATE) + " to create, "
                + plan.count(dev.kongsync.plan.Action.UPDATE) + " to update, "
                + plan.count(dev.kongsync.plan.Action.DELETE) + " to delete";
        if (dryRun && plan != null && !plan.isEmpty()) {
            return new dev.kongsync.k8s.ResultRecorder.Outcome("DriftFound", true, "Kong differs from the files: "
                    + changes, details);
        }
        String summary = plan == null || plan.isEmpty() ? "Kong matches the files, nothing written"
                : "applied " + dev.kongsync.report.Counts.of(plan.operations().size(), "change") + " (" + changes.replace(" to ", " ") + ")";
        return new dev.kongsync.k8s.ResultRecorder.Outcome("Synced", false, summary + " (Kong "
                + report.info().kongVersion() + ")", details);
    }

    static void print(Report report, String format) {
        Reporter.of(format).write(report, System.out, System.err);
        System.out.flush();
    }
}
