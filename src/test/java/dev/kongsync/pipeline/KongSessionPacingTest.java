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
 * Kong's 429 and 503 answers reach the writes' pacing only while the writes run: the reads and Kong's validation of
 * every entity before them keep their own parallelism, and a pacing that took their overloads for its own started
 * the writes backed off (measured: a sync's writes started at 7 in flight, 4.0 s of writes instead of 2.8 s).
 */
@io.quarkus.test.junit.QuarkusTest
class KongSessionPacingTest {
    @TempDir
    Path tmp;

    @Test
    void onlyTheWritesOverloadsReachTheirPacing() throws Exception {
        StringBuilder yaml = new StringBuilder("_format_version: \"3.0\"\nservices:\n");
        for (int i = 0; i < 30; i++) {
            yaml.append("  - name: svc-").append(i).append("\n    url: http://svc-").append(i)
                    .append(".banking.svc.cluster.local:8080\n");
        }
        Path file = tmp.resolve("kong.yml");
        Files.writeString(file, yaml);
        DesiredState desired = ConfigParser.load(List.of(file.toString()), List.of());
        try (TestKong kong = TestKong.start()) {
            // beyond 20 requests at once Kong answers 503, which the client retries after a back-off; the validation
            // sends its 30 requests at once (its own threads: 4 x the session's parallelism), the writes 30 at once
            kong.latencyModel(30, 0, 20);
            AtomicInteger told = new AtomicInteger();
            Pacing fixed = Pacing.fixed(30);
            Pacing recording = new Pacing() {
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
                    fixed.sent();
                }

                @Override
                public void answered(long nanos, int status) {
                    fixed.answered(nanos, status);
                }

                @Override
                public void overloaded() {
                    told.incrementAndGet();
                }
            };
            try (KongSession session = KongSession.open(AdminConfig.of(kong.url()), 8)) {
                session.pacing(recording);
                Plan plan = session.plan(desired, Coverage.COMPLETE);
                assertEquals(List.of(), session.checkWithKong(plan, desired));
                long validations = kong.requests().stream().filter(TestKong.Request::isValidation).count();
                assertTrue(validations > 30, "Kong overloaded by the validation of 30 services: it was retried ("
                        + validations + " requests)");
                assertEquals(0, told.get(), "the validation's overloads are not the writes'");

                ApplyResult result = session.apply(plan, false);
                assertTrue(result.complete(), result.toString());
                long writes = kong.writes().size();
                assertTrue(writes > 30, "the writes overloaded Kong too: retried (" + writes + " requests)");
                assertTrue(told.get() > 0, "the writes' overloads reach their pacing");
            }
        }
    }
}
