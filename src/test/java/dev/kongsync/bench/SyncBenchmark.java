package dev.kongsync.bench;

import dev.kongsync.testkong.TestKong;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The performance benchmark: the built kongsync ({@code ./kongsync}: native if built, else the JVM jar) against the
 * test Kong on 127.0.0.1, each figure printed as a ratio to a baseline measured in the same run: {@link RawClient}
 * writing the same entities by id with the same parallelism, or reading the same collections. Configurations are
 * generated: N services, each with 2 routes, a service plugin and a route plugin (5 entities per service).
 * Prints figures and asserts nothing; run with {@code bench/sync-bench.sh}.
 */
public final class SyncBenchmark {
    private SyncBenchmark() {}

    record Args(int services, int parallelism, long delay, long pageDelay, int sweepServices, boolean sweep) { }

    /** A kongsync run: wall, CPU (user + system) and peak RSS of the process, from {@code /usr/bin/time}. */
    record Run(long wallMs, long cpuMs, long rssMb, String out, String err) {
        /** A stage's milliseconds from the {@code -v} timings, or -1. */
        long stage(String name) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(name)
                    + "\\s+(\\d+) ms").matcher(err);
            return m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    public static void main(String[] argv) throws Exception {
        int services = 2400;
        int parallelism = 10;
        long delay = 20;
        long pageDelay = 100;
        int sweepServices = 600;
        boolean sweep = true;
        for (int i = 0; i < argv.length; i++) {
            switch (argv[i]) {
                case "--services" -> services = Integer.parseInt(argv[++i]);
                case "--parallelism" -> parallelism = Integer.parseInt(argv[++i]);
                case "--delay-ms" -> delay = Long.parseLong(argv[++i]);
                case "--page-delay-ms" -> pageDelay = Long.parseLong(argv[++i]);
                case "--sweep-services" -> sweepServices = Integer.parseInt(argv[++i]);
                case "--no-sweep" -> sweep = false;
                default -> throw new IllegalArgumentException("unknown argument " + argv[i]);
            }
        }
        run(new Args(services, parallelism, delay, pageDelay, sweepServices, sweep));
    }

    static void run(Args a) throws Exception {
        Path dir = Files.createTempDirectory("kongsync-bench");
        int entities = a.services * 5;
        Path full = dir.resolve("bench.yml");
        Files.writeString(full, generate(a.services, -1));
        int changedRoutes = Math.max(1, entities / 100);
        Path changed = dir.resolve("bench-1pct.yml");
        Files.writeString(changed, generate(a.services, changedRoutes));
        System.out.printf("kongsync benchmark, %s: %,d entities (%d services, %.2f MB of YAML), parallelism %d; "
                        + "test Kong on 127.0.0.1 in this JVM; kongsync = %s%n", java.time.LocalDate.now(), entities,
                a.services, Files.size(full) / 1e6, a.parallelism, kongsyncKind());
        System.out.printf("machine: %d cores; the baseline is RawClient (JDK HttpClient, keep-alive, one PUT by id "
                + "per entity, a barrier after each kind) in the same run%n%n", Runtime.getRuntime().availableProcessors());
        System.out.printf("%-44s %10s %10s %8s %10s %10s %8s %8s%n", "scenario", "raw ms", "kongsync", "ratio",
                "raw cpu", "ks cpu", "ratio", "ks RSS");

        for (long delay : List.of(0L, a.delay)) {
            RawClient.Cost raw;
            try (TestKong kong = TestKong.start(); RawClient client = new RawClient(kong.url(), a.parallelism)) {
                kong.delayWrites(delay);
                raw = client.write(RawClient.entities(a.services));
            }
            try (TestKong kong = TestKong.start()) {
                kong.delayWrites(delay);
                Run ks = kongsync(kong, "sync", full.toString(), "--parallelism", String.valueOf(a.parallelism), "-v");
                row("sync from empty, writes delayed " + delay + " ms", raw.wallMs(), raw.cpuMs(), ks);
                long validation = ks.stage("kong-validation");
                long checks = kong.requests().stream().filter(TestKong.Request::isValidation).count();
                System.out.printf("%-44s %10s %10d %8s   Kong's validation endpoint, %d requests (one per distinct "
                                + "body) before the first write: %.0f%% of the rest of the sync%n",
                        "  of which Kong checks every entity", "", validation, "", checks,
                        100.0 * validation / Math.max(1, ks.wallMs - validation));
                kong.reset();
                kong.delayWrites(delay);
                Run auto = kongsync(kong, "sync", full.toString(), "--parallelism", "auto");
                row("  the same with --parallelism auto", raw.wallMs(), raw.cpuMs(), auto);
                if (delay == a.delay) {
                    noChange(a, kong, full, changed, changedRoutes);
                }
            }
        }
        if (a.sweep) {
            sweep(a, dir);
        }
    }

    /** No-op diff against the raw read of the same collections; a 1% change against the no-op diff. */
    static void noChange(Args a, TestKong kong, Path full, Path changed, int changedRoutes) throws Exception {
        RawClient.Cost read;
        try (RawClient client = new RawClient(kong.url(), 3)) {
            client.read(List.of("services", "routes", "plugins"), "bench"); // warm-up
            read = client.read(List.of("services", "routes", "plugins"), "bench");
        }
        Run diff = kongsync(kong, "diff", full.toString(), "--exit-code");
        row("no-op diff (raw: parallel read of the same)", read.wallMs(), read.cpuMs(), diff);
        // a real Kong answers each page from its database (the 12,001 entities of the issue: 0.84 s for three
        // collections read in parallel); GET /, /status and /schemas are answered from memory
        kong.delayPages(a.pageDelay);
        RawClient.Cost slowRead;
        try (RawClient client = new RawClient(kong.url(), 3)) {
            slowRead = client.read(List.of("services", "routes", "plugins"), "bench");
        }
        Run slowDiff = kongsync(kong, "diff", full.toString(), "--exit-code");
        row("  the same, each page read in " + a.pageDelay + " ms", slowRead.wallMs(), slowRead.cpuMs(), slowDiff);
        kong.delayPages(0);
        Run validate = kongsync(null, "validate", full.toString());
        row("  validate the file (no Kong)", 0, 0, validate);
        kong.clearRequests();
        Run changedDiff = kongsync(kong, "diff", changed.toString(), "-o", "json");
        int planned = count(changedDiff.out, "\"action\" : \"update\"");
        System.out.printf("%-44s %10d %10d %8.2f %10s %10d %8s %8d   %d updates planned, %d routes changed%n",
                "1% change: diff (ratio to the no-op diff)", diff.wallMs, changedDiff.wallMs,
                (double) changedDiff.wallMs / diff.wallMs, "", changedDiff.cpuMs, "", changedDiff.rssMb, planned,
                changedRoutes);
        Run sync = kongsync(kong, "sync", changed.toString(), "--parallelism", String.valueOf(a.parallelism));
        long writes = kong.writes().size();
        System.out.printf("%-44s %10d %10d %8.2f %10s %10d %8s %8d   %d writes%n", "1% change: sync (ratio to the no-op diff)",
                diff.wallMs, sync.wallMs, (double) sync.wallMs / diff.wallMs, "", sync.cpuMs, "", sync.rssMb, writes);
    }

    /**
     * {@code --parallelism auto} against the best fixed parallelism of a sweep, on a test Kong whose latency grows
     * with load and that answers 503 beyond a limit.
     */
    static void sweep(Args a, Path dir) throws Exception {
        Path file = dir.resolve("sweep.yml");
        Files.writeString(file, generate(a.sweepServices, -1));
        int entities = a.sweepServices * 5;
        long base = 10;
        double perInFlight = 0.5;
        int limit = 30;
        System.out.printf("%nparallelism sweep: %,d entities, latency %d ms + %.1f ms x in-flight, 503 beyond %d in "
                + "flight%n", entities, base, perInFlight, limit);
        long best = Long.MAX_VALUE;
        String bestName = null;
        for (String p : List.of("5", "10", "20", "40", "auto")) {
            try (TestKong kong = TestKong.start()) {
                kong.latencyModel(base, perInFlight, limit);
                Run r = kongsync(kong, "sync", file.toString(), "--parallelism", p);
                double perSecond = entities * 1000.0 / r.wallMs;
                if (!p.equals("auto") && r.wallMs < best) {
                    best = r.wallMs;
                    bestName = p;
                }
                System.out.printf("  --parallelism %-5s %8d ms  %7.0f writes/s  max in flight %d%s%n", p, r.wallMs,
                        perSecond, kong.maxConcurrency(), p.equals("auto") ? String.format(
                                "   auto / best fixed (%s): %.2fx throughput", bestName, (double) best / r.wallMs) : "");
            }
        }
    }

    static void row(String label, long rawWall, long rawCpu, Run ks) {
        System.out.printf("%-44s %10s %10d %8s %10s %10d %8s %8d%n", label, rawWall == 0 ? "-" : rawWall, ks.wallMs,
                rawWall == 0 ? "-" : String.format("%.2fx", (double) ks.wallMs / rawWall), rawCpu == 0 ? "-" : rawCpu,
                ks.cpuMs, rawCpu == 0 ? "-" : String.format("%.2fx", (double) ks.cpuMs / rawCpu), ks.rssMb);
    }

    /** Which build ./kongsync runs: the native executable unless the JVM build is newer (as the script decides). */
    static String kongsyncKind() throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        try (var files = Files.list(Path.of("target"))) {
            Path nativeExe = files.filter(p -> p.getFileName().toString().matches("kongsync-.*-runner")).findFirst()
                    .orElse(null);
            boolean isNative = nativeExe != null && !"1".equals(System.getenv("KONGSYNC_JVM"))
                    && (!Files.exists(jar) || !Files.getLastModifiedTime(jar).toInstant()
                    .isAfter(Files.getLastModifiedTime(nativeExe).toInstant()));
            return isNative ? "native " + nativeExe.getFileName() : "JVM (" + jar + ", C1, serial GC)";
        }
    }

    /** Runs ./kongsync under /usr/bin/time; exit codes 0 and 2 are expected. */
    static Run kongsync(TestKong kong, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-f", "@@time %e %U %S %M", "./kongsync"));
        cmd.addAll(List.of(args));
        if (kong != null) {
            cmd.add("--kong-addr");
            cmd.add(kong.url());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes());
        String err = new String(p.getErrorStream().readAllBytes());
        int code = p.waitFor();
        if (code != 0 && code != 2) {
            throw new IllegalStateException(String.join(" ", cmd) + " exited " + code + ":\n" + err);
        }
        String[] t = err.substring(err.lastIndexOf("@@time ") + 7).trim().split(" ");
        return new Run(Math.round(Double.parseDouble(t[0]) * 1000),
                Math.round((Double.parseDouble(t[1]) + Double.parseDouble(t[2])) * 1000), Long.parseLong(t[3]) / 1024,
                out, err);
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** N services with 2 routes, a cors plugin and a route rate-limiting plugin each; {@code changed} routes differ. */
    public static String generate(int services, int changed) {
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
