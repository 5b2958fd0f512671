package dev.kongsync.e2e;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusMainTest
class PingE2ETest extends E2E {

    @Test
    void printsVersionAndDatabase(QuarkusMainLauncher launcher) {
        LaunchResult r = ok(launcher, "ping");
        assertEquals("Kong 3.9.1 (community) at " + kong.url() + ": database postgres reachable", r.getOutput().trim());
    }

    @Test
    void waitsUntilTheDatabaseIsReachable(QuarkusMainLauncher launcher) throws Exception {
        kong.databaseReachable(false);
        // The database comes back once kongsync has asked twice: the second GET /status proves that the first one
        // found it down and that it is waiting.
        Thread later = when(() -> kong.requests().stream().filter(q -> q.path().equals("/status")).count() >= 2,
                () -> kong.databaseReachable(true));
        LaunchResult r = ok(launcher, "ping", "--wait", "20s", "--interval", "200ms");
        later.join();
        assertTrue(r.getErrorOutput().contains("waiting for Kong: Kong 3.9.1 answers but its database (postgres) is not reachable"),
                r.getErrorOutput());
        assertTrue(r.getOutput().contains("database postgres reachable"));
    }

    @Test
    void givesUpWhenTheTimeIsUp(QuarkusMainLauncher launcher) {
        kong.databaseReachable(false);
        kong.clearRequests();
        LaunchResult r = run(launcher, "ping", "--wait", "1s", "--interval", "200ms");
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("error: Kong 3.9.1 answers but its database"), r.getErrorOutput());
        // it gave up by itself: a second of waiting at 200 ms intervals is at most six looks, not an endless loop.
        // How many it manages depends on the machine's load (a first look of a cold run can take the whole second),
        // so only the bound is checked; waitsUntilTheDatabaseIsReachable proves that it looks again.
        long looks = kong.requests().stream().filter(q -> q.path().equals("/status")).count();
        assertTrue(looks >= 1 && looks <= 6, looks + " looks at /status");
    }

    @Test
    void unreachableKongFailsClearly(QuarkusMainLauncher launcher) {
        LaunchResult r = launcher.launch("ping", "--kong-addr", "http://127.0.0.1:1");
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("cannot reach Kong at http://127.0.0.1:1"), r.getErrorOutput());
        LaunchResult bad = launcher.launch("diff", "kong/kong.yml", "--kong-addr", "localhost:8001");
        assertEquals(1, bad.exitCode());
        assertTrue(bad.getErrorOutput().contains("--kong-addr must be an http:// or https:// URL"), bad.getErrorOutput());
        LaunchResult creds = launcher.launch("ping", "--kong-addr", "http://admin:pa55word@127.0.0.1:1");
        assertEquals(1, creds.exitCode());
        assertTrue(creds.getErrorOutput().contains("--kong-addr must not carry credentials"), creds.getErrorOutput());
        assertTrue(!creds.getErrorOutput().contains("pa55word"), creds.getErrorOutput());
    }
}
