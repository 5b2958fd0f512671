package dev.kongsync.apply;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Applies a plan with bounded parallelism and no barriers: an operation starts as soon as the operations it
 * depends on have succeeded (a route is written the moment its service exists), up to {@code parallelism} at a
 * time. The first failure stops new writes; writes already in flight finish; the result says exactly which
 * operations were applied, which failed and which were never sent.
 */
public final class Applier {
    private final Writer writer;
    private final int parallelism;

    public Applier(Writer writer, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        this.writer = writer;
        this.parallelism = parallelism;
    }

    private record Done(int index, Throwable error) {}

    private static String describe(Operation op, Throwable error) {
        if (!(error instanceof AdminApiException a)) {
            return String.valueOf(error);
        }
        if (a.status() == 409 && op.action() == dev.kongsync.plan.Action.CREATE) {
            return a.getMessage() + " (Kong already has a " + op.kind().name() + " with this key that is outside "
                    + "the select-tag scope: add the select tags to it, or rename one of them)";
        }
        return a.getMessage();
    }

    public ApplyResult apply(Plan plan) {
        List<Operation> ops = plan.operations();
        int n = ops.size();
        OutcomeStatus[] status = new OutcomeStatus[n];
        String[] errors = new String[n];
        int[] httpStatus = new int[n];
        int[] waitingOn = new int[n];
        List<List<Integer>> dependents = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>());
            status[i] = OutcomeStatus.NOT_ATTEMPTED;
        }
        for (Operation op : ops) {
            waitingOn[op.index()] = op.dependsOn().size();
            for (int dep : op.dependsOn()) {
                dependents.get(dep).add(op.index());
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, n)), r -> {
            Thread t = new Thread(r, "kongsync-apply");
            t.setDaemon(true);
            return t;
        });
        LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
        java.util.ArrayDeque<Integer> ready = new java.util.ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        int inFlight = 0;
        boolean stopped = false;
        try {
            while (true) {
                while (!stopped && !ready.isEmpty() && inFlight < parallelism) {
                    int i = ready.poll();
                    Operation op = ops.get(i);
                    inFlight++;
                    pool.execute(() -> {
                        try {
                            writer.write(op);
                            done.add(new Done(op.index(), null));
                        } catch (Throwable t) {
                            done.add(new Done(op.index(), t));
                        }
                    });
                }
                if (inFlight == 0) {
                    break;
                }
                Done d = done.take();
                inFlight--;
                if (d.error == null) {
                    status[d.index] = OutcomeStatus.APPLIED;
                    for (int dep : dependents.get(d.index)) {
                        if (--waitingOn[dep] == 0) {
                            ready.add(dep);
                        }
                    }
                } else {
                    status[d.index] = OutcomeStatus.FAILED;
                    errors[d.index] = describe(ops.get(d.index), d.error);
                    httpStatus[d.index] = d.error instanceof AdminApiException a ? a.status() : 0;
                    stopped = true;
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
            outcomes.add(new ApplyResult.Outcome(op, status[op.index()], errors[op.index()], httpStatus[op.index()]));
        }
        return new ApplyResult(outcomes);
    }
}
