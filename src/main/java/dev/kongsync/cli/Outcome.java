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

    static void print(Report report, String format) {
        Reporter.of(format).write(report, System.out, System.err);
        System.out.flush();
    }
}
