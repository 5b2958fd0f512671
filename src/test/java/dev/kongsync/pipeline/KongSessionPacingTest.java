package dev.kongsync.pipeline;

import dev.kongsync.admin.AdminConfig;
import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.Pacing;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.plan.Plan;
import dev.kongsync.state.Coverage;
import dev.kongsync.state.DesiredState;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kong's 429 and 503 answers reach the pacing of what Kong was answering: those to the writes the writes' pacing,
 * those to Kong's validation of every entity before them the validation's own. A writes' pacing that took the
 * validation's overloads for its own started the writes backed off (measured: a sync's writes started at 7 in
 * flight, 4.0 s of writes instead of 2.8 s).
 */
@io.quarkus.test.junit.QuarkusTest
class KongSessionPacingTest {
    @TempDir
    Path tmp;

    /** A fixed pacing that counts the overloads it is told of. */
    private static final class Counting implements Pacing {
        private final Pacing fixed;
        final AtomicInteger overloads = new AtomicInteger();
        final AtomicInteger sent = new AtomicInteger();

        Counting(int n) {
            fixed = Pacing.fixed(n);
        }

        @Override
        public int maxInFlight() {
            return fixed.maxInFlight();
        }

        @Override
        public int inFlightAllowed() {
            return fixed.inFlightAllowed();
        }

        @Override
        public long delayBeforeNext() {
            return fixed.delayBeforeNext();
        }

        @Override
        public void sent() {
            sent.incrementAndGet();
            fixed.sent();
        }

        @Override
        public void answered(long nanos, int status) {
            fixed.answered(nanos, status);
        }

        @Override
        public void overloaded() {
            overloads.incrementAndGet();
        }
    }

    @Test
    void eachOverloadReachesThePacingOfWhatKongWasAnswering() throws Exception {
        StringBuilder yaml = new StringBuilder("_format_version: \"3.0\"\nservices:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - name: svc-").append(i).append("\n    url: http://svc-").append(i)
                    .append(".banking.svc.cluster.local:8080\n");
        }
        Path file = tmp.resolve("kong.yml");
        Files.writeString(file, yaml);
        DesiredState desired = ConfigParser.load(List.of(file.toString()), List.of());
        try (TestKong kong = TestKong.start()) {
            // beyond 20 requests at once Kong answers 503, which the client retries after a back-off; both the
            // validation and the writes send their 30 requests at once. Each accepted request is held 300 ms, so
            // that 30 are in flight together even on a loaded machine (at 30 ms, a CI run sent them too slowly to
            // reach 21: no 503, a failed test)
            kong.latencyModel(300, 0, 20);
            Counting writes = new Counting(30);
            Counting checks = new Counting(30);
            try (KongSession session = KongSession.open(AdminConfig.of(kong.url()), 8)) {
                session.pacing(writes, checks);
                Plan plan = session.plan(desired, Coverage.COMPLETE);
                assertEquals(List.of(), session.checkWithKong(plan, desired));
                long validations = kong.requests().stream().filter(TestKong.Request::isValidation).count();
                assertTrue(validations > 30, "Kong overloaded by the validation of 30 services: it was retried ("
                        + validations + " requests)");
                assertEquals(30, checks.sent.get(), "the validation's 30 requests were sent at its pacing");
                assertTrue(checks.overloads.get() > 0, "the validation's overloads reach its pacing");
                assertEquals(0, writes.overloads.get(), "the validation's overloads are not the writes'");

                int checksTold = checks.overloads.get();
                ApplyResult result = session.apply(plan, false);
                assertTrue(result.complete(), result.toString());
                long sentWrites = kong.writes().size();
                assertTrue(sentWrites > 30, "the writes overloaded Kong too: retried (" + sentWrites + " requests)");
                assertTrue(writes.overloads.get() > 0, "the writes' overloads reach their pacing");
                assertEquals(checksTold, checks.overloads.get(), "and not the validation's");
            }
        }
    }
}
