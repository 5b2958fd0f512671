package dev.kongsync.cli;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Ctrl-C (SIGINT) and the SIGTERM Kubernetes sends a Job, while a command runs: the first asks the command to stop
 * cleanly (writes in flight finish, the report is printed); a second exits at once (130).
 */
final class Signals implements AutoCloseable {
    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private final AtomicInteger received = new AtomicInteger();

    private Signals(Consumer<String> stop) {
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
                    stop.accept("SIG" + name);
                }));
                signals.add(s);
            } catch (IllegalArgumentException e) {
                // a platform without this signal
            }
        }
    }

    /** Handles SIGINT and SIGTERM with {@code stop} until closed. */
    static Signals during(Consumer<String> stop) {
        return new Signals(stop);
    }

    /** The signal that asked to stop, or null. */
    boolean stopped() {
        return received.get() > 0;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
