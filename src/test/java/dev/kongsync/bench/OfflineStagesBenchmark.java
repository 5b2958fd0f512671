package dev.kongsync.bench;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.pipeline.OfflineDiff;
import dev.kongsync.plan.Planner;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.DesiredState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * CPU of the stages that need no Kong (parse, validate, plan against no Kong), warmed up, in one JVM, for
 * profiling (run it under JFR); asserts nothing. Usage: {@code OfflineStagesBenchmark [SERVICES] [ROUNDS]}.
 */
public final class OfflineStagesBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OfflineStagesBenchmark() {}

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 2400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path file = Files.createTempFile("offline-bench", ".yml");
        Files.writeString(file, SyncBenchmark.generate(services, -1));
        SchemaRegistry schemas = BundledSchemas.registry();
        for (int i = 0; i < rounds; i++) {
            DesiredState desired = cpu("parse", () -> ConfigParser.load(List.of(file.toString()), List.of()));
            cpu("validate", () -> ConfigValidator.problems(desired, schemas));
            var kong = cpu("as-kong", () -> OfflineDiff.asKongWouldHoldIt(desired, schemas));
            var plan = cpu("no-op plan", () -> Planner.planOffline(desired, kong, schemas));
            System.out.print(plan.operations().size() + " changes");
            System.out.println();
        }
    }

    static <T> T cpu(String stage, Supplier<T> work) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        T t = work.get();
        System.out.printf("%s %d ms  ", stage, (THREADS.getCurrentThreadCpuTime() - c0) / 1_000_000);
        return t;
    }
}
