package dev.kongsync.migrate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform/migrate/redis-migrate.sh for real: an old standalone Redis with keys of every type and TTLs, a new
 * master with two replicas and three Sentinels, all on 127.0.0.1.
 */
class RedisMigrateTest {
    static final byte[] BINARY = {0, (byte) 0xff, '\n', '\r', 1, 2, 'x'};
    Path tmp;
    RedisNode old;
    RedisNode master;
    final List<RedisNode> nodes = new ArrayList<>();

    @BeforeEach
    void servers() throws Exception {
        tmp = Files.createTempDirectory("kongsync-redis");
        old = RedisNode.server(tmp, "old-pw", null);
        master = RedisNode.server(tmp, "new-pw", null);
        nodes.add(RedisNode.server(tmp, "new-pw", master));
        nodes.add(RedisNode.server(tmp, "new-pw", master));
        for (int i = 0; i < 3; i++) {
            nodes.add(RedisNode.sentinel(tmp, master, "new-pw"));
        }
        // the replicas' first full sync must be done (the master delays it by repl-diskless-sync-delay)
        for (RedisNode r : List.of(nodes.get(0), nodes.get(1))) {
            for (int i = 0; i < 300 && !String.valueOf(r.call("INFO", "replication")).contains("master_link_status:up");
                 i++) {
                Thread.sleep(100);
            }
            assertTrue(String.valueOf(r.call("INFO", "replication")).contains("master_link_status:up"),
                    "replica " + r.port + " is in sync");
        }
        old.call("SET", "session:1", "alice");
        old.call("PEXPIRE", "session:1", "3600000");
        old.call("SET", "bin key", BINARY);
        old.call("RPUSH", "queue", "a", "b", "c");
        old.call("HSET", "user:1", "name", "Alice", "balance", "100");
        old.call("SADD", "roles", "admin", "teller");
        old.call("ZADD", "leaderboard", "1", "a", "2", "b");
        old.call("XADD", "events", "*", "type", "transfer");
        old.call("SET", "quoted\"key", "v");
        old.call("PEXPIRE", "queue", "7200000");
    }

    @AfterEach
    void stop() throws Exception {
        nodes.forEach(RedisNode::close);
        nodes.clear();
        old.close();
        master.close();
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }

    record Run(int exit, String output) {}

    Run migrate(RedisNode source, String sourcePassword, int sentinelPort, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "platform/migrate/redis-migrate.sh");
        pb.command().addAll(List.of(args));
        Map<String, String> env = pb.environment();
        env.put("SOURCE_HOST", "127.0.0.1");
        env.put("SOURCE_PORT", String.valueOf(source.port));
        env.put("SOURCE_PASSWORD", sourcePassword);
        env.put("SENTINEL_HOST", "127.0.0.1");
        env.put("SENTINEL_PORT", String.valueOf(sentinelPort));
        env.put("TARGET_PASSWORD", "new-pw");
        env.put("BATCH", "3");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    int sentinel() {
        return nodes.get(2).port;
    }

    @Test
    void copiesEveryTypeWithTtlsToTheMasterAndItsReplicas() throws Exception {
        Run r = migrate(old, "old-pw", sentinel());
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("copied and verified 8 key(s)"), r.output());
        for (RedisNode n : List.of(master, nodes.get(0), nodes.get(1))) {
            for (int i = 0; i < 200 && !Long.valueOf(8).equals(n.call("DBSIZE")); i++) {
                Thread.sleep(100);
            }
            assertEquals(8L, n.call("DBSIZE"), "node " + n.port);
            assertEquals("string", n.call("TYPE", "session:1"));
            assertEquals("list", n.call("TYPE", "queue"));
            assertEquals("hash", n.call("TYPE", "user:1"));
            assertEquals("set", n.call("TYPE", "roles"));
            assertEquals("zset", n.call("TYPE", "leaderboard"));
            assertEquals("stream", n.call("TYPE", "events"));
            assertArrayEquals(BINARY, n.getBytes("bin key"), "binary-safe");
            long ttl = (Long) n.call("PTTL", "session:1");
            assertTrue(ttl > 3_500_000 && ttl <= 3_600_000, "TTL kept: " + ttl);
            assertEquals(-1L, n.call("PTTL", "user:1"), "no TTL stays no TTL");
            assertEquals(null, n.call("GET", "kongsync:migration:incomplete"));
        }
        assertEquals(8L, old.call("DBSIZE"), "the source is untouched");
        assertFalse(r.output().contains("old-pw") || r.output().contains("new-pw"), r.output());

        Run again = migrate(old, "old-pw", sentinel());
        assertEquals(1, again.exit());
        assertTrue(again.output().contains("refusing to overwrite"), again.output());
    }

    @Test
    void failuresExitNonZeroAndLeaveTheTargetAsItWasOrMarked() throws Exception {
        Run wrong = migrate(old, "not-it", sentinel());
        assertEquals(1, wrong.exit());
        assertTrue(wrong.output().contains("cannot use the source"), wrong.output());
        assertFalse(wrong.output().contains("not-it"));
        Run noSentinel = migrate(old, "old-pw", PgServer.freePort());
        assertEquals(1, noSentinel.exit());
        assertTrue(noSentinel.output().contains("does not name a master"), noSentinel.output());
        assertEquals(0L, master.call("DBSIZE"), "untouched");

        for (int i = 0; i < 30000; i += 1000) {
            List<Object> args = new ArrayList<>(List.of("MSET"));
            for (int j = i; j < i + 1000; j++) {
                args.add("k" + j);
                args.add("v" + j);
            }
            old.call(args.toArray());
        }
        Thread killer = new Thread(() -> {
            try {
                for (int i = 0; i < 6000; i++) {
                    Object n = master.call("DBSIZE");
                    if (n instanceof Long l && l > 5) {
                        old.kill();
                        return;
                    }
                    Thread.sleep(10);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        killer.start();
        Run killed = migrate(old, "old-pw", sentinel());
        killer.join();
        assertNotEquals(0, killed.exit(), killed.output());
        assertTrue(killed.output().contains("the target is marked kongsync:migration:incomplete"), killed.output());
        assertTrue(master.call("GET", "kongsync:migration:incomplete") != null, "clearly marked incomplete");
    }
}
