package dev.kongsync.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Wall time of each pipeline stage of one run, for {@code --verbose}: one line per stage (a stage that ran several
 * times, such as the schema reads or the second plan of the convergence check, is added up and says how often it
 * ran), then the run's total since it started. Stages may overlap (Kong is read while the files are validated), so
 * the total is not their sum.
 */
public final class Timings {
    private final long start = System.nanoTime();
    private final Map<String, long[]> stages = new LinkedHashMap<>();

    public <T> T time(String stage, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            long took = System.nanoTime() - t0;
            synchronized (stages) {
                long[] s = stages.computeIfAbsent(stage, k -> new long[2]);
                s[0] += took;
                s[1]++;
            }
        }
    }

    public void time(String stage, Runnable work) {
        time(stage, () -> {
            work.run();
            return null;
        });
    }

    /** One line per stage, in the order the stages first ran, then the total. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        synchronized (stages) {
            stages.forEach((stage, s) -> out.add(String.format("%-10s %6d ms", stage, s[0] / 1_000_000)
                    + (s[1] > 1 ? " (" + s[1] + " times)" : "")));
        }
        out.add(String.format("%-10s %6d ms", "total", (System.nanoTime() - start) / 1_000_000));
        return out;
    }
}
