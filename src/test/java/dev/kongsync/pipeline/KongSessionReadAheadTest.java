package dev.kongsync.pipeline;

import dev.kongsync.admin.AdminConfig;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.plan.Plan;
import dev.kongsync.state.Coverage;
import dev.kongsync.state.DesiredState;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kong is read while the files are parsed, under a guess of their select tags: the read is used when the files select
 * what was guessed, replaced by a read of what they select when not, and never outlives a parse that fails.
 */
@io.quarkus.test.junit.QuarkusTest
class KongSessionReadAheadTest {
    @TempDir
    Path tmp;

    TestKong kong;

    private static final String TEAM = "_format_version: \"3.0\"\n_info:\n  select_tags: [team-a]\nservices:\n"
            + "  - name: a1\n    url: http://a1.banking.svc.cluster.local:8080\n"
            + "  - name: a2\n    url: http://a2.banking.svc.cluster.local:8080\n";

    @BeforeEach
    void kongWithTwoOwners() throws Exception {
        kong = TestKong.start();
        // team-a's two services, and one of another owner, untagged
        Path all = Files.writeString(tmp.resolve("all.yml"), "_format_version: \"3.0\"\nservices:\n"
                + "  - name: a1\n    url: http://a1.banking.svc.cluster.local:8080\n    tags: [team-a]\n"
                + "  - name: a2\n    url: http://a2.banking.svc.cluster.local:8080\n    tags: [team-a]\n"
                + "  - name: other\n    url: http://other.banking.svc.cluster.local:8080\n");
        try (KongSession s = KongSession.open(AdminConfig.of(kong.url()), 4)) {
            DesiredState d = ConfigParser.load(List.of(all.toString()), List.of());
            assertTrue(s.apply(s.plan(d), false).complete());
        }
        kong.clearRequests();
    }

    @AfterEach
    void stopKong() {
        kong.close();
    }

    private long gets(String path, Predicate<String> query) {
        return kong.requests().stream().filter(r -> r.method().equals("GET") && r.path().equals(path)
                && query.test(r.query() == null ? "" : r.query())).count();
    }

    private static Predicate<String> tagged(String tag) {
        return q -> q.contains("tags=" + tag);
    }

    private static final Predicate<String> UNTAGGED = q -> !q.contains("tags=");

    private KongSession.Prepared prepare(Path file, java.util.function.Supplier<DesiredState> parse) {
        return KongSession.prepare(AdminConfig.of(kong.url()), 4, new Timings(), parse,
                () -> KongSession.ReadAhead.of(List.of(file.toString()), List.of(), Set.of(), RouteChecks.READ_WHOLE));
    }

    /** Waits (at most 20 s) until the test Kong has had a request for consumers: the read has begun. */
    private boolean readBegun() throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (gets("/consumers", q -> true) > 0) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Test
    void kongIsReadWhileTheFilesAreParsedAndOnlyOnce() throws Exception {
        Path file = Files.writeString(tmp.resolve("team.yml"), TEAM);
        boolean[] readDuringParse = {false};
        try (KongSession.Prepared run = prepare(file, () -> {
            try {
                // the parse does not end until Kong's read has begun: without a read ahead this waits 20 s and fails
                readDuringParse[0] = readBegun();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ConfigParser.load(List.of(file.toString()), List.of());
        })) {
            assertTrue(readDuringParse[0], "Kong's read began before the files were parsed");
            Plan plan = run.session().plan(run.desired(), Coverage.COMPLETE, RouteChecks.READ_WHOLE);
            assertTrue(plan.isEmpty(), "team-a's scope matches; the other owner's service is out of it: " + plan);
            assertEquals(1, gets("/consumers", tagged("team-a")), "the read ahead is the plan's read: not repeated");
            assertEquals(0, gets("/consumers", UNTAGGED), "nothing read outside the scope but the whole kinds");
        }
    }

    @Test
    void aWrongGuessIsWaitedForAndReadAgainInTheFilesScope() throws Exception {
        // a document whose top-level mapping is indented: valid YAML, its _info not at the start of a line, so
        // the guess is "no select tags" while the parser finds team-a
        Path file = Files.writeString(tmp.resolve("team.yml"), TEAM.replaceAll("(?m)^", "  "));
        try (KongSession.Prepared run = prepare(file, () -> ConfigParser.load(List.of(file.toString()), List.of()))) {
            assertEquals(List.of("team-a"), run.desired().selectTags());
            Plan plan = run.session().plan(run.desired(), Coverage.COMPLETE, RouteChecks.READ_WHOLE);
            assertTrue(plan.isEmpty(), "the other owner's service is not deleted: " + plan);
            assertEquals(1, gets("/consumers", UNTAGGED), "the read of the wrong guess ran to its end");
            assertEquals(1, gets("/consumers", tagged("team-a")), "and the files' scope was read after it");
        }
    }

    @Test
    void aParseThatFailsLeavesNoReadBehind() throws Exception {
        Path file = Files.writeString(tmp.resolve("team.yml"), TEAM);
        InvalidConfigException refused = new InvalidConfigException(List.of());
        assertThrows(InvalidConfigException.class, () -> prepare(file, () -> {
            try {
                assertTrue(readBegun());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            throw refused;
        }));
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                        .anyMatch(t -> t.getName().equals("kongsync-read-ahead") && t.isAlive()),
                "the read ahead ended before prepare gave the parse's error back");
        assertTrue(kong.writes().isEmpty());
    }
}
