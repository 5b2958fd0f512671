package dev.kongsync.migrate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform/migrate/pg-migrate.sh for real: an old PostgreSQL with the banking data, a new primary with a streaming
 * replica, all on 127.0.0.1; the migration, its verification, and its failure cases.
 */
class PgMigrateTest {
    static Path tmp;
    static PgServer old;
    static PgServer primary;
    static PgServer replica;

    @BeforeAll
    static void servers() throws Exception {
        tmp = Files.createTempDirectory("kongsync-pg");
        old = PgServer.primary(tmp, "old");
        old.sql("postgres", "create role banking login password 'old-pw'; create database banking owner banking;");
        old.sql("banking", "set role banking;"
                + "create table accounts(id serial primary key, owner text not null, balance numeric(12,2));"
                + "insert into accounts(owner, balance) select 'user-' || g, g * 1.5 from generate_series(1, 2000) g;"
                + "create table transfers(id bigserial primary key, from_id int references accounts, to_id int "
                + "references accounts, amount numeric, note bytea);"
                + "insert into transfers(from_id, to_id, amount, note) select 1 + g % 2000, 1 + (g * 7) % 2000, g, "
                + "decode(md5(g::text), 'hex') from generate_series(1, 5000) g;"
                + "create table sessions(token text primary key);");
        primary = PgServer.primary(tmp, "new");
        primary.sql("postgres", "create role banking login password 'new-pw'; create database banking owner banking;");
        replica = PgServer.replicaOf(primary, tmp, "new-replica");
    }

    @AfterAll
    static void stop() throws Exception {
        for (PgServer s : new PgServer[] {replica, primary, old}) {
            if (s != null) {
                s.close();
            }
        }
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }

    record Run(int exit, String output) {}

    static Run migrate(PgServer source, String sourcePassword, int targetPort, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "platform/migrate/pg-migrate.sh");
        pb.command().addAll(java.util.List.of(args));
        Map<String, String> env = pb.environment();
        env.put("SOURCE_HOST", "127.0.0.1");
        env.put("SOURCE_PORT", String.valueOf(source.port));
        env.put("SOURCE_DB", "banking");
        env.put("SOURCE_USER", "banking");
        env.put("SOURCE_PASSWORD", sourcePassword);
        env.put("TARGET_HOST", "127.0.0.1");
        env.put("TARGET_PORT", String.valueOf(targetPort));
        env.put("TARGET_DB", "banking");
        env.put("TARGET_USER", "banking");
        env.put("TARGET_PASSWORD", "new-pw");
        env.put("PGCONNECT_TIMEOUT", "3");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    static String counts(PgServer s) throws Exception {
        return s.sql("banking", "select (select count(*) from accounts) || ',' || (select count(*) from transfers)"
                + " || ',' || (select count(*) from sessions)");
    }

    @Test
    void migratesVerifiesAndReachesTheReplica_thenRefusesToOverwrite() throws Exception {
        Run wrongPassword = migrate(old, "not-the-password", primary.port);
        assertEquals(1, wrongPassword.exit());
        assertTrue(wrongPassword.output().contains("cannot reach the source"), wrongPassword.output());
        assertFalse(wrongPassword.output().contains("not-the-password"), "the password is never printed");

        Run unreachable = migrate(old, "old-pw", PgServer.freePort());
        assertEquals(1, unreachable.exit());
        assertTrue(unreachable.output().contains("cannot reach the target"), unreachable.output());

        Run dry = migrate(old, "old-pw", primary.port, "--dry-run");
        assertEquals(0, dry.exit(), dry.output());
        assertTrue(dry.output().contains("+ pg_restore"), dry.output());
        assertEquals("0", primary.sql("banking", "select count(*) from pg_tables where schemaname = 'public'"));

        Run ok = migrate(old, "old-pw", primary.port);
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("migrated and verified 3 table(s)"), ok.output());
        assertEquals("2000,5000,0", counts(primary));
        assertEquals(old.sql("banking", "select md5(string_agg(note::text, '' order by id)) from transfers"),
                primary.sql("banking", "select md5(string_agg(note::text, '' order by id)) from transfers"));
        String onReplica = "";
        for (int i = 0; i < 100 && !onReplica.equals("2000,5000,0"); i++) {
            Thread.sleep(100);
            try {
                onReplica = counts(replica);
            } catch (IllegalStateException e) {
                onReplica = "";
            }
        }
        assertEquals("2000,5000,0", onReplica, "the streaming replica holds the rows");

        Run again = migrate(old, "old-pw", primary.port);
        assertEquals(1, again.exit());
        assertTrue(again.output().contains("refusing to overwrite"), again.output());
        assertEquals("2000,5000,0", counts(primary), "the target is left as it was");
    }

    @Test
    void aSourceKilledMidRunLeavesTheTargetEmpty() throws Exception {
        try (PgServer big = PgServer.primary(tmp, "big"); PgServer empty = PgServer.primary(tmp, "empty")) {
            big.sql("postgres", "create role banking login password 'old-pw'; create database banking owner banking;");
            big.sql("banking", "set role banking; create table blobs(id int primary key, data text);"
                    + "insert into blobs select g, repeat(md5(g::text), 40) from generate_series(1, 400000) g;");
            empty.sql("postgres", "create role banking login password 'new-pw'; create database banking owner banking;");
            Thread killer = new Thread(() -> {
                try {
                    for (int i = 0; i < 200; i++) {
                        Process p = new ProcessBuilder("pgrep", "-f", "pg_dump -h 127.0.0.1 -p " + big.port).start();
                        if (p.waitFor() == 0) {
                            Thread.sleep(150);
                            big.kill();
                            return;
                        }
                        Thread.sleep(20);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            killer.start();
            Run r = migrate(big, "old-pw", empty.port);
            killer.join();
            assertTrue(r.exit() != 0, "a failed dump fails the run: " + r.output());
            assertEquals("0", empty.sql("banking", "select count(*) from pg_tables where schemaname = 'public'"),
                    "nothing was restored");
        }
    }
}
