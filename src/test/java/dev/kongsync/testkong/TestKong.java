package dev.kongsync.testkong;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kongsync.testkong.Daos.Dao;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

import static dev.kongsync.testkong.KongSchema.JSON;
import static dev.kongsync.testkong.KongSchema.NODES;

/**
 * A Kong Gateway 3.9.1 Admin API (OSS, database mode) for tests: real HTTP on 127.0.0.1, answering as the recorded
 * Kong 3.9.1 does for every entity kind (services, routes, consumers, plugins, upstreams, targets, certificates,
 * SNIs, CA certificates, vaults, keys, key sets, the credentials of key-auth, basic-auth, jwt, hmac-auth, acl and
 * oauth2): status codes and error bodies, paging, tags, nested endpoints, PUT, PATCH, DELETE, unique and foreign-key
 * rules, cascades, defaults and validation from the recorded schemas and Kong's own code. Test code only.
 */
public final class TestKong implements AutoCloseable {
    /**
     * One request as received.
     *
     * @param receivedNanos when it arrived ({@link System#nanoTime()})
     */
    public record Request(String method, String path, String query, String body, Map<String, String> headers,
                          long receivedNanos) {
        /** A request that may change what Kong holds: not a read, not a {@code POST /schemas/.../validate}. */
        public boolean isWrite() {
            return !method.equals("GET") && !isValidation();
        }

        /** Kong's validation endpoints store nothing. */
        public boolean isValidation() {
            return method.equals("POST") && path.startsWith("/schemas/") && path.endsWith("/validate");
        }

        /** A read of a page of a collection: {@code GET /routes}, {@code GET /upstreams/{id}/targets}. */
        boolean isPage() {
            if (!method.equals("GET") || path.startsWith("/schemas") || path.equals("/status")) {
                return false;
            }
            long segments = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).count();
            return segments % 2 == 1;
        }

        /** PUT, POST, PATCH or DELETE that is not a validation: what {@link #failNthWrite} and {@link #delayWrites} count. */
        boolean changes() {
            return (method.equals("PUT") || method.equals("POST") || method.equals("PATCH") || method.equals("DELETE"))
                    && !isValidation();
        }
    }

    /** An injected failure: requests matching method and path prefix get this answer instead. */
    private record Failure(String method, String pathPrefix, int status, String body) {}

    /** An injected answer for one write. */
    private record Injected(int status, String body) {}

    /** Each request waits base + perInFlight × (requests in flight, itself included); more than max get 503. */
    private record Latency(long baseMillis, double perInFlightMillis, int maxInFlight) {}

    private static final ObjectMapper OUT = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private final HttpServer server;
    private final ExecutorService executor;
    private final KongStore store = new KongStore();
    private final AdminApi api;
    private final ObjectNode root;
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, Injected> writeFailures = new ConcurrentHashMap<>();
    private final Map<String, UnaryOperator<ObjectNode>> alterations = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicLong writesSeen = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private volatile long delayMillis;
    private volatile long writeDelayMillis;
    private volatile long pageDelayMillis;
    private volatile Latency latency;
    private volatile String requiredToken;
    private volatile boolean dbLess;
    private volatile boolean databaseReachable = true;

    static {
        // answer without Nagle's delay: headers and body go out in separate writes, which otherwise meet the
        // client's delayed ACK and add ~40 ms to every request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private TestKong(int port) throws IOException {
        try (InputStream in = TestKong.class.getClassLoader().getResourceAsStream("testkong/root.json")) {
            root = (ObjectNode) JSON.readTree(in);
        }
        api = new AdminApi(store, root, () -> dbLess, this::status);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-kong");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on 127.0.0.1 and a free port. */
    public static TestKong start() {
        return start(0);
    }

    /** Starts on 127.0.0.1 and the given port (0: any free port). */
    public static TestKong start(int port) {
        try {
            return new TestKong(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sleeps this long before answering each request (simulates Admin API latency). */
    public TestKong delay(long millis) {
        this.delayMillis = millis;
        return this;
    }

    /** Sleeps this long before answering each write (PUT, POST, PATCH, DELETE); reads are not delayed. */
    public TestKong delayWrites(long millis) {
        this.writeDelayMillis = millis;
        return this;
    }

    /**
     * Sleeps this long before answering each read of a page of a collection ({@code GET /routes},
     * {@code GET /upstreams/{id}/targets}): what a real Kong's database query costs, where {@code GET /},
     * {@code /status} and {@code /schemas/...} are answered from memory.
     */
    public TestKong delayPages(long millis) {
        this.pageDelayMillis = millis;
        return this;
    }

    /**
     * A load-dependent latency: each request is answered after {@code baseMillis + millisPerInFlight × n} ms, n the
     * requests in flight when it arrives (itself included). Beyond {@code maxInFlight} concurrent requests it answers
     * 503 at once with Kong's default 503 body, {@code {"message":"Service unavailable"}}
     * ({@code kong/tools/http.lua}, {@code get_default_exit_body}). {@code maxInFlight} 0: no limit.
     */
    public TestKong latencyModel(long baseMillis, double millisPerInFlight, int maxInFlight) {
        this.latency = new Latency(baseMillis, millisPerInFlight, maxInFlight);
        return this;
    }

    /** Requires this Kong-Admin-Token on every request (401 otherwise). */
    public TestKong requireToken(String token) {
        this.requiredToken = token;
        return this;
    }

    /** What {@code GET /status} says of the database. */
    public TestKong databaseReachable(boolean reachable) {
        this.databaseReachable = reachable;
        return this;
    }

    /**
     * What {@code GET /} says of {@code configuration.router_flavor} ({@code traditional_compatible}, as recorded,
     * until changed): the test Kong routes no traffic, so only what it reports changes.
     */
    public TestKong routerFlavor(String flavor) {
        synchronized (root) {
            ((ObjectNode) root.get("configuration")).put("router_flavor", flavor);
        }
        return this;
    }

    /** Answers as a DB-less node: {@code configuration.database = off}, writes refused (405, code 12). */
    public TestKong dbLess(boolean on) {
        this.dbLess = on;
        return this;
    }

    /**
     * Ids to give the next created entities, in order (for replaying recorded sessions). An entity created with its
     * id in the request, and a request that fails, take none.
     */
    public void nextIds(List<String> ids) {
        synchronized (store) {
            store.nextIds.addAll(ids);
        }
    }

    /**
     * Values for what Kong generates at random, in the order it generates them: the {@code auto} strings (key-auth
     * keys, jwt keys and secrets, hmac-auth secrets, oauth2 client ids and secrets, in field order) and the salts of
     * hashed oauth2 secrets (base64). For replaying recorded sessions.
     */
    public void nextGenerated(List<String> values) {
        synchronized (store) {
            store.nextGenerated.addAll(values);
        }
    }

    /** The clock Kong reads: timestamps, and the time left of a key-auth credential's ttl. */
    public TestKong clock(Clock clock) {
        store.clock = clock;
        return this;
    }

    /** Answers every {@code method} request whose path starts with {@code pathPrefix} with this status and body. */
    public TestKong fail(String method, String pathPrefix, int status, String body) {
        failures.add(new Failure(method, pathPrefix, status, body));
        return this;
    }

    /**
     * The n-th write request (PUT, POST, PATCH, DELETE; n = 1 is the next one) from now gets this status and JSON
     * body instead, and is not applied.
     */
    public TestKong failNthWrite(int n, int status, String body) {
        writeFailures.put(writesSeen.get() + n, new Injected(status, body));
        return this;
    }

    /**
     * After each successful write to {@code collection} ("services", "key-auths" or "keyauth_credentials"), the
     * stored entity is replaced by {@code change} of it (a server that does not store what it was sent). The answer
     * to the write is Kong's, unchanged.
     */
    public TestKong alterOnWrite(String collection, UnaryOperator<ObjectNode> change) {
        alterations.put(Daos.get(collection).name(), change);
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    public List<Request> writes() {
        return requests().stream().filter(Request::isWrite).toList();
    }

    public void clearRequests() {
        requests.clear();
        counts.clear();
        maxInFlight.set(0);
    }

    /** Requests since the last {@link #clearRequests()}, by method and path template ("GET /services/{services}"). */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The most requests this Kong was handling at the same time since the last {@link #clearRequests()}. */
    public int maxConcurrency() {
        return maxInFlight.get();
    }

    public void reset() {
        synchronized (store) {
            store.clear();
            store.clock = Clock.systemUTC();
        }
        requests.clear();
        counts.clear();
        delayMillis = 0;
        writeDelayMillis = 0;
        pageDelayMillis = 0;
        latency = null;
        requiredToken = null;
        dbLess = false;
        routerFlavor("traditional_compatible");
        databaseReachable = true;
        failures.clear();
        writeFailures.clear();
        alterations.clear();
    }

    public int entityCount() {
        synchronized (store) {
            return store.size();
        }
    }

    /** All stored entities of a collection ("services", "key-auths" or "keyauth_credentials") as Kong lists them. */
    public List<ObjectNode> all(String collection) {
        Dao dao = Daos.get(collection);
        synchronized (store) {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode n : store.rows(dao).values()) {
                out.add(api.view(dao, n));
            }
            return out;
        }
    }

    /** The entity of a collection with this id or endpoint key (name, username, key, ...), or null. */
    public ObjectNode find(String collection, String idOrName) {
        Dao dao = Daos.get(collection);
        synchronized (store) {
            ObjectNode n = store.row(dao, idOrName);
            if (n == null && dao.endpointKey() != null) {
                n = store.rowBy(dao, dao.endpointKey(), NODES.textNode(idOrName));
            }
            return n == null ? null : api.view(dao, n);
        }
    }

    /**
     * Every stored entity of every collection, ids and timestamps included, as one comparable value: an object of
     * the collections (schema names, sorted) to their rows in id order, keys sorted. A ttl is its stored expiry
     * (epoch seconds), so an unchanged Kong gives an equal snapshot later.
     */
    public ObjectNode snapshot() {
        synchronized (store) {
            return store.snapshot();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private ObjectNode status() {
        ObjectNode s = NODES.objectNode();
        if (!dbLess) {
            s.set("database", NODES.objectNode().put("reachable", databaseReachable));
        } else {
            s.put("configuration_hash", "00000000000000000000000000000000");
        }
        s.put("memory", "<scrubbed>");
        ObjectNode server = s.putObject("server");
        server.put("connections_accepted", served.get());
        server.put("connections_active", inFlight.get());
        server.put("connections_handled", served.get());
        server.put("connections_reading", 0);
        server.put("connections_waiting", 0);
        server.put("connections_writing", inFlight.get());
        server.put("total_requests", served.get());
        return s;
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        long received = System.nanoTime();
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (ex) {
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            Request request = new Request(method, rawPath, query, body.isEmpty() ? null : body, headers,
                    received);
            requests.add(request);
            String template = api.templateOf(rawPath);
            counts.computeIfAbsent(method + " " + (template == null ? rawPath : template.replaceAll(":([^/]+)",
                    "{$1}")), k -> new AtomicInteger()).incrementAndGet();
            served.incrementAndGet();
            AdminApi.Answer answer = answer(request, headers, now);
            ex.getResponseHeaders().add("X-Kong-Admin-Latency", "1");
            ex.getResponseHeaders().add("Server", "kong/3.9.1");
            if (answer.status() == 204 || answer.body() == null || method.equals("HEAD")) {
                ex.sendResponseHeaders(answer.status(), -1);
                return;
            }
            byte[] out = OUT.writeValueAsBytes(cjson(answer.body()));
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(answer.status(), out.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
            throw e;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private AdminApi.Answer answer(Request request, Map<String, String> headers, int inFlightNow) throws IOException {
        Latency l = latency;
        if (l != null) {
            if (l.maxInFlight > 0 && inFlightNow > l.maxInFlight) {
                return AdminApi.Answer.of(503, AdminApi.message("Service unavailable"));
            }
            sleep(l.baseMillis + Math.round(l.perInFlightMillis * inFlightNow));
        }
        sleep(delayMillis);
        if (request.changes()) {
            sleep(writeDelayMillis);
        }
        if (request.isPage()) {
            sleep(pageDelayMillis);
        }
        Failure injected = null;
        synchronized (failures) {
            for (Failure f : failures) {
                if (f.method.equals(request.method()) && request.path().startsWith(f.pathPrefix)) {
                    injected = f;
                }
            }
        }
        if (injected != null) {
            return AdminApi.Answer.of(injected.status, JSON.readTree(injected.body));
        }
        if (requiredToken != null && !requiredToken.equals(headers.get("Kong-Admin-Token"))) {
            return AdminApi.Answer.of(401, AdminApi.message("Invalid credentials. Token or User credentials required"));
        }
        if (request.changes()) {
            Injected w = writeFailures.remove(writesSeen.incrementAndGet());
            if (w != null) {
                return AdminApi.Answer.of(w.status, JSON.readTree(w.body));
            }
        }
        synchronized (store) {
            AdminApi.Answer a;
            try {
                a = api.handle(request.method(), request.path(), request.query(), headers.get("Content-Type"),
                        request.body());
            } catch (RuntimeException e) {
                e.printStackTrace();
                return AdminApi.Answer.of(500, AdminApi.message("An unexpected error occurred"));
            }
            UnaryOperator<ObjectNode> change = a.written() == null ? null : alterations.get(a.written().name());
            if (change != null && a.status() < 300 && a.writtenId() != null) {
                ObjectNode row = store.row(a.written(), a.writtenId());
                if (row != null) {
                    store.replaceRow(a.written(), change.apply(row.deepCopy()));
                }
            }
            return a;
        }
    }

    /** The body as cjson writes it: keys sorted, integral numbers without a fraction, others with 14 digits. */
    private static JsonNode cjson(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = NODES.objectNode();
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            sorted.forEach((k, v) -> o.set(k, cjson(v)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            n.forEach(x -> a.add(cjson(x)));
            return a;
        }
        if (n.isFloatingPointNumber()) {
            double d = n.asDouble();
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return NODES.numberNode((long) d);
            }
            return NODES.numberNode(new BigDecimal(String.format(java.util.Locale.ROOT, "%.14g", d))
                    .stripTrailingZeros());
        }
        return n;
    }
}
