package dev.kongsync.apply;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Redactor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a plan with bounded parallelism and no barriers: an operation starts as soon as the operations it
 * depends on have succeeded (a route is written the moment its service exists), as many at a time as the
 * {@link Pacing} allows (sent by a {@link Dispatcher}). The first failure stops new writes, and so does
 * {@link #stop}; writes already in flight finish; the result says exactly which operations were applied, which
 * failed and which were never sent.
 */
public final class Applier {
    private final Writer writer;
    private final Dispatcher dispatcher;
    private volatile String stoppedBy;

    public Applier(Writer writer, int parallelism) {
        this(writer, Pacing.fixed(parallelism));
    }

    public Applier(Writer writer, Pacing pacing) {
        this.writer = writer;
        this.dispatcher = new Dispatcher(pacing, "kongsync-apply");
    }

    /** What went wrong, for the report: Kong's message, with the operation's secret values masked. */
    private static String describe(Operation op, Throwable error) {
        return Redactor.text(op, explain(op, error));
    }

    private static String explain(Operation op, Throwable error) {
        if (!(error instanceof AdminApiException a)) {
            return String.valueOf(error);
        }
        if (a.status() == 409 && op.action() == Action.CREATE) {
            return a.getMessage() + " (Kong already has a " + op.kind().name() + " with this key that is outside "
                    + "the select-tag scope: add the select tags to it, or rename one of them)";
        }
        return a.getMessage();
    }

    /**
     * Stops dispatching (a signal asked kongsync to stop): writes in flight finish, nothing else is sent.
     *
     * @param why what stopped the run, for the report ("SIGINT")
     */
    public void stop(String why) {
        stoppedBy = why;
        dispatcher.stop();
    }

    @SuppressWarnings("unchecked")
    public ApplyResult apply(Plan plan) {
        List<Operation> ops = plan.operations();
        Dispatcher.Results done = dispatcher.run(ops.size(), i -> ops.get(i).dependsOn(),
                i -> writer.write(ops.get(i)));
        List<ApplyResult.Outcome> outcomes = new ArrayList<>();
        for (Operation op : ops) {
            int i = op.index();
            Throwable error = done.failure(i);
            if (error != null) {
                outcomes.add(new ApplyResult.Outcome(op, OutcomeStatus.FAILED, describe(op, error),
                        error instanceof AdminApiException a ? a.status() : 0, null));
            } else if (done.answered(i)) {
                outcomes.add(new ApplyResult.Outcome(op, OutcomeStatus.APPLIED, null, 0,
                        (Map<String, Object>) done.answer(i)));
            } else {
                outcomes.add(new ApplyResult.Outcome(op, OutcomeStatus.NOT_ATTEMPTED, null, 0, null));
            }
        }
        return new ApplyResult(outcomes, stoppedBy);
    }
}
