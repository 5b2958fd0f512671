package dev.kongsync.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and the SIGTERM Kubernetes sends a Job, for the whole of a command that writes: the first asks it
 * to stop cleanly (writes in flight finish, the report is printed, and a stop before the first write says nothing
 * was written); a second exits at once (130). Until the command has a session to stop, a signal is only recorded,
 * and passed on as soon as it has one.
 */
final class Signals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile String stoppedBy;
    private Consumer<String> stop;

    private Signals() {
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal s = new Signal(name);
                previous.add(Signal.handle(s, sig -> {
                    if (received.incrementAndGet() > 1) {
                        System.err.println("kongsync: second SIG" + name + ", exiting now");
                        Runtime.getRuntime().halt(130);
                    }
                    System.err.println("kongsync: SIG" + name + " received: stopping after the writes in flight "
                            + "(send it again to exit at once)");
                    stoppedBy = "SIG" + name;
                    Consumer<String> target;
                    synchronized (this) {
                        target = stop;
                    }
                    if (target != null) {
                        target.accept(stoppedBy);
                    }
                }));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // a platform without this signal
            }
        }
    }

    /** Handles SIGINT and SIGTERM until closed. */
    static Signals install() {
        return new Signals();
    }

    /** From now on a signal stops {@code target}; at once if one came already. */
    void forward(Consumer<String> target) {
        synchronized (this) {
            stop = target;
        }
        String why = stoppedBy;
        if (why != null) {
            target.accept(why);
        }
    }

    /** The signal that asked to stop ("SIGTERM"), or null. */
    String stoppedBy() {
        return stoppedBy;
    }

    /**
     * What to report for a failure: a run a signal stopped before it wrote anything fails because it was stopped
     * (its requests were cut short), which is what the report says, not the cut request's error.
     */
    RuntimeException explain(RuntimeException e, dev.kongsync.report.Report report) {
        String why = stoppedBy;
        boolean wrote = report.result() != null && report.result().wroteAnything();
        return why == null || wrote ? e : new IllegalStateException("stopped by " + why + " before any write; "
                + "nothing was written", e);
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
