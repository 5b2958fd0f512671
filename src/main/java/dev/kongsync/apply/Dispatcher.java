package dev.kongsync.apply;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.concurrent.Background;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Sends numbered requests to Kong at the pace a {@link Pacing} allows, from one dispatching thread: as many in flight
 * as it allows now, each after the wait it asks for, and each only once the requests it depends on have succeeded.
 * The pacing is told of every request sent and answered. The first failure stops new requests, and so does
 * {@link #stop}; requests already in flight finish. The applier's writes and Kong's validation of the entities
 * before them are both sent through it.
 */
public final class Dispatcher {
    /** One request: its answer (which may be null), or an exception that says why it failed. */
    @FunctionalInterface
    public interface Request {
        Object send(int index) throws Exception;
    }

    /** What became of each request, by index: answered (with its answer), failed (with why), or never sent. */
    public static final class Results {
        private final Object[] answers;
        private final Throwable[] failures;
        private final boolean[] answered;

        Results(int n) {
            answers = new Object[n];
            failures = new Throwable[n];
            answered = new boolean[n];
        }

        public boolean answered(int i) {
            return answered[i];
        }

        public Object answer(int i) {
            return answers[i];
        }

        /** Why request {@code i} failed, or null. */
        public Throwable failure(int i) {
            return failures[i];
        }

        /** The first failure by index, or null if none failed. */
        public Throwable firstFailure() {
            for (Throwable t : failures) {
                if (t != null) {
                    return t;
                }
            }
            return null;
        }
    }

    private record Done(int index, Throwable error, Object answer, long nanos) {
        static final Done WAKE = new Done(-1, null, null, 0);
    }

    private final Pacing pacing;
    private final String threadName;
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private volatile boolean stopped;

    /** @param threadName the name of the threads that send the requests */
    public Dispatcher(Pacing pacing, String threadName) {
        this.pacing = pacing;
        this.threadName = threadName;
    }

    /** Sends nothing more; the requests in flight finish and {@link #run} returns. */
    public void stop() {
        stopped = true;
        done.offer(Done.WAKE);
    }

    /**
     * Sends requests {@code 0..n-1}, each after the requests {@code dependsOn} names for it have succeeded, and
     * returns when none is in flight and none more may be sent (all answered, one failed, or stopped).
     */
    public Results run(int n, IntFunction<? extends Collection<Integer>> dependsOn, Request request) {
        Results results = new Results(n);
        int[] waitingOn = new int[n];
        List<List<Integer>> dependents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dependents.add(new ArrayList<>(0));
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int i = 0; i < n; i++) {
            Collection<Integer> deps = dependsOn.apply(i);
            waitingOn[i] = deps.size();
            for (int dep : deps) {
                dependents.get(dep).add(i);
            }
            if (waitingOn[i] == 0) {
                ready.add(i);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(pacing.maxInFlight(), n)),
                Background.daemons(threadName));
        int inFlight = 0;
        boolean failed = false;
        try {
            while (true) {
                while (!failed && !stopped && !ready.isEmpty() && inFlight < pacing.inFlightAllowed()) {
                    long wait = pacing.delayBeforeNext();
                    if (wait > 0 && inFlight > 0) {
                        break;
                    }
                    if (wait > 0) {
                        Thread.sleep(wait);
                        continue;
                    }
                    int i = ready.poll();
                    inFlight++;
                    pacing.sent();
                    pool.execute(() -> {
                        long start = System.nanoTime();
                        try {
                            Object answer = request.send(i);
                            done.add(new Done(i, null, answer, System.nanoTime() - start));
                        } catch (Throwable t) {
                            done.add(new Done(i, t, null, System.nanoTime() - start));
                        }
                    });
                }
                if (inFlight == 0 && (failed || stopped || ready.isEmpty())) {
                    break;
                }
                Done d = inFlight == 0 ? done.poll(pacing.delayBeforeNext(), TimeUnit.MILLISECONDS)
                        : done.poll(100, TimeUnit.MILLISECONDS);
                if (d == null || d == Done.WAKE) {
                    continue;
                }
                inFlight--;
                pacing.answered(d.nanos, d.error == null ? 200
                        : d.error instanceof AdminApiException a ? a.status() : 0);
                if (d.error == null) {
                    results.answered[d.index] = true;
                    results.answers[d.index] = d.answer;
                    for (int dep : dependents.get(d.index)) {
                        if (--waitingOn[dep] == 0) {
                            ready.add(dep);
                        }
                    }
                } else {
                    results.failures[d.index] = d.error;
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
        return results;
    }
}
