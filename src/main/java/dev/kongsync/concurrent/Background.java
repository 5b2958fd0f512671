package dev.kongsync.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;

/**
 * Work that runs beside a command on daemon threads (which never keep the process alive), and the joining of its
 * outcome: a failure is thrown as the work threw it, not wrapped.
 */
public final class Background {
    private Background() {}

    /** Work started on a thread of its own: its outcome, and the thread, to wait for whatever the outcome. */
    public record Task<T>(CompletableFuture<T> outcome, Thread thread) {
        /** The work's value; its failure thrown as it was. */
        public T join() {
            return Background.join(outcome);
        }

        /** Waits for the thread to end, whatever the outcome. */
        public void awaitEnd() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** {@code work} on a daemon thread named {@code name}, started now. */
    public static <T> Task<T> start(String name, Supplier<T> work) {
        CompletableFuture<T> outcome = new CompletableFuture<>();
        Thread t = daemons(name).newThread(() -> {
            try {
                outcome.complete(work.get());
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        });
        t.start();
        return new Task<>(outcome, t);
    }

    /** Daemon threads named {@code name}, for a pool. */
    public static ThreadFactory daemons(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** {@code f}'s value; the RuntimeException or Error it failed with thrown as it was. */
    public static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
