package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What only a process of its own can show, against the packaged kongsync (the JVM jar, or the native executable
 * with {@code -Dnative}): SIGINT and SIGTERM in the middle of a sync, a saved plan applied under an environment
 * that changed since it was reviewed, and the native executable's own runtime options.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProcessSafetyIT {
    static final ObjectMapper JSON = new ObjectMapper();

    TestKong kong;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() {
        kong = TestKong.start();
    }

    @AfterEach
    void stop() {
        kong.close();
    }

    @Test
    void sigintMidSyncStopsCleanlyWithTheFullReport() throws Exception {
        stopMidSync("INT");
    }

    @Test
    void sigtermMidSyncStopsCleanlyWithTheFullReport() throws Exception {
        stopMidSync("TERM");
    }

    /** The stop a Kubernetes Job gets: writes in flight finish, the JSON report is complete, exit 4, re-run converges. */
    void stopMidSync(String signal) throws Exception {
        kong.delayWrites(300);
        Process p = kongsync(Map.of(), "sync", "kong/kong.yml", "-o", "json", "--parallelism", "2");
        waitFor(() -> kong.writes().size() >= 2, p);
        signal(p, signal);
        Result r = finish(p);
        assertEquals(4, r.exit, "something was written: " + r);
        JsonNode doc = JSON.readTree(r.out);
        JsonNode result = doc.get("result");
        assertEquals("SIG" + signal, result.get("stopped_by").asText(), r.out);
        assertEquals(0, result.get("failed").asInt());
        int applied = result.get("applied").asInt();
        assertTrue(applied >= 2, r.out);
        assertTrue(result.get("not_attempted").asInt() > 0, "it stopped before the end: " + r.out);
        assertEquals(doc.get("summary").get("total").asInt(), applied + result.get("not_attempted").asInt());
        assertEquals(kong.writes().size(), applied, "every write sent was waited for and reported as applied");
        assertTrue(r.err.contains("SIG" + signal + " received"), r.err);
        assertNoStackTrace(r.err);

        kong.delayWrites(0);
        assertEquals(0, finish(kongsync(Map.of(), "sync", "kong/kong.yml")).exit, "a re-run finishes the sync");
        Result diff = finish(kongsync(Map.of(), "diff", "kong/kong.yml", "--exit-code"));
        assertEquals(0, diff.exit, diff.toString());
    }

    /** Stopped before the first write: the report says nothing was written, exit 1. */
    @Test
    void aSignalBeforeAnyWriteExitsOneAndSaysNothingWasWritten() throws Exception {
        kong.delay(400);
        Process p = kongsync(Map.of(), "sync", "kong/kong.yml", "-o", "json");
        waitFor(() -> !kong.requests().isEmpty(), p);
        signal(p, "TERM");
        Result r = finish(p);
        assertEquals(1, r.exit, r.toString());
        JsonNode doc = JSON.readTree(r.out);
        assertFalse(doc.get("ok").asBoolean());
        assertEquals(List.of(), kong.writes());
        assertNoStackTrace(r.err);
    }

    /** A second signal does not wait for anything. */
    @Test
    void aSecondSignalExitsAtOnce() throws Exception {
        kong.delayWrites(5_000);
        Process p = kongsync(Map.of(), "sync", "kong/kong.yml", "--parallelism", "1");
        waitFor(() -> kong.requests().stream().anyMatch(TestKong.Request::isWrite), p);
        signal(p, "INT");
        Thread.sleep(300); // the first signal has been handled: the second must not wait for the write
        signal(p, "INT");
        assertTrue(p.waitFor(3, TimeUnit.SECONDS), "exited without waiting for the 5 s write");
        assertEquals(130, p.exitValue());
    }

    /** A reviewed plan applies exactly what was reviewed: a variable that changed since refuses it, named. */
    @Test
    void aPlanRefusesAnEnvironmentThatChangedSinceItWasReviewed() throws Exception {
        Path file = tmp.resolve("limits.yml");
        Files.writeString(file, """
                _format_version: "3.0"
                _info:
                  select_tags: [banking]
                services:
                  - name: auth-service
                    url: http://auth-service.banking.svc.cluster.local:8001
                    plugins:
                      - name: rate-limiting
                        config:
                          minute: ${{ env "DECK_MINUTE" }}
                          policy: local
                """);
        Path plan = tmp.resolve("plan.json");
        Result made = finish(kongsync(Map.of("DECK_MINUTE", "40"), "diff", file.toString(), "--plan-out",
                plan.toString()));
        assertEquals(0, made.exit, made.toString());
        assertFalse(Files.readString(plan).contains("\"40\"") || Files.readString(plan).contains(": 40"),
                "the plan holds a digest of the value, not the value");

        Result refused = finish(kongsync(Map.of("DECK_MINUTE", "50"), "sync", "--plan", plan.toString()));
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("DECK_MINUTE resolves to another value"), refused.err);
        assertTrue(refused.err.contains("Nothing was written"), refused.err);
        assertFalse(refused.out.contains("Applied"), "no summary that reads like an apply: " + refused.out);
        assertEquals(List.of(), kong.writes());

        Result applied = finish(kongsync(Map.of("DECK_MINUTE", "40"), "sync", "--plan", plan.toString()));
        assertEquals(0, applied.exit, applied.toString());
        assertEquals(40, kong.all("plugins").get(0).get("config").get("minute").asInt());
    }

    /**
     * The README offers memory-limited Jobs a cap on the native executable's young generation: the executable's
     * runtime takes the option wherever it stands (picocli never sees it), and the sync is the same under it.
     */
    @Test
    void theNativeExecutableTakesTheYoungGenerationCapTheReadmeOffers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("kongsync.artifact", "").endsWith(".jar"),
                "an option of the native executable's runtime, not of the JVM jar");
        Result r = finish(kongsync(Map.of(), "sync", "kong/kong.yml", "-XX:MaxNewSize=32m", "-XX:+PrintGCSummary"));
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("Applied"), r.toString());
        assertTrue(r.err.contains("GC summary"), "the runtime read the -XX options: " + r);
        assertFalse(kong.writes().isEmpty());
        Result diff = finish(kongsync(Map.of(), "diff", "kong/kong.yml", "--exit-code", "-XX:MaxNewSize=32m"));
        assertEquals(0, diff.exit, "Kong matches the files: " + diff);
    }

    /**
     * The native executable caps its young generation at 64 MB unless told otherwise (the build's -R:MaxNewSize, in
     * application.properties): its runtime says so at its first collection, which validating 5,000 generated entities
     * (about 150 MB allocated) brings about; -XX:MaxNewSize at run time still overrides the cap.
     */
    @Test
    void theNativeExecutableCapsItsYoungGenerationAt64MbUnlessToldOtherwise() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(System.getProperty("kongsync.artifact", "").endsWith(".jar"),
                "a default of the native executable's runtime, not of the JVM jar");
        Path file = tmp.resolve("large.yml");
        Files.writeString(file, dev.kongsync.bench.SyncBenchmark.generate(1_000, -1));
        Result byDefault = finish(kongsync(Map.of(), "validate", file.toString(), "-XX:+VerboseGC"));
        assertEquals(0, byDefault.exit, byDefault.toString());
        assertTrue(byDefault.err.contains("Maximum young generation size: 64M"), byDefault.err);
        Result told = finish(kongsync(Map.of(), "validate", file.toString(), "-XX:+VerboseGC", "-XX:MaxNewSize=32m"));
        assertEquals(0, told.exit, told.toString());
        assertTrue(told.err.contains("Maximum young generation size: 32M"), told.err);
    }

    // ---- the process ----------------------------------------------------------------------------------------

    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    Process kongsync(Map<String, String> env, String... args) throws IOException {
        String artifact = System.getProperty("kongsync.artifact");
        assertNotNull(artifact, "failsafe sets kongsync.artifact (see pom.xml)");
        List<String> command = new ArrayList<>();
        if (artifact.endsWith(".jar")) {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-jar");
        }
        command.add(artifact);
        command.addAll(List.of(args));
        if (!args[0].equals("validate")) {
            command.add("--kong-addr");
            command.add(kong.url());
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Path out = tmp.resolve("stdout-" + System.nanoTime());
        Path err = tmp.resolve("stderr-" + System.nanoTime());
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        outputs.put(p, new Path[] {out, err});
        return p;
    }

    final Map<Process, Path[]> outputs = new java.util.concurrent.ConcurrentHashMap<>();

    Result finish(Process p) throws Exception {
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kongsync did not exit within 90 s");
        }
        Path[] o = outputs.remove(p);
        return new Result(p.exitValue(), Files.readString(o[0]), Files.readString(o[1]));
    }

    static void signal(Process p, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    /** Waits until {@code seen} holds (the state a signal must arrive in), failing if kongsync exits first. */
    static void waitFor(BooleanSupplier seen, Process p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!seen.getAsBoolean()) {
            assertTrue(p.isAlive(), "kongsync exited before the moment to signal it");
            assertTrue(System.nanoTime() < deadline, "the moment to signal never came");
            Thread.sleep(10);
        }
    }

    static void assertNoStackTrace(String err) {
        assertFalse(err.contains("Exception") || err.contains("\tat ") || err.contains("ERROR ["),
                "no stack trace, no framework error:\n" + err);
    }
}
