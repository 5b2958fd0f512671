package dev.kongsync.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * platform/migrate/pg-migrate.sh into a target set up the way the CloudNativePG operator sets up the kit's Cluster
 * (platform/cloudnative-pg/banking-pg.yaml), on real servers on 127.0.0.1:
 * <ul>
 *   <li>the database and its owner are the Cluster's {@code bootstrap.initdb.database} and {@code owner}, created as
 *   the operator creates them (pkg/management/postgres/initdb.go: {@code CREATE ROLE <owner> LOGIN}, then
 *   {@code CREATE DATABASE <database> OWNER <owner>}, initdb with UTF8 and the C locale, its defaults), the owner's
 *   password set afterwards from the Secret, as the instance manager does;</li>
 *   <li>a primary and {@code instances - 1} standbys named as the operator names the instances
 *   ({@code <cluster>-1}, {@code -2}, ...), with the synchronous replication the Cluster asks for:
 *   {@code synchronous_standby_names = ANY <number> ("<cluster>-2", "<cluster>-3")}, as the operator writes it for
 *   {@code method: any} (docs/src/replication.md).</li>
 * </ul>
 * The migration commits only once a standby has its WAL; with one standby down it still completes (one of the two
 * suffices). The servers are the Debian packages' (not the Cluster's image), started by the tests.
 */
class PgMigrateCloudNativePgTest {
    static Path tmp;
    static PgServer old;
    static PgServer primary;
    static List<PgServer> standbys = new ArrayList<>();
    static JsonNode cluster;
    static String database;
    static String owner;

    @BeforeAll
    static void servers() throws Exception {
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = yaml.getFactory().createParser(Path.of("platform/cloudnative-pg/banking-pg.yaml").toFile())) {
            var docs = yaml.readValues(parser, JsonNode.class);
            while (docs.hasNext()) {
                JsonNode d = docs.next();
                if (d.path("kind").asText().equals("Cluster")) {
                    cluster = d;
                }
            }
        }
        database = cluster.at("/spec/bootstrap/initdb/database").asText();
        owner = cluster.at("/spec/bootstrap/initdb/owner").asText();
        String name = cluster.at("/metadata/name").asText();

        tmp = Files.createTempDirectory("kongsync-cnpg");
        old = PgServer.primary(tmp, "old");
        old.sql("postgres", "create role banking login password 'old-pw'; create database banking owner banking;");
        old.sql("banking", "set role banking;"
                + "create table accounts(id serial primary key, owner text not null, balance numeric(12,2));"
                + "insert into accounts(owner, balance) select 'user-' || g, g * 1.5 from generate_series(1, 3000) g;"
                + "create table transfers(id bigserial primary key, from_id int references accounts, amount numeric,"
                + " note bytea);"
                + "insert into transfers(from_id, amount, note) select 1 + g % 3000, g, decode(md5(g::text), 'hex')"
                + " from generate_series(1, 4000) g;");

        primary = PgServer.primary(tmp, name + "-1");
        primary.sql("postgres", "CREATE ROLE \"" + owner + "\" LOGIN");
        primary.sql("postgres", "CREATE DATABASE \"" + database + "\" OWNER \"" + owner + "\"");
        primary.sql("postgres", "ALTER ROLE \"" + owner + "\" PASSWORD 'app-pw'");
        List<String> names = new ArrayList<>();
        for (int i = 2; i <= cluster.at("/spec/instances").asInt(); i++) {
            names.add("\"" + name + "-" + i + "\"");
            standbys.add(PgServer.replicaOf(primary, tmp, name + "-" + i, name + "-" + i));
        }
        JsonNode sync = cluster.at("/spec/postgresql/synchronous");
        assertEquals("any", sync.get("method").asText());
        primary.sql("postgres", "ALTER SYSTEM SET synchronous_standby_names = 'ANY " + sync.get("number").asInt()
                + " (" + String.join(", ", names) + ")'");
        primary.sql("postgres", "SELECT pg_reload_conf()");
        waitFor(() -> primary.sql("postgres", "select count(*) from pg_stat_replication where sync_state = 'quorum'")
                .equals(String.valueOf(standbys.size())), "both standbys in the synchronous quorum");
    }

    @AfterAll
    static void stop() throws Exception {
        for (PgServer s : standbys) {
            s.close();
        }
        for (PgServer s : new PgServer[] {primary, old}) {
            if (s != null) {
                s.close();
            }
        }
        new ProcessBuilder("rm", "-rf", tmp.toString()).start().waitFor();
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check c, String what) throws Exception {
        for (int i = 0; i < 150; i++) {
            try {
                if (c.ok()) {
                    return;
                }
            } catch (IllegalStateException e) {
                // a standby still starting
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting: " + what);
    }

    record Run(int exit, String output) {}

    static Run migrate(String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "platform/migrate/pg-migrate.sh");
        pb.command().addAll(List.of(args));
        Map<String, String> env = pb.environment();
        env.put("SOURCE_HOST", "127.0.0.1");
        env.put("SOURCE_PORT", String.valueOf(old.port));
        env.put("SOURCE_DB", "banking");
        env.put("SOURCE_USER", "banking");
        env.put("SOURCE_PASSWORD", "old-pw");
        env.put("TARGET_HOST", "127.0.0.1");
        env.put("TARGET_PORT", String.valueOf(primary.port));
        env.put("TARGET_DB", database);
        env.put("TARGET_USER", owner);
        env.put("TARGET_PASSWORD", "app-pw");
        env.put("PGCONNECT_TIMEOUT", "3");
        Process p = pb.redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out);
    }

    static String counts(PgServer s) throws Exception {
        return s.sql(database, "select (select count(*) from accounts) || ',' || (select count(*) from transfers)");
    }

    @Test
    void migratesIntoTheOperatorsDatabaseUnderSynchronousReplication_andWithOneStandbyDown() throws Exception {
        assertEquals("banking", database, "the kit's database name (the kit's chart names the same)");
        Run ok = migrate();
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().contains("migrated and verified 2 table(s)"), ok.output());
        assertEquals("3000,4000", counts(primary));
        // restored as the owner the operator created: the tables are its own, in the database it owns
        assertEquals(owner, primary.sql(database, "select string_agg(distinct tableowner, ',') from pg_tables"
                + " where schemaname = 'public'"));
        assertEquals(old.sql("banking", "select md5(string_agg(note::text, '' order by id)) from transfers"),
                primary.sql(database, "select md5(string_agg(note::text, '' order by id)) from transfers"));
        for (PgServer s : standbys) {
            waitFor(() -> counts(s).equals("3000,4000"), "the rows on the standby " + s.port);
        }

        // one standby down: ANY 1 of the other still acknowledges, the migration completes (again, with --force)
        standbys.get(standbys.size() - 1).close();
        waitFor(() -> primary.sql("postgres", "select count(*) from pg_stat_replication").equals(
                String.valueOf(standbys.size() - 1)), "one standby gone");
        Run again = migrate();
        assertEquals(1, again.exit(), "a target with tables is refused: " + again.output());
        Run forced = migrate("--force");
        assertEquals(0, forced.exit(), forced.output());
        assertEquals("3000,4000", counts(primary));
        waitFor(() -> counts(standbys.get(0)).equals("3000,4000"), "the rows on the remaining standby");
    }
}
