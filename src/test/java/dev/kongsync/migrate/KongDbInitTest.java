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
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's kong-db-init script (platform/charts/banking-platform/files/kong-db-init.sh, the kong-db-init Job's
 * command) against a real PostgreSQL on 127.0.0.1: creates Kong's user and database, is idempotent, applies a rotated
 * password, takes over a database owned by someone else, and fails loudly on a wrong admin password or no server.
 */
class KongDbInitTest {
    static final String SCRIPT = "platform/charts/banking-platform/files/kong-db-init.sh";
    static Path tmp;
    static PgServer pg;

    @BeforeAll
    static void server() throws Exception {
        tmp = Files.createTempDirectory("kongsync-kongdb");
        pg = PgServer.primary(tmp, "shared");
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }

    record Run(int exit, String out) {}

    static Run init(int port, String adminPassword, String kongPassword, String... extra) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", SCRIPT).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PGHOST", "127.0.0.1");
        env.put("PGPORT", String.valueOf(port));
        env.put("ADMIN_PASSWORD", adminPassword);
        env.put("KONG_PG_PASSWORD", kongPassword);
        env.put("KONG_PG_USER", "kong");
        env.put("KONG_PG_DATABASE", "kong");
        for (int i = 0; i < extra.length; i += 2) {
            env.put(extra[i], extra[i + 1]);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    /** What `kong migrations bootstrap` needs: Kong's user logs in to its database and creates a table there. */
    static int kongCanWork(String password) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p",
                String.valueOf(pg.port), "-U", "kong", "-d", "kong", "-c",
                "create table if not exists kong_probe(id int); insert into kong_probe values (1);")
                .redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", password);
        pb.environment().put("PGCONNECT_TIMEOUT", "3");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void createsKongsUserAndDatabaseIdempotentlyAndAppliesARotatedPassword() throws Exception {
        Run first = init(pg.port, PgServer.ADMIN_PASSWORD, "kong-pw-1");
        assertEquals(0, first.exit(), first.out());
        assertTrue(first.out().contains("kong-db-init: ready"), first.out());
        assertFalse(first.out().contains("kong-pw-1") || first.out().contains(PgServer.ADMIN_PASSWORD), first.out());
        assertEquals(0, kongCanWork("kong-pw-1"));
        assertEquals("kong", pg.sql("postgres", "select pg_get_userbyid(datdba) from pg_database where datname='kong'"));
        assertEquals("f|f|f", pg.sql("postgres",
                "select rolsuper || '|' || rolcreatedb || '|' || rolcreaterole from pg_roles where rolname='kong'")
                .replace("false", "f"));

        Run again = init(pg.port, PgServer.ADMIN_PASSWORD, "kong-pw-1");
        assertEquals(0, again.exit(), again.out());
        assertEquals("1", pg.sql("postgres", "select count(*) from pg_database where datname='kong'"));
        assertEquals("1", pg.sql("kong", "select count(*) from kong_probe"), "re-running keeps Kong's data");

        Run rotated = init(pg.port, PgServer.ADMIN_PASSWORD, "kong-pw-2");
        assertEquals(0, rotated.exit(), rotated.out());
        assertNotEquals(0, kongCanWork("kong-pw-1"), "the old password no longer works");
        assertEquals(0, kongCanWork("kong-pw-2"));
    }

    @Test
    void takesOverADatabaseCreatedByHandForSomeoneElse() throws Exception {
        pg.sql("postgres", "create role kong_other login password 'x'; create database kong_hand owner kong_other;");
        Run r = init(pg.port, PgServer.ADMIN_PASSWORD, "kong-pw-h", "KONG_PG_DATABASE", "kong_hand",
                "KONG_PG_USER", "kong_h");
        assertEquals(0, r.exit(), r.out());
        assertEquals("kong_h", pg.sql("postgres",
                "select pg_get_userbyid(datdba) from pg_database where datname='kong_hand'"));
    }

    @Test
    void aWrongAdminPasswordFailsWithTheServersMessage() throws Exception {
        Run r = init(pg.port, "not-the-admin-password", "kong-pw-x", "KONG_PG_USER", "kong_never");
        assertNotEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("password authentication failed"), r.out());
        assertEquals("0", pg.sql("postgres", "select count(*) from pg_roles where rolname='kong_never'"));
    }

    @Test
    void noServerFailsAfterTheWait() throws Exception {
        Run r = init(PgServer.freePort(), PgServer.ADMIN_PASSWORD, "kong-pw", "WAIT_SECONDS", "3");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("is not accepting connections"), r.out());
    }
}
