package dev.kongsync.apply;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Redactor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Applies a plan with bounded parallelism and no barriers: an operation starts as soon as the operations it
 * depends on have succeeded (a route is written the moment its service exists), as many at a time as the
 * {@link Pacing} allows. The first failure stops new writes, and so does {@link #stop}; writes already in flight
 * finish; the result says exactly which operations were applied, which failed and which were never sent.
 */
public final class Applier {
    private final Writer writer;
    private final Pacing pacing;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private volatile String stoppedBy;

    public Applier(Writer writer, int parallelism) {
        this(writer, Pacing.fixed(parallelism));
    }

    public Applier(Writer writer, Pacing pacing) {
        this.writer = writer;
        this.pacing = pacing;
    }

    private record Done(int index, Throwable error, Map<String, Object> answer, long nanos) {
        static final Done WAKE = new Done(-1, null, null, 0);
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
        done.offer(Done.WAKE);
    }

    public ApplyResult apply(Plan plan) {
        List<Operation> ops = plan.operations();
        int n = ops.size();
        OutcomeStatus[] status = new OutcomeStatus[n];
        String[] errors = new String[n];
        int[] httpStatus = new int[n];
        List<Map<String, Object>> answers = new ArrayList<>();
        int[] waitingOn = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
            status[i] = OutcomeStatus.NOT_ATTEMPTED;
            answers.add(null);
        }
        for (Operation op : ops) {
            waitingOn[op.index()] = op.dependsOn().size();
            for (int dep : op.dependsOn()) {
                dependents.get(dep).add(op.index());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(pacing.maxInFlight(), n)), r -> {
            Thread t = new Thread(r, "kongsync-apply");
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        int inFlight = 0;
        boolean failed = false;
        try {
            while (true) {
                while (!failed && stoppedBy == null && !ready.isEmpty() && inFlight < pacing.inFlightAllowed()) {
                    long wait = pacing.delayBeforeNext();
                    if (wait > 0 && inFlight > 0) {
                        break;
                    }
                    if (wait > 0) {
                        Thread.sleep(wait);
                        continue;
                    }
                    int i = ready.poll();
                    Operation op = ops.get(i);
                    inFlight++;
                    pacing.sent();
                    pool.execute(() -> {
                        long start = System.nanoTime();
                        try {
                            Map<String, Object> answer = writer.write(op);
                            done.add(new Done(op.index(), null, answer, System.nanoTime() - start));
                        } catch (Throwable t) {
                            done.add(new Done(op.index(), t, null, System.nanoTime() - start));
                        }
                    });
                }
                if (inFlight == 0 && (failed || stoppedBy != null || ready.isEmpty())) {
                    break;
                }
                Done d = inFlight == 0 ? done.poll(pacing.delayBeforeNext(), TimeUnit.MILLISECONDS)
                        : done.poll(100, TimeUnit.MILLISECONDS);
                if (d == null || d == Done.WAKE) {
                    continue;
                }
                inFlight--;
                int httpCode = d.error instanceof AdminApiException a ? a.status() : 0;
                pacing.answered(d.nanos, d.error == null ? 200 : httpCode);
                if (d.error == null) {
                    status[d.index] = OutcomeStatus.APPLIED;
                    answers.set(d.index, d.answer);
                    for (int dep : dependents.get(d.index)) {
                        if (--waitingOn[dep] == 0) {
                            ready.add(dep);
                        }
                    }
                } else {
                    status[d.index] = OutcomeStatus.FAILED;
                    errors[d.index] = describe(ops.get(d.index), d.error);
                    httpStatus[d.index] = httpCode;
                    failed = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdown();
            try {
                pool.awaitTermination(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<ApplyResult.Outcome> outcomes = new ArrayList<>();
        for (Operation op : ops) {
            int i = op.index();
            outcomes.add(new ApplyResult.Outcome(op, status[i], errors[i], httpStatus[i], answers.get(i)));
        }
        return new ApplyResult(outcomes, stoppedBy);
    }
}
