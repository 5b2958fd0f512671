package dev.kongsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline kongsync is measured against: the least a client can do to write the benchmark's entities (one
 * keep-alive JDK HttpClient, a fixed number of threads, one {@code PUT /{collection}/{id}} per entity with a
 * prepared JSON body, a barrier after each kind), and to read them back (every page of each collection, the
 * collections in parallel). No parsing, no validation, no comparison: wall and CPU time of just the requests.
 * CPU is the thread CPU of its own threads and of the HttpClient's selector thread.
 */
final class RawClient implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final String base;
    private final int parallelism;
    private final HttpClient http;
    private final ExecutorService pool;
    private final AtomicLong cpu = new AtomicLong();

    RawClient(String base, int parallelism) {
        this.base = base;
        this.parallelism = parallelism;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "raw-client");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What a run cost: wall milliseconds and CPU milliseconds of the client's threads. */
    record Cost(long wallMs, long cpuMs, int requests) {}

    /** One write: {@code PUT path} with a JSON body. */
    record Put(String path, String body) {}

    /** Writes each batch in turn (services, then routes, then plugins), its writes in parallel. */
    Cost write(List<List<Put>> batches) throws Exception {
        long cpu0 = selectorCpu();
        cpu.set(0);
        long t0 = System.nanoTime();
        int n = 0;
        for (List<Put> batch : batches) {
            List<Future<?>> done = new ArrayList<>();
            int per = (batch.size() + parallelism - 1) / parallelism;
            for (int w = 0; w < parallelism; w++) {
                List<Put> mine = batch.subList(Math.min(batch.size(), w * per), Math.min(batch.size(), (w + 1) * per));
                done.add(pool.submit(() -> {
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    for (Put p : mine) {
                        send(HttpRequest.newBuilder(URI.create(base + p.path))
                                .PUT(HttpRequest.BodyPublishers.ofString(p.body))
                                .header("Content-Type", "application/json").build(), 200);
                    }
                    cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            n += batch.size();
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new Cost(wall, (cpu.get() + selectorCpu() - cpu0) / 1_000_000, n);
    }

    /** Reads every page of each collection (the collections in parallel, pages in turn, {@code size=1000}). */
    Cost read(List<String> collections, String tag) throws Exception {
        long cpu0 = selectorCpu();
        cpu.set(0);
        long t0 = System.nanoTime();
        AtomicLong requests = new AtomicLong();
        List<Future<?>> done = new ArrayList<>();
        for (String c : collections) {
            done.add(pool.submit(() -> {
                long c0 = THREADS.getCurrentThreadCpuTime();
                String next = "/" + c + "?size=1000&tags=" + tag;
                while (next != null) {
                    String body = send(HttpRequest.newBuilder(URI.create(base + next)).GET().build(), 200);
                    requests.incrementAndGet();
                    int at = body.lastIndexOf("\"next\":");
                    String rest = at < 0 ? "null" : body.substring(at + 7).trim();
                    next = rest.startsWith("\"") ? rest.substring(1, rest.indexOf('"', 1)) : null;
                }
                cpu.addAndGet(THREADS.getCurrentThreadCpuTime() - c0);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long wall = (System.nanoTime() - t0) / 1_000_000;
        return new Cost(wall, (cpu.get() + selectorCpu() - cpu0) / 1_000_000, (int) requests.get());
    }

    private String send(HttpRequest request, int expected) throws Exception {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " " + request.uri() + ": " + r.statusCode() + " "
                    + r.body());
        }
        return r.body();
    }

    /** CPU nanoseconds of the JDK HttpClient's selector threads (they do the socket work of every request). */
    private static long selectorCpu() {
        long sum = 0;
        for (long id : THREADS.getAllThreadIds()) {
            var info = THREADS.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith("HttpClient-")) {
                long t = THREADS.getThreadCpuTime(id);
                sum += Math.max(0, t);
            }
        }
        return sum;
    }

    /** The entities of {@link SyncBenchmark#generate} as raw writes, in three batches. */
    static List<List<Put>> entities(int services) {
        List<Put> svc = new ArrayList<>();
        List<Put> routes = new ArrayList<>();
        List<Put> plugins = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            String sid = UUID.randomUUID().toString();
            svc.add(new Put("/services/" + sid, "{\"name\":\"svc-" + s + "\",\"protocol\":\"http\",\"host\":\"svc-" + s
                    + ".banking.svc.cluster.local\",\"port\":8080,\"tags\":[\"bench\"]}"));
            for (int r = 0; r < 2; r++) {
                String rid = UUID.randomUUID().toString();
                routes.add(new Put("/routes/" + rid, "{\"name\":\"route-" + s + "-" + r + "\",\"paths\":[\"/svc-" + s
                        + "/r" + r + "\"],\"service\":{\"id\":\"" + sid + "\"},\"tags\":[\"bench\"]}"));
                if (r == 0) {
                    plugins.add(new Put("/plugins/" + UUID.randomUUID(), "{\"name\":\"rate-limiting\",\"route\":{\"id\":\""
                            + rid + "\"},\"config\":{\"minute\":" + (60 + s % 7) + ",\"policy\":\"local\"},"
                            + "\"tags\":[\"bench\"]}"));
                }
            }
            plugins.add(new Put("/plugins/" + UUID.randomUUID(), "{\"name\":\"cors\",\"service\":{\"id\":\"" + sid
                    + "\"},\"config\":{\"origins\":[\"https://svc-" + s + ".example\"]},\"tags\":[\"bench\"]}"));
        }
        return List.of(svc, routes, plugins);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
