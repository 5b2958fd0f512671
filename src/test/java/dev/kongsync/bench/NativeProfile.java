package dev.kongsync.bench;

import dev.kongsync.testkong.TestKong;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a native kongsync spends its CPU: {@code perf record -g} of a no-op diff of generated entities against the
 * test Kong on 127.0.0.1 (kongsync's own process only), each sample given to the pipeline stage on its stack and
 * split between the stage's own work and the garbage collections its allocations set off; then the methods that
 * hold the most samples. The executable must keep its symbols and frame pointers ({@code bench/native-profile.sh}
 * builds one). Prints shares of samples, never a time to compare across machines; asserts nothing.
 */
public final class NativeProfile {
    private NativeProfile() {}

    /**
     * A stage, by the kongsync methods that only it runs (native symbols are {@code Class_method_hash}, nested
     * classes with {@code $}); the first stage whose method is on a sample's stack takes it.
     */
    record Stage(String name, List<String> methods) { }

    static final List<Stage> STAGES = List.of(
            new Stage("parse the files", List.of("ConfigParser_load")),
            new Stage("validate the files", List.of("ConfigValidator_check")),
            new Stage("read Kong", List.of("StateReader_", "AdminClient_pages")),
            new Stage("plan", List.of("Planner_")),
            new Stage("route check", List.of("RouteChecks_", "RouteChecks$", "RouteInputs_", "Analyzer_",
                    "RouteMatchers_")),
            new Stage("schemas", List.of("SchemaRegistry_", "prefetchSubschemas")));

    /** Frames of the garbage collector (SubstrateVM's serial GC runs on the thread whose allocation needed it). */
    static final List<String> GC = List.of("GCImpl_", "GCImpl$", "CompactingOldGeneration_");

    private static final Pattern HASH = Pattern.compile("_[A-Za-z0-9]{22}$");

    public static void main(String[] argv) throws Exception {
        Path exe = null;
        int services = 2400;
        int runs = 3;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--exe" -> exe = Path.of(argv[++i]);
                case "--services" -> services = Integer.parseInt(argv[++i]);
                case "--runs" -> runs = Integer.parseInt(argv[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        if (exe == null || !Files.isExecutable(exe)) {
            throw new IllegalArgumentException("--exe: a native kongsync built with symbols and frame pointers");
        }
        Path dir = Files.createTempDirectory("kongsync-profile");
        Path file = dir.resolve("bench.yml");
        Files.writeString(file, SyncBenchmark.generate(services, -1));
        try (TestKong kong = TestKong.start()) {
            run(List.of(exe.toString(), "sync", file.toString(), "--kong-addr", kong.url()));
            List<List<String>> samples = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                Path data = dir.resolve("perf-" + r + ".data");
                run(List.of("perf", "record", "-F", "4000", "-g", "-q", "-o", data.toString(), "--", exe.toString(),
                        "diff", file.toString(), "--kong-addr", kong.url()));
                samples.addAll(stacks(data));
            }
            print(services * 5, runs, samples);
        }
    }

    static void print(int entities, int runs, List<List<String>> samples) {
        int n = samples.size();
        Map<String, int[]> byStage = new LinkedHashMap<>();
        STAGES.forEach(s -> byStage.put(s.name(), new int[2]));
        byStage.put("other (start-up, HTTP, threads)", new int[2]);
        Map<String, Integer> self = new HashMap<>();
        int gc = 0;
        int faults = 0;
        for (List<String> frames : samples) {
            boolean inGc = frames.stream().anyMatch(f -> GC.stream().anyMatch(f::startsWith));
            gc += inGc ? 1 : 0;
            faults += frames.stream().anyMatch(f -> f.contains("page_fault")) ? 1 : 0;
            String stage = STAGES.stream().filter(s -> frames.stream().anyMatch(f -> s.methods().stream()
                    .anyMatch(f::contains))).map(Stage::name).findFirst().orElse("other (start-up, HTTP, threads)");
            byStage.get(stage)[inGc ? 1 : 0]++;
            if (!frames.isEmpty()) {
                self.merge(frames.get(0), 1, Integer::sum);
            }
        }
        System.out.printf("native profile: no-op diff of %,d entities, %d runs, %,d samples at 4 kHz "
                + "(perf, this process only)%n%n", entities, runs, n);
        System.out.printf("%-34s %8s %8s %8s%n", "stage", "work", "GC", "total");
        byStage.forEach((stage, c) -> System.out.printf("%-34s %7.1f%% %7.1f%% %7.1f%%%n", stage, pct(c[0], n),
                pct(c[1], n), pct(c[0] + c[1], n)));
        System.out.printf("%-34s %7s %7.1f%% %8s%n", "garbage collection, all stages", "", pct(gc, n), "");
        System.out.printf("%-34s %8s %8s %7.1f%%%n%n", "page faults (first touch of memory)", "", "", pct(faults, n));
        System.out.println("methods holding the most samples (inlined callees count as their caller):");
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(20)
                .forEach(e -> System.out.printf("  %5.1f%%  %s%n", pct(e.getValue(), n), e.getKey()));
    }

    private static double pct(int part, int whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /** Each sample's frames, innermost first, symbols without SubstrateVM's hash suffix. */
    static List<List<String>> stacks(Path data) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("perf", "script", "-i", data.toString(), "-F", "comm,tid,ip,sym")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<List<String>> out = new ArrayList<>();
        List<String> cur = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                if (!Character.isWhitespace(line.charAt(0))) {
                    cur = new ArrayList<>();
                    out.add(cur);
                    continue;
                }
                String[] parts = line.trim().split("\\s+", 2);
                if (cur != null && parts.length == 2) {
                    cur.add(HASH.matcher(parts[1]).replaceFirst(""));
                }
            }
        }
        if (p.waitFor() != 0) {
            throw new IllegalStateException("perf script -i " + data + " failed");
        }
        return out;
    }

    private static void run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + code);
        }
    }
}
