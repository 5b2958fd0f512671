package dev.kongsync.bench;

import dev.kongsync.testkong.TestKong;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sync benchmark: runs the built kongsync ({@code ./kongsync}) against the test Kong on 127.0.0.1 with a fixed
 * delay per request, for generated configurations of N services (each with 2 routes, a service plugin and a route
 * plugin: 5 entities per service). Scenarios: sync into an empty Kong, a no-op diff, and a 1% change. Prints
 * requests by method and collection, wall time, and the ratio to the ideal {@code writes / parallelism x delay}.
 * Run with {@code bench/sync-bench.sh}; it prints figures and asserts nothing.
 */
public final class SyncBenchmark {
    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        long delay = 20;
        int parallelism = 10;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--parallelism" -> parallelism = Integer.parseInt(args[++i]);
                default -> sizes.add(Integer.parseInt(args[i]));
            }
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 2000);
        }
        Path dir = Files.createTempDirectory("kongsync-bench");
        System.out.printf("kongsync sync benchmark: test Kong on 127.0.0.1, %d ms per request, --parallelism %d%n",
                delay, parallelism);
        System.out.printf("start-up of ./kongsync (--version, native if built, else JVM): %d ms%n", time(List.of("./kongsync", "--version")));
        System.out.println();
        System.out.printf("%-9s %-14s %9s %8s %8s %10s %10s %7s  %s%n", "entities", "scenario", "GET", "PUT",
                "DELETE", "wall ms", "ideal ms", "ratio", "requests by collection");
        for (int services : sizes) {
            try (TestKong kong = TestKong.start()) {
                kong.delay(delay);
                Path full = dir.resolve("bench-" + services + ".yml");
                Files.writeString(full, generate(services, -1));
                int entities = services * 5;
                run(kong, "sync", full, parallelism, delay, entities, "sync (empty)");
                run(kong, "diff", full, parallelism, delay, entities, "no-op diff");
                Path changed = dir.resolve("bench-" + services + "-1pct.yml");
                Files.writeString(changed, generate(services, Math.max(1, entities / 100)));
                run(kong, "sync", changed, parallelism, delay, entities, "1% change");
            }
        }
    }

    private static void run(TestKong kong, String command, Path file, int parallelism, long delay, int entities,
                            String label) throws Exception {
        kong.clearRequests();
        List<String> cmd = List.of("./kongsync", command, file.toString(), "--kong-addr", kong.url(),
                "--parallelism", String.valueOf(parallelism));
        long ms = time(cmd);
        List<TestKong.Request> reqs = kong.requests();
        Map<String, Integer> byMethod = new TreeMap<>();
        Map<String, Integer> byCollection = new TreeMap<>();
        for (TestKong.Request r : reqs) {
            byMethod.merge(r.method(), 1, Integer::sum);
            String[] seg = r.path().split("/");
            String coll = seg.length > 1 ? seg[1] : "/";
            if (seg.length > 3 && !seg[1].equals("schemas")) {
                coll = seg[1] + "/*/" + seg[3];
            }
            byCollection.merge(r.method() + " " + coll, 1, Integer::sum);
        }
        int writes = byMethod.getOrDefault("PUT", 0) + byMethod.getOrDefault("DELETE", 0);
        double ideal = Math.ceil((double) writes / parallelism) * delay;
        System.out.printf("%-9d %-14s %9d %8d %8d %10d %10s %7s  max concurrent %d, %s%n", entities, label,
                byMethod.getOrDefault("GET", 0), byMethod.getOrDefault("PUT", 0), byMethod.getOrDefault("DELETE", 0),
                ms, writes == 0 ? "-" : String.valueOf((long) ideal),
                writes == 0 ? "-" : String.format("%.2f", ms / ideal), kong.maxConcurrency(), byCollection);
    }

    private static long time(List<String> cmd) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        int code = p.waitFor();
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (code != 0 && code != 2) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + code);
        }
        return ms;
    }

    /** N services with 2 routes, a cors plugin and a route rate-limiting plugin each; {@code changed} routes differ. */
    static String generate(int services, int changed) {
        StringBuilder sb = new StringBuilder("_format_version: \"3.0\"\n_info:\n  select_tags: [bench]\nservices:\n");
        int routeNo = 0;
        for (int s = 0; s < services; s++) {
            sb.append("  - name: svc-").append(s).append("\n    url: http://svc-").append(s)
                    .append(".banking.svc.cluster.local:8080\n    routes:\n");
            for (int r = 0; r < 2; r++) {
                boolean change = routeNo < changed;
                sb.append("      - name: route-").append(s).append('-').append(r).append("\n        paths: [\"/svc-")
                        .append(s).append("/r").append(r).append(change ? "/v2" : "").append("\"]\n");
                if (r == 0) {
                    sb.append("        plugins:\n          - name: rate-limiting\n            config: {minute: ")
                            .append(60 + s % 7).append(", policy: local}\n");
                }
                routeNo++;
            }
            sb.append("    plugins:\n      - name: cors\n        config:\n          origins: [\"https://svc-").append(s)
                    .append(".example\"]\n");
        }
        return sb.toString();
    }
}
