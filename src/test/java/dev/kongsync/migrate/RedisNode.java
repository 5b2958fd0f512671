package dev.kongsync.migrate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway Redis (or Sentinel) for tests, from Debian's redis-server package (installed by the test when missing),
 * on 127.0.0.1 and a free port, with a password; plus a minimal binary-safe RESP client to load and inspect data.
 */
final class RedisNode implements AutoCloseable {
    final int port;
    final String password;
    private final Process process;

    private RedisNode(int port, String password, Process process) {
        this.port = port;
        this.password = password;
        this.process = process;
    }

    static synchronized void ensureInstalled() throws IOException, InterruptedException {
        if (Files.isExecutable(Path.of("/usr/bin/redis-server")) && Files.isExecutable(Path.of("/usr/bin/redis-cli"))) {
            return;
        }
        DebianPackages.install("redis-server");
    }

    /** A Redis server; {@code replicaOf} makes it a replica of that node. */
    static RedisNode server(Path dir, String password, RedisNode replicaOf) throws Exception {
        ensureInstalled();
        int port = PgServer.freePort();
        Path d = dir.resolve("redis-" + port);
        Files.createDirectories(d);
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/redis-server", "--port", String.valueOf(port), "--bind",
                "127.0.0.1", "--requirepass", password, "--masterauth", password, "--save", "", "--appendonly", "no",
                "--dir", d.toString(), "--protected-mode", "no"));
        if (replicaOf != null) {
            cmd.addAll(List.of("--replicaof", "127.0.0.1", String.valueOf(replicaOf.port)));
        }
        return started(cmd, port, password, d);
    }

    /** A Sentinel monitoring {@code master} as "mymaster", itself protected by {@code password}. */
    static RedisNode sentinel(Path dir, RedisNode master, String password) throws Exception {
        ensureInstalled();
        int port = PgServer.freePort();
        Path d = dir.resolve("sentinel-" + port);
        Files.createDirectories(d);
        Path conf = d.resolve("sentinel.conf");
        Files.writeString(conf, "port " + port + "\nbind 127.0.0.1\nprotected-mode no\ndir " + d + "\nrequirepass "
                + password + "\nsentinel monitor mymaster 127.0.0.1 " + master.port + " 2\nsentinel auth-pass "
                + "mymaster " + master.password + "\nsentinel down-after-milliseconds mymaster 5000\n");
        return started(List.of("/usr/bin/redis-server", conf.toString(), "--sentinel"), port, password, d);
    }

    private static RedisNode started(List<String> cmd, int port, String password, Path d) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(d.resolve("log").toFile()).start();
        RedisNode n = new RedisNode(port, password, p);
        for (int i = 0; i < 100; i++) {
            try {
                if ("PONG".equals(n.call("PING"))) {
                    return n;
                }
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("redis on " + port + " did not start: " + Files.readString(d.resolve("log")));
    }

    /** Sends one command (binary-safe arguments) after AUTH; returns the reply (bulk as String, or List). */
    Object call(Object... args) throws IOException {
        Object r = callRaw(args);
        return r instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : r;
    }

    byte[] getBytes(String key) throws IOException {
        Object r = callRaw("GET", key);
        return (byte[]) r;
    }

    private Object callRaw(Object... args) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            send(out, "AUTH", password);
            readRaw(in);
            send(out, args);
            return readRaw(in);
        }
    }

    private static void send(OutputStream out, Object... args) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (Object a : args) {
            byte[] v = a instanceof byte[] bytes ? bytes : String.valueOf(a).getBytes(StandardCharsets.UTF_8);
            b.write(("$" + v.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.write(v);
            b.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    private static Object readRaw(InputStream in) throws IOException {
        String line = line(in);
        char t = line.charAt(0);
        String rest = line.substring(1);
        switch (t) {
            case '+':
                return rest;
            case '-':
                throw new IOException("redis error: " + rest);
            case ':':
                return Long.parseLong(rest);
            case '$': {
                int n = Integer.parseInt(rest);
                if (n < 0) {
                    return null;
                }
                byte[] b = in.readNBytes(n);
                in.readNBytes(2);
                return b;
            }
            case '*': {
                int n = Integer.parseInt(rest);
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    Object o = readRaw(in);
                    l.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : o);
                }
                return l;
            }
            default:
                throw new IOException("unexpected reply " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                in.read();
                return sb.toString();
            }
            sb.append((char) c);
        }
        throw new IOException("connection closed");
    }

    void kill() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
