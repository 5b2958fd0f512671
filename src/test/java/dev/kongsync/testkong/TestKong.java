package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static dev.kongsync.testkong.KongSchemas.JSON;
import static dev.kongsync.testkong.KongSchemas.NODES;

/**
 * A Kong 3.9 Admin API for tests: real HTTP on 127.0.0.1 and a random port, answering as the recorded Kong 3.9.1
 * does for services, routes, plugins, upstreams, targets (and consumers, so consumer-scoped plugins exist): status
 * codes, error bodies, paging, nested endpoints, PUT full replace and create-by-name, PATCH merge, unique and
 * foreign-key rules, cascades, tag filters, defaults from the recorded schemas. Test code only, never shipped.
 */
public final class TestKong implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String path, String query, String body, Map<String, String> headers) {
        public boolean isWrite() {
            return !method.equals("GET");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    final KongStore store = new KongStore();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final ObjectNode root;
    private volatile long delayMillis;
    private volatile String requiredToken;
    private volatile boolean dbLess;
    private volatile boolean databaseReachable = true;
    private final AtomicLong served = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());

    /** An injected failure: requests matching method and path prefix get this answer instead. */
    private record Failure(String method, String pathPrefix, int status, String body) {}

    static {
        // answer without Nagle's delay: headers and body go out in separate writes, which otherwise meet the
        // client's delayed ACK and add ~40 ms to every request
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private TestKong(int port) throws IOException {
        try (InputStream in = TestKong.class.getClassLoader().getResourceAsStream("testkong/root.json")) {
            root = (ObjectNode) JSON.readTree(in);
        }
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

    /** Answers as a DB-less node: {@code configuration.database = off}, writes refused. */
    public TestKong dbLess(boolean on) {
        this.dbLess = on;
        return this;
    }

    /** Ids to give the next created entities, in order (for replaying recorded sessions). */
    public void nextIds(List<String> ids) {
        synchronized (store) {
            store.nextIds.addAll(ids);
        }
    }

    /** Answers every {@code method} request whose path starts with {@code pathPrefix} with this status and body. */
    public TestKong fail(String method, String pathPrefix, int status, String body) {
        failures.add(new Failure(method, pathPrefix, status, body));
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
        maxInFlight.set(0);
    }

    /** The most requests this Kong was handling at the same time since the last {@link #clearRequests()}. */
    public int maxConcurrency() {
        return maxInFlight.get();
    }

    public void reset() {
        store.clear();
        requests.clear();
        delayMillis = 0;
        requiredToken = null;
        dbLess = false;
        databaseReachable = true;
        failures.clear();
    }

    public int entityCount() {
        return store.size();
    }

    /** All stored entities of a collection as Kong would list them. */
    public List<ObjectNode> all(String collection) {
        synchronized (store) {
            List<ObjectNode> out = new ArrayList<>();
            for (ObjectNode n : store.table(collection).values()) {
                out.add(store.view(collection, n));
            }
            return out;
        }
    }

    public ObjectNode find(String collection, String idOrName) {
        synchronized (store) {
            ObjectNode n = store.find(collection, idOrName);
            return n == null ? null : store.view(collection, n);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- HTTP ----------------------------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (ex) {
            String method = ex.getRequestMethod();
            String rawPath = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            requests.add(new Request(method, rawPath, query, body.isEmpty() ? null : body, headers));
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            served.incrementAndGet();
            int status;
            JsonNode answer;
            Failure injected = null;
            synchronized (failures) {
                for (Failure f : failures) {
                    if (f.method.equals(method) && rawPath.startsWith(f.pathPrefix)) {
                        injected = f;
                    }
                }
            }
            if (injected != null) {
                status = injected.status;
                answer = JSON.readTree(injected.body);
            } else if (requiredToken != null && !requiredToken.equals(headers.get("Kong-Admin-Token"))) {
                status = 401;
                answer = NODES.objectNode().put("message", "Invalid credentials. Token or User credentials required");
            } else {
                try {
                    Object[] r = route(method, rawPath, query, body);
                    status = (Integer) r[0];
                    answer = (JsonNode) r[1];
                } catch (KongStore.KongError e) {
                    status = e.status;
                    answer = e.body;
                } catch (BadJson e) {
                    status = 400;
                    answer = NODES.objectNode().put("message", "Cannot parse JSON body");
                } catch (RuntimeException e) {
                    e.printStackTrace();
                    status = 500;
                    answer = NODES.objectNode().put("message", "An unexpected error occurred");
                }
            }
            ex.getResponseHeaders().add("X-Kong-Admin-Latency", "1");
            ex.getResponseHeaders().add("Server", "kong/3.9.1");
            if (status == 204) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            byte[] out = JSON.writeValueAsBytes(sortKeys(answer));
            ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            ex.sendResponseHeaders(status, out.length);
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

    private static final class BadJson extends RuntimeException {}

    private static JsonNode sortKeys(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            ObjectNode o = NODES.objectNode();
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            n.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
            sorted.forEach((k, v) -> o.set(k, sortKeys(v)));
            return o;
        }
        if (n.isArray()) {
            ArrayNode a = NODES.arrayNode();
            n.forEach(x -> a.add(sortKeys(x)));
            return a;
        }
        return n;
    }

    private static Object[] ok(int status, JsonNode body) {
        return new Object[] {status, body};
    }

    private static ObjectNode message(String m) {
        return NODES.objectNode().put("message", m);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String kv : query.split("&")) {
            int i = kv.indexOf('=');
            String k = URLDecoder.decode(i < 0 ? kv : kv.substring(0, i), StandardCharsets.UTF_8);
            String v = i < 0 ? "" : URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private ObjectNode parseBody(String body) {
        if (body == null || body.isBlank()) {
            return NODES.objectNode();
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (!n.isObject()) {
                throw new BadJson();
            }
            return (ObjectNode) n;
        } catch (IOException e) {
            throw new BadJson();
        }
    }

    private static final Set<String> COLLECTIONS = Set.of("services", "routes", "plugins", "upstreams", "consumers");

    private Object[] route(String method, String rawPath, String query, String body) {
        List<String> seg = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                seg.add(URLDecoder.decode(s, StandardCharsets.UTF_8));
            }
        }
        Map<String, String> q = params(query);
        if (seg.isEmpty()) {
            if (!method.equals("GET")) {
                return ok(405, message("Method not allowed"));
            }
            ObjectNode r = root.deepCopy();
            ((ObjectNode) r.get("configuration")).put("database", dbLess ? "off" : "postgres");
            return ok(200, r);
        }
        if (seg.size() == 1 && seg.get(0).equals("status")) {
            if (!method.equals("GET")) {
                return ok(405, message("Method not allowed"));
            }
            ObjectNode s = NODES.objectNode();
            if (!dbLess) {
                s.set("database", NODES.objectNode().put("reachable", databaseReachable));
            } else {
                s.put("configuration_hash", "00000000000000000000000000000000");
            }
            s.put("memory", "<scrubbed>");
            ObjectNode server = s.putObject("server");
            server.put("connections_accepted", served.get());
            server.put("connections_active", 1);
            server.put("connections_handled", served.get());
            server.put("connections_reading", 0);
            server.put("connections_waiting", 0);
            server.put("connections_writing", 1);
            server.put("total_requests", served.get());
            return ok(200, s);
        }
        if (seg.get(0).equals("schemas")) {
            if (!method.equals("GET")) {
                return ok(405, message("Method not allowed"));
            }
            if (seg.size() == 3 && seg.get(1).equals("plugins")) {
                JsonNode d = store.schemas.document("plugins/" + seg.get(2));
                return d == null ? ok(404, message("No plugin named '" + seg.get(2) + "'")) : ok(200, d);
            }
            if (seg.size() == 2) {
                JsonNode d = store.schemas.document(seg.get(1));
                return d == null ? ok(404, message("No entity named '" + seg.get(1) + "'")) : ok(200, d);
            }
            return ok(404, message("Not found"));
        }
        if (dbLess && !method.equals("GET")) {
            return ok(405, message("cannot " + method + " in DB-less mode"));
        }
        String top = seg.get(0);
        if (!COLLECTIONS.contains(top)) {
            return ok(404, message("Not found"));
        }
        synchronized (store) {
            if (seg.size() == 1) {
                return collection(method, top, q, body, Map.of(), n -> true, "/" + top, false);
            }
            ObjectNode parent = store.find(top, seg.get(1));
            if (seg.size() == 2) {
                return entity(method, top, seg.get(1), parent, body, Map.of());
            }
            String child = seg.get(2);
            String fkField = switch (top + "/" + child) {
                case "services/routes", "services/plugins" -> "service";
                case "routes/plugins" -> "route";
                case "consumers/plugins" -> "consumer";
                case "upstreams/targets" -> "upstream";
                default -> null;
            };
            if (fkField == null || seg.size() > 4) {
                return ok(404, message("Not found"));
            }
            if (parent == null) {
                throw KongStore.notFound();
            }
            String pid = parent.get("id").asText();
            Map<String, JsonNode> forced = Map.of(fkField, NODES.objectNode().put("id", pid));
            Predicate<ObjectNode> under = n -> pid.equals(n.path(fkField).path("id").asText(null));
            if (seg.size() == 3) {
                return collection(method, child, q, body, forced, under, rawPath, true);
            }
            ObjectNode existing = store.find(child, seg.get(3));
            if (existing != null && !under.test(existing)) {
                existing = null;
            }
            return entity(method, child, seg.get(3), existing, body, forced);
        }
    }

    private Object[] collection(String method, String collection, Map<String, String> q, String body,
                                Map<String, JsonNode> forced, Predicate<ObjectNode> filter, String path,
                                boolean nested) {
        switch (method) {
            case "GET" -> {
                return list(collection, q, filter, path, nested);
            }
            case "POST" -> {
                ObjectNode created = store.write(collection, parseBody(body), null, null, forced);
                return ok(201, store.view(collection, created));
            }
            default -> {
                return ok(405, message("Method not allowed"));
            }
        }
    }

    private Object[] entity(String method, String collection, String idOrKey, ObjectNode existing, String body,
                            Map<String, JsonNode> forced) {
        switch (method) {
            case "GET" -> {
                if (existing == null) {
                    throw KongStore.notFound();
                }
                return ok(200, store.view(collection, existing));
            }
            case "PUT" -> {
                ObjectNode input = parseBody(body);
                String id = null;
                if (KongStore.UUID_RE.matcher(idOrKey).matches()) {
                    id = idOrKey;
                } else {
                    String key = KongStore.DEFS.get(collection).endpointKey();
                    input.put(key, idOrKey);
                }
                ObjectNode written = store.write(collection, input, id, existing, forced);
                return ok(200, store.view(collection, written));
            }
            case "PATCH" -> {
                if (existing == null) {
                    throw KongStore.notFound();
                }
                ObjectNode written = store.patch(collection, existing, parseBody(body));
                return ok(200, store.view(collection, written));
            }
            case "DELETE" -> {
                if (existing != null) {
                    store.delete(collection, existing.get("id").asText());
                }
                return ok(204, null);
            }
            default -> {
                return ok(405, message("Method not allowed"));
            }
        }
    }

    private Object[] list(String collection, Map<String, String> q, Predicate<ObjectNode> filter, String path,
                          boolean nested) {
        int size = 100;
        if (q.containsKey("size")) {
            try {
                size = Integer.parseInt(q.get("size"));
            } catch (NumberFormatException e) {
                size = -1;
            }
            if (size < 1 || size > 1000) {
                ObjectNode b = NODES.objectNode();
                b.put("code", 9);
                b.put("message", "size must be an integer between 1 and 1000");
                b.put("name", "invalid size");
                return ok(400, b);
            }
        }
        String after = null;
        if (q.containsKey("offset")) {
            String o = q.get("offset");
            try {
                JsonNode arr = JSON.readTree(Base64.getUrlDecoder().decode(o));
                after = arr.get(0).asText();
            } catch (IllegalArgumentException | IOException | NullPointerException e) {
                ObjectNode b = NODES.objectNode();
                b.put("code", 7);
                b.put("message", "'" + o + "' is not a valid offset: bad base64 encoding");
                b.put("name", "invalid offset");
                return ok(400, b);
            }
        }
        Predicate<ObjectNode> tagFilter = n -> true;
        String tags = nested ? null : q.get("tags");
        if (tags != null) {
            boolean and = tags.contains(",");
            boolean or = tags.contains("/");
            if (and && or) {
                return ok(400, invalidOption("invalid filter syntax"));
            }
            List<String> wanted = List.of(tags.split(or ? "/" : ","));
            if (wanted.size() > 5) {
                return ok(400, invalidOption("cannot query more than 5 tags"));
            }
            tagFilter = n -> {
                List<String> has = new ArrayList<>();
                n.path("tags").forEach(t -> has.add(t.asText()));
                return or ? wanted.stream().anyMatch(has::contains) : has.containsAll(wanted);
            };
        }
        TreeMap<String, ObjectNode> table = store.table(collection);
        ArrayNode data = NODES.arrayNode();
        String last = null;
        boolean more = false;
        for (ObjectNode n : (after == null ? table : table.tailMap(after, false)).values()) {
            if (!filter.test(n) || !tagFilter.test(n)) {
                continue;
            }
            if (data.size() == size) {
                more = true;
                break;
            }
            data.add(store.view(collection, n));
            last = n.get("id").asText();
        }
        ObjectNode out = NODES.objectNode();
        out.set("data", data);
        if (more) {
            String offset = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("[\"" + last + "\"]").getBytes(StandardCharsets.UTF_8));
            out.put("offset", offset);
            StringBuilder next = new StringBuilder(path).append("?offset=").append(offset);
            if (!nested) {
                if (tags != null) {
                    next.append("&tags=").append(URLEncoder.encode(tags, StandardCharsets.UTF_8));
                }
                if (q.containsKey("size")) {
                    next.append("&size=").append(size);
                }
            }
            out.put("next", next.toString());
        } else {
            out.putNull("next");
        }
        return ok(200, out);
    }

    private static ObjectNode invalidOption(String why) {
        ObjectNode b = NODES.objectNode();
        b.put("code", 11);
        b.put("message", "invalid option (tags: " + why + ")");
        b.put("name", "invalid options");
        b.set("options", NODES.objectNode().put("tags", why));
        return b;
    }
}
