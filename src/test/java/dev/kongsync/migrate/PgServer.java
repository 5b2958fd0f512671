package dev.kongsync.migrate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway PostgreSQL server for tests, from the Debian packages (installed by .ci/run): its own data directory,
 * 127.0.0.1 only, a free port, password authentication. Runs as the postgres system user when started by root.
 */
final class PgServer implements AutoCloseable {
    static final String ADMIN_PASSWORD = "adm1n-test-pw";
    final Path dir;
    final int port;

    private PgServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Installs Debian's postgresql when its server binaries are missing (CI machines start without it). */
    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isDirectory(Path.of("/usr/lib/postgresql")) && Files.list(Path.of("/usr/lib/postgresql"))
                .anyMatch(p -> Files.isExecutable(p.resolve("bin/initdb")))) {
            return;
        }
        DebianPackages.install("postgresql");
    }

    static Path bin(String tool) throws IOException, InterruptedException {
        ensureInstalled();
        try (var s = Files.list(Path.of("/usr/lib/postgresql"))) {
            Path found = s.map(p -> p.resolve("bin").resolve(tool)).filter(Files::isExecutable)
                    .max(Path::compareTo).orElse(null);
            if (found == null) {
                throw new IllegalStateException("PostgreSQL server binaries not found (.ci/run installs postgresql)");
            }
            return found;
        } catch (java.nio.file.NoSuchFileException e) {
            throw new IllegalStateException("PostgreSQL is not installed (.ci/run installs postgresql)");
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command as the postgres user (when root), failing on a non-zero exit. */
    static String sh(List<String> cmd, String stdin) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root()) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(cmd);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes());
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
        }
        return out;
    }

    static Path privateDir(Path parent, String name) throws IOException, InterruptedException {
        Path d = parent.resolve(name);
        Files.createDirectories(d);
        if (root()) {
            new ProcessBuilder("chown", "-R", "postgres:postgres", parent.toString()).start().waitFor();
        }
        return d;
    }

    /** A new, empty primary. */
    static PgServer primary(Path parent, String name) throws Exception {
        Path dir = privateDir(parent, name);
        Path pw = dir.resolve("../" + name + ".pw").normalize();
        Files.writeString(pw, ADMIN_PASSWORD + "\n");
        if (root()) {
            new ProcessBuilder("chown", "postgres:postgres", pw.toString()).start().waitFor();
        }
        sh(List.of(bin("initdb").toString(), "-D", dir.toString(), "-U", "postgres", "--auth=scram-sha-256",
                "--pwfile=" + pw, "-E", "UTF8", "--locale=C"), null);
        int port = freePort();
        Files.writeString(dir.resolve("postgresql.conf"), "\nlisten_addresses = '127.0.0.1'\nport = " + port
                + "\nunix_socket_directories = '" + dir + "'\nwal_level = replica\nmax_wal_senders = 5\n"
                + "fsync = off\n", java.nio.file.StandardOpenOption.APPEND);
        Files.writeString(dir.resolve("pg_hba.conf"), "local all all scram-sha-256\n"
                + "host all all 127.0.0.1/32 scram-sha-256\nhost replication all 127.0.0.1/32 scram-sha-256\n");
        PgServer s = new PgServer(dir, port);
        s.start();
        return s;
    }

    /** A streaming replica of {@code primary} (pg_basebackup -R), started. */
    static PgServer replicaOf(PgServer primary, Path parent, String name) throws Exception {
        return replicaOf(primary, parent, name, null);
    }

    /**
     * A streaming replica that connects as {@code applicationName} (its cluster_name, which the WAL receiver sends
     * as application_name: the name synchronous_standby_names lists), started.
     */
    static PgServer replicaOf(PgServer primary, Path parent, String name, String applicationName) throws Exception {
        if (primary.sql("postgres", "select count(*) from pg_roles where rolname = 'repl'").equals("0")) {
            primary.sql("postgres", "create role repl with replication login password 'repl-pw'");
        }
        Path dir = privateDir(parent, name);
        Files.delete(dir);
        Path pass = parent.resolve(name + ".pgpass");
        Files.writeString(pass, "127.0.0.1:" + primary.port + ":*:repl:repl-pw\n");
        if (root()) {
            new ProcessBuilder("chown", "postgres:postgres", pass.toString()).start().waitFor();
        }
        new ProcessBuilder("chmod", "600", pass.toString()).start().waitFor();
        List<String> cmd = new ArrayList<>(List.of("env", "PGPASSFILE=" + pass, bin("pg_basebackup").toString(),
                "-h", "127.0.0.1", "-p", String.valueOf(primary.port), "-U", "repl", "-D", dir.toString(), "-R",
                "-X", "stream", "--checkpoint=fast"));
        sh(cmd, null);
        int port = freePort();
        Files.writeString(dir.resolve("postgresql.conf"), "\nport = " + port + "\nunix_socket_directories = '" + dir
                + "'\nhot_standby = on\n" + (applicationName == null ? "" : "cluster_name = '" + applicationName + "'\n"),
                java.nio.file.StandardOpenOption.APPEND);
        PgServer s = new PgServer(dir, port);
        s.start();
        return s;
    }

    void start() throws Exception {
        sh(List.of(bin("pg_ctl").toString(), "-D", dir.toString(), "-w", "-l", dir.resolve("log").toString(),
                "start"), null);
    }

    void kill() throws Exception {
        sh(List.of(bin("pg_ctl").toString(), "-D", dir.toString(), "-m", "immediate", "stop"), null);
    }

    /** Runs SQL as the admin user over TCP; returns psql's unaligned output. */
    String sql(String db, String sql) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", "postgres", "-d", db, "-f", "-").redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", ADMIN_PASSWORD);
        Process p = pb.start();
        p.getOutputStream().write(sql.getBytes());
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(sql + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        try {
            sh(List.of(bin("pg_ctl").toString(), "-D", dir.toString(), "-m", "fast", "stop"), null);
        } catch (Exception e) {
            // already stopped
        }
    }
}
