package dev.kongsync.admin;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The Kong Admin API as kongsync needs it: JSON in and out, full reads of paged collections, retries of
 * transient failures, authentication and TLS. Knows HTTP and Kong's conventions, nothing about diffs.
 * Thread-safe; one instance serves all workers of a run.
 */
public final class AdminClient implements AutoCloseable {
    /** Kong's maximum page size. */
    public static final int PAGE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final AdminConfig config;
    private final KongAdminApi api;
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final int[] inFlight = new int[1];
    private volatile boolean closed;

    public AdminClient(AdminConfig config) {
        this.config = config;
        QuarkusRestClientBuilder b = QuarkusRestClientBuilder.newBuilder()
                .baseUri(config.address())
                .connectTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .property("microprofile.rest.client.disable.default.mapper", true)
                .register((ClientRequestFilter) ctx -> {
                    ctx.getHeaders().putSingle("User-Agent", "kongsync");
                    config.headers().forEach((k, v) -> ctx.getHeaders().putSingle(k, v));
                    if (config.adminToken() != null) {
                        ctx.getHeaders().putSingle("Kong-Admin-Token", config.adminToken());
                    }
                });
        try {
            if (config.tlsSkipVerify()) {
                b.trustAll(true).verifyHost(false);
            } else if (config.caCert() != null) {
                b.trustStore(Pem.trustStore(config.caCert()));
            }
            if (config.clientCert() != null || config.clientKey() != null) {
                if (config.clientCert() == null || config.clientKey() == null) {
                    throw new IllegalArgumentException("--tls-client-cert and --tls-client-key go together");
                }
                char[] pw = "kongsync".toCharArray();
                b.keyStore(Pem.keyStore(config.clientCert(), config.clientKey(), pw), new String(pw));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read TLS material: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("bad TLS material: " + e.getMessage(), e);
        }
        this.api = b.build(KongAdminApi.class);
    }

    public AdminConfig config() {
        return config;
    }

    /** Releases the HTTP client's connections. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (inFlight) {
            inFlight.notifyAll();
        }
        // let requests already on the wire finish (bounded by the request timeout): closing the HTTP client under
        // them, or leaving them to answer after the application's shutdown, makes Vert.x fail after shutdown
        long deadline = System.nanoTime() + config.timeout().toNanos() + 1_000_000_000L;
        synchronized (inFlight) {
            while (inFlight[0] > 0 && System.nanoTime() < deadline) {
                try {
                    inFlight.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        if (api instanceof java.io.Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                // nothing left to do with a connection that will not close
            }
        }
    }

    // ---- reads ---------------------------------------------------------------------------------------------

    public KongInfo info() {
        return KongInfo.from(call("GET", "/", api::root, false));
    }

    public Map<String, Object> status() {
        return call("GET", "/status", api::status, false);
    }

    /** A schema document ("services", "plugins/cors", "vaults/env"), or empty if Kong has none by that name. */
    public Optional<Map<String, Object>> schema(String path) {
        int slash = path.indexOf('/');
        Map<String, Object> doc = slash > 0
                ? call("GET", "/schemas/" + path, () -> api.subschema(path.substring(0, slash),
                path.substring(slash + 1)), true)
                : call("GET", "/schemas/" + path, () -> api.schema(path), true);
        return Optional.ofNullable(doc);
    }

    /** One entity ({@code /services/{id}}, {@code /upstreams/{u}/targets/{id}}), or null if Kong has none there. */
    public Map<String, Object> get(String path) {
        String[] seg = path.substring(1).split("/");
        return switch (seg.length) {
            case 2 -> call("GET", path, () -> api.entity(seg[0], seg[1]), true);
            case 4 -> call("GET", path, () -> api.nestedEntity(seg[0], seg[1], seg[2], seg[3]), true);
            default -> throw new IllegalArgumentException("no Admin API read " + path);
        };
    }

    /** Every entity of a top-level collection carrying all {@code tags}, following Kong's paging. */
    public List<Map<String, Object>> listAll(String collection, List<String> tags) {
        return listAll(collection, tags, AS_MAP);
    }

    /**
     * Reads one entity of a page from Kong's answer, in a form of the reader's choosing: the parser is on the
     * entity's {@code START_OBJECT} and must be left on its {@code END_OBJECT}. Decoding straight into the form
     * that is kept spares a map of every entity that would be garbage at once.
     */
    @FunctionalInterface
    public interface EntityReader {
        Map<String, Object> read(JsonParser p) throws IOException;
    }

    /** Each entity as a plain map ({@link JsonTree}). */
    @SuppressWarnings("unchecked")
    public static final EntityReader AS_MAP = p -> (Map<String, Object>) JsonTree.read(p, JsonToken.START_OBJECT);

    /** The same, each entity read by {@code each} as its page is decoded. */
    public List<Map<String, Object>> listAll(String collection, List<String> tags, EntityReader each) {
        String tagFilter = tags == null || tags.isEmpty() ? null : String.join(",", tags);
        return pages("/" + collection, offset -> api.list(collection, PAGE_SIZE, offset, tagFilter), each);
    }

    /** Every entity of a nested collection ({@code /upstreams/{id}/targets}); Kong ignores tags there. */
    public List<Map<String, Object>> listAllNested(String parent, String parentId, String collection) {
        return listAllNested(parent, parentId, collection, AS_MAP);
    }

    /** The same, each entity read by {@code each} as its page is decoded. */
    public List<Map<String, Object>> listAllNested(String parent, String parentId, String collection,
                                                   EntityReader each) {
        return pages("/" + parent + "/" + parentId + "/" + collection,
                offset -> api.listNested(parent, parentId, collection, PAGE_SIZE, offset), each);
    }

    /** One page of a collection: its entities, and the offset of the next page (null after the last). */
    private record Page(List<Map<String, Object>> data, String offset) { }

    private List<Map<String, Object>> pages(String path, java.util.function.Function<String, Response> page,
                                            EntityReader each) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String offset = null;
        do {
            String o = offset;
            Page body = call("GET", path, () -> page.apply(o), false, p -> page(p, each));
            if (body.data() == null) {
                throw new AdminApiException("GET", path, 200, "the answer has no data list", null, null);
            }
            out.addAll(body.data());
            offset = body.offset();
            if (offset != null && !seen.add(offset)) {
                throw new AdminApiException("GET", path, 200, "Kong returned the same page offset twice", null, null);
            }
        } while (offset != null);
        return out;
    }

    /** {@code {"data": [...], "offset": "...", "next": "..."}}, in any order of its keys. */
    private static Page page(JsonParser p, EntityReader each) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return new Page(null, null);
        }
        List<Map<String, Object>> data = null;
        String offset = null;
        for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("data") && value == JsonToken.START_ARRAY) {
                data = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    if (e != JsonToken.START_OBJECT) {
                        throw new com.fasterxml.jackson.core.JsonParseException(p, "an entity of the data list is "
                                + "not an object");
                    }
                    data.add(each.read(p));
                }
            } else if (name.equals("offset")) {
                offset = value == JsonToken.VALUE_STRING && !p.getText().isEmpty() ? p.getText() : null;
            } else {
                p.skipChildren();
            }
        }
        return new Page(data, offset);
    }

    // ---- writes --------------------------------------------------------------------------------------------

    /**
     * One write: {@code PUT}, {@code POST} or {@code DELETE} of {@code path} ({@code /services/{id}},
     * {@code /upstreams/{id}/targets}) with a JSON body (null for DELETE). A {@code DELETE} that finds nothing
     * (404 on nested paths) has reached its goal and is not an error.
     */
    public Map<String, Object> write(String method, String path, Map<String, Object> body) {
        return write(method, path, body, true);
    }

    /**
     * The same; with {@code answer} false, Kong's answer to a successful write is not decoded and null is returned
     * (a sync keeps no answer unless it writes a journal: decoding 12,000 of them cost CPU and kept their maps).
     */
    public Map<String, Object> write(String method, String path, Map<String, Object> body, boolean answer) {
        String[] seg = path.substring(1).split("/");
        String json = body == null ? null : toJson(body);
        Supplier<Response> request = switch (method + seg.length) {
            case "PUT2" -> () -> api.put(seg[0], seg[1], json);
            case "PUT4" -> () -> api.putNested(seg[0], seg[1], seg[2], seg[3], json);
            case "POST1" -> () -> api.post(seg[0], json);
            case "POST3" -> () -> api.postNested(seg[0], seg[1], seg[2], json);
            case "DELETE2" -> () -> api.delete(seg[0], seg[1]);
            case "DELETE4" -> () -> api.deleteNested(seg[0], seg[1], seg[2], seg[3]);
            default -> throw new IllegalArgumentException("no Admin API write " + method + " " + path);
        };
        Decoder<Map<String, Object>> decode = answer ? AdminClient::map : null;
        return call(method, path, request, method.equals("DELETE"), decode);
    }

    /**
     * Kong's own check of an entity, storing nothing ({@code POST /schemas/{schema}/validate}, where schema is an
     * entity's schema or "plugins"/"vaults"): null when Kong accepts it, else Kong's error document (its
     * {@code fields} say what is wrong where).
     */
    public Map<String, Object> validate(String schema, Map<String, Object> body) {
        String path = "/schemas/" + schema + "/validate";
        String json = toJson(body);
        try {
            call("POST", path, () -> api.validate(schema, json), false, null);
            return null;
        } catch (AdminApiException e) {
            if (e.status() != 400 || e.body() == null) {
                throw e;
            }
            try {
                return JSON.readValue(e.body(), MAP);
            } catch (IOException bad) {
                throw e;
            }
        }
    }

    /** Requests sent so far by method ("GET", "PUT", "DELETE"), retries included. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        requests.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ---- transport -----------------------------------------------------------------------------------------

    private static String toJson(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private volatile Runnable overloadListener = NOBODY;

    /**
     * Told each time Kong answers 429 or 503 (it is overloaded) to a request this client then retries, from the
     * thread that sent it: an adaptive pacing backs off. Null: nobody is told.
     */
    public void onOverload(Runnable listener) {
        this.overloadListener = listener == null ? NOBODY : listener;
    }

    private static final Runnable NOBODY = () -> { };

    private Map<String, Object> call(String method, String path, Supplier<Response> request, boolean allow404) {
        return call(method, path, request, allow404, AdminClient::map);
    }

    /** Decodes a successful answer, from a parser over its body (an empty body reads as {@code {}}). */
    @FunctionalInterface
    private interface Decoder<T> {
        T decode(JsonParser p) throws IOException;
    }

    private static Map<String, Object> map(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a JSON object, found " + t);
        }
        return AS_MAP.read(p);
    }

    /** @param decode decodes a successful answer; null: the answer is not decoded, and null returned for it */
    private <T> T call(String method, String path, Supplier<Response> request, boolean allow404, Decoder<T> decode) {
        RetryPolicy retry = config.retry();
        long waited = 0;
        for (int attempt = 0; ; attempt++) {
            if (closed) {
                throw new AdminApiException(method, path, 0, "not sent: kongsync is stopping", null, null);
            }
            requests.computeIfAbsent(method, k -> new LongAdder()).increment();
            Duration delay;
            String failure;
            int status = 0;
            String body = null;
            synchronized (inFlight) {
                inFlight[0]++;
            }
            try (Response r = request.get()) {
                status = r.getStatus();
                // the bytes, parsed as they are: a page of 1,000 entities is about a megabyte, and a String of it
                // first was a third of what reading Kong allocated
                byte[] raw = r.hasEntity() ? r.readEntity(byte[].class) : null;
                if (status >= 200 && status < 300) {
                    return decode == null ? null : parse(method, path, status, raw, decode);
                }
                if (status == 404 && allow404) {
                    return null;
                }
                body = raw == null ? null : new String(raw, java.nio.charset.StandardCharsets.UTF_8);
                failure = kongMessage(body);
                if (status == 400 && body != null && body.contains("plain HTTP request was sent to HTTPS port")) {
                    throw new AdminApiException(method, path, status, config.address() + " (" + config.addressSource()
                            + ") is a TLS port: use https://", body, null);
                }
                if (status == 401 && config.adminToken() == null) {
                    failure += " (Kong wants an admin token and none was given: set KONGSYNC_KONG_ADMIN_TOKEN, or pass "
                            + "--kong-admin-token-file FILE or --kong-admin-token)";
                } else if (status == 401) {
                    failure += " (Kong refused the admin token from " + config.tokenSource() + ": check its value, "
                            + "and that it belongs to an RBAC user of this Kong)";
                } else if (status == 403 && config.adminToken() != null) {
                    failure += " (the admin token from " + config.tokenSource() + " is accepted, but its RBAC role "
                            + "does not allow " + method + " " + path + ")";
                }
                if (status != 429 && status < 500) {
                    throw new AdminApiException(method, path, status, failure, body, null);
                }
                if (status == 429 || status == 503) {
                    overloadListener.run();
                }
                delay = status == 429 ? retryAfter(r.getHeaderString("Retry-After")).orElse(retry.backoff(attempt + 1))
                        : retry.backoff(attempt + 1);
            } catch (ProcessingException e) {
                Throwable root = root(e);
                failure = "cannot reach Kong at " + config.address() + " (" + config.addressSource() + "): "
                        + describe(root);
                if (root instanceof javax.net.ssl.SSLException || root instanceof java.net.UnknownHostException) {
                    throw new AdminApiException(method, path, 0, failure, null, e);
                }
                if (root instanceof java.net.ConnectException && attempt >= 1) {
                    // nothing listens there: one quick second look, not a minute of backoff
                    throw new AdminApiException(method, path, 0, failure + " (after " + (attempt + 1) + " attempts)",
                            null, e);
                }
                delay = root instanceof java.net.ConnectException ? Duration.ofMillis(200) : retry.backoff(attempt + 1);
            } finally {
                synchronized (inFlight) {
                    inFlight[0]--;
                    inFlight.notifyAll();
                }
            }
            if (attempt >= retry.maxRetries() || waited + delay.toMillis() > retry.maxTotal().toMillis()) {
                String tries = attempt > 0 ? " (after " + (attempt + 1) + " attempts)" : "";
                throw new AdminApiException(method, path, status, failure + tries, body, null);
            }
            waited += delay.toMillis();
            try {
                long until = System.nanoTime() + delay.toNanos();
                synchronized (inFlight) {
                    while (!closed && System.nanoTime() < until) {
                        inFlight.wait(Math.max(1, (until - System.nanoTime()) / 1_000_000));
                    }
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new AdminApiException(method, path, status, "interrupted while waiting to retry", body, ie);
            }
        }
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    private static <T> T parse(String method, String path, int status, byte[] body, Decoder<T> decode) {
        try (JsonParser p = JSON.createParser(body == null || isBlank(body) ? EMPTY_OBJECT : body)) {
            return decode.decode(p);
        } catch (IOException e) {
            throw new AdminApiException(method, path, status, "Kong answered with malformed JSON: "
                    + e.getMessage(), new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String kongMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        try {
            Map<String, Object> m = JSON.readValue(body, MAP);
            Object msg = m.get("message");
            return msg != null ? msg.toString() : body;
        } catch (IOException e) {
            return body.length() > 200 ? body.substring(0, 200) + "..." : body;
        }
    }

    private static Throwable root(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** What went wrong on the wire, in words: a plain HTTP port spoken to in TLS is named as such. */
    private String describe(Throwable t) {
        String m = t.getMessage() == null ? "" : t.getMessage();
        if (t instanceof javax.net.ssl.SSLException && (m.contains("Unsupported or unrecognized SSL message")
                || m.contains("plaintext connection") || m.contains("not an SSL/TLS record"))) {
            return "the port answers plain HTTP, not TLS: use http://";
        }
        if (t instanceof javax.net.ssl.SSLHandshakeException) {
            return "TLS handshake failed: " + m + " (see --ca-cert, --tls-skip-verify)";
        }
        if (t instanceof java.net.ConnectException) {
            return "connection refused (nothing listens there)";
        }
        if (t instanceof java.net.UnknownHostException) {
            return "unknown host " + m;
        }
        return t.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim()))));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
    }
}
