package dev.kongsync.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Wall time of each pipeline stage of one run, for {@code --verbose}. */
public final class Timings {
    private final List<String> lines = new ArrayList<>();

    public <T> T time(String stage, Supplier<T> work) {
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            synchronized (lines) {
                lines.add(String.format("%-10s %6d ms", stage, (System.nanoTime() - start) / 1_000_000));
            }
        }
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }
}
