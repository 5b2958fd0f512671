package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proves the test Kong answers as the recorded Kong 3.9.1: replays every line of the three recorded transcripts, in
 * order, each from an empty test Kong, with the ids and random values the real Kong generated, and compares status
 * codes and bodies exactly. Only values recorded as {@code <scrubbed>} are skipped, and the connection counters of
 * {@code GET /status} (nginx's live statistics of the recording) are compared by name.
 */
class TestKongFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The recording's pace: a 3600 s key-auth ttl reads 3599 when created and 3596 seventy-one requests later
     * (transcript 2, lines 59 and 130), about 50 ms a request. The replay's clock advances 50 ms a line.
     */
    private static final Duration PACE = Duration.ofMillis(50);

    /** One recorded request and answer. */
    record Line(String file, int number, String title, String method, String path, JsonNode body, int status,
                JsonNode expected) {
        String where() {
            return file + " line " + number + " [" + title + "] " + method + " " + path;
        }
    }

    static Path fixtures() {
        Path p = Path.of(System.getProperty("kongsync.shared", "../shared"), "fixtures/kong-3.9");
        assertTrue(Files.isDirectory(p), "the recorded Kong 3.9.1 fixtures must be at " + p.toAbsolutePath());
        return p;
    }

    static List<Line> read(String file) throws IOException {
        List<Line> out = new ArrayList<>();
        int n = 0;
        for (String text : Files.readAllLines(fixtures().resolve("responses").resolve(file))) {
            n++;
            if (text.isBlank()) {
                continue;
            }
            JsonNode e = JSON.readTree(text);
            JsonNode req = e.get("request");
            JsonNode res = e.get("response");
            out.add(new Line(file, n, e.get("title").asText(), req.get("method").asText(), req.get("path").asText(),
                    req.get("body"), res.get("status").asInt(), res.get("body")));
        }
        return out;
    }

    @Test
    void replaysTheFirstTranscript() throws Exception {
        replay(read("admin-api-transcript.jsonl"));
    }

    @Test
    void replaysTheSecondTranscript() throws Exception {
        replay(read("admin-api-transcript-2.jsonl"));
    }

    @Test
    void replaysTheWriteMatrix() throws Exception {
        replay(read("admin-api-transcript-3-write-matrix.jsonl"));
    }

    /** A clock that moves only when told. */
    static final class ReplayClock extends Clock {
        private Instant now;

        ReplayClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static void replay(List<Line> lines) throws Exception {
        List<String> differences = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        try (TestKong kong = TestKong.start()) {
            ReplayClock clock = new ReplayClock(Instant.parse("2026-12-01T12:00:00.250Z"));
            kong.clock(clock);
            for (int i = 0; i < lines.size(); i++) {
                Line l = lines.get(i);
                clock.advance(PACE);
                if (l.method.equals("GET") && l.path.equals("/services?size=3")) {
                    seedPagingServices(kong, http, lines);
                }
                feed(kong, l, lines.subList(i + 1, lines.size()));
                HttpResponse<String> got = send(http, kong, l.method, l.path, l.body);
                List<String> d = compare(l, got);
                d.forEach(x -> differences.add(l.where() + ": " + x));
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " difference(s) from the recorded Kong 3.9.1:\n"
                    + String.join("\n", differences.subList(0, Math.min(40, differences.size()))));
        }
    }

    // ---- what the real Kong generated ----------------------------------------------------------------------

    /** The kind a path writes: the last collection segment ("/consumers/x/key-auth" is keyauth_credentials). */
    static Daos.Dao kindOf(String path) {
        String[] seg = path.split("\\?")[0].substring(1).split("/");
        if (seg.length >= 3) {
            for (Daos.Dao d : Daos.ALL) {
                if (d.nested().equals(seg[2])) {
                    return d;
                }
            }
        }
        return Daos.find(seg[0]);
    }

    /**
     * Before a successful create, the ids and random values the real Kong gave: the entity's id when the request
     * does not name it; a certificate's new SNIs' ids (sorted by name, as Kong inserts them) from where a later line
     * shows them; generated {@code auto} strings absent from the request, in field order; an oauth2 hash's salt.
     */
    private static void feed(TestKong kong, Line l, List<Line> later) {
        if (!(l.method.equals("POST") || l.method.equals("PUT")) || l.status >= 300 || l.expected == null
                || !l.expected.isObject()) {
            return;
        }
        Daos.Dao kind = kindOf(l.path);
        if (kind == null) {
            return;
        }
        String requestText = l.path + " " + (l.body == null ? "" : l.body.toString());
        List<String> ids = new ArrayList<>();
        String id = l.expected.path("id").asText(null);
        if (id != null && !requestText.contains(id) && kong.find(kind.name(), id) == null) {
            ids.add(id);
        }
        if (kind.name().equals("certificates") && l.expected.path("snis").isArray()) {
            for (String name : new TreeSet<>(names(l.expected.get("snis")))) {
                if (kong.find("snis", name) == null) {
                    ids.add(sniId(name, id, later));
                }
            }
        }
        kong.nextIds(ids);
        List<String> generated = new ArrayList<>();
        for (KongSchema.Field f : KongSchemas.shared().entity(kind.name()).fields) {
            if (f.is("auto") && f.type.equals("string") && !f.is("uuid")
                    && (l.body == null || !l.body.has(f.name))) {
                generated.add(l.expected.path(f.name).asText());
            }
        }
        String secret = l.expected.path("client_secret").asText("");
        if (secret.startsWith("$pbkdf2-")) {
            generated.add(secret.split("\\$")[3]);
        }
        kong.nextGenerated(generated);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** The id a later line shows for the SNI of this name and certificate; a fresh one when none shows it. */
    private static String sniId(String name, String certificateId, List<Line> later) {
        for (Line l : later) {
            String found = findSni(l.expected, name, certificateId);
            if (found != null) {
                return found;
            }
        }
        return UUID.randomUUID().toString();
    }

    private static String findSni(JsonNode n, String name, String certificateId) {
        if (n == null) {
            return null;
        }
        if (n.isObject() && name.equals(n.path("name").asText(null)) && n.has("certificate")
                && n.path("certificate").path("id").asText("").equals(certificateId)) {
            return n.path("id").asText(null);
        }
        for (JsonNode c : n) {
            String found = findSni(c, name, certificateId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The first transcript lists services page by page over page-svc-0..4 (tag "paging"), which the recording created
     * without recording it. page-svc-0, 3 and 4 are seeded as its pages show them; page-svc-1 and 2, never shown, get
     * ids after the last one shown, as the recorded second page's "next" requires.
     */
    private static void seedPagingServices(TestKong kong, HttpClient http, List<Line> lines) throws Exception {
        List<String> known = new ArrayList<>();
        for (Line l : lines) {
            for (JsonNode d : l.expected == null ? JSON.createArrayNode() : l.expected.path("data")) {
                String name = d.path("name").asText();
                if (name.startsWith("page-svc-") && !known.contains(name)) {
                    known.add(name);
                    createService(kong, http, d.get("id").asText(), name, d.get("host").asText());
                }
            }
        }
        for (int i = 0; i < 5; i++) {
            if (!known.contains("page-svc-" + i)) {
                createService(kong, http, "f000000" + i + "-0000-4000-8000-000000000000", "page-svc-" + i,
                        "page" + i + ".banking.svc.cluster.local");
            }
        }
    }

    private static void createService(TestKong kong, HttpClient http, String id, String name, String host)
            throws Exception {
        ObjectNode svc = JSON.createObjectNode();
        svc.put("id", id);
        svc.put("name", name);
        svc.put("host", host);
        svc.putArray("tags").add("paging");
        HttpResponse<String> r = send(http, kong, "POST", "/services", svc);
        assertTrue(r.statusCode() == 201, "seeding " + name + ": " + r.body());
    }

    // ---- comparison ---------------------------------------------------------------------------------------

    private static List<String> compare(Line l, HttpResponse<String> got) throws IOException {
        List<String> out = new ArrayList<>();
        if (got.statusCode() != l.status) {
            out.add("status " + got.statusCode() + ", recorded " + l.status + "; body " + got.body());
            return out;
        }
        if (l.status == 204) {
            return out;
        }
        JsonNode actual = got.body().isEmpty() ? null : JSON.readTree(got.body());
        JsonNode expected = l.expected;
        if (expected == null || expected.isNull()) {
            // "status only" lines of GET /schemas/{entity}: the body is the recorded schema file
            Path file = fixtures().resolve("schemas").resolve(l.path.substring("/schemas/".length()) + ".json");
            if (l.path.startsWith("/schemas/") && Files.exists(file)) {
                expected = JSON.readTree(file.toFile());
            } else {
                return out;
            }
        }
        if (l.method.equals("GET") && l.path.equals("/status")) {
            diff("", expected.get("database"), actual.get("database"), out);
            diff("/memory", expected.get("memory"), actual.get("memory"), out);
            List<String> e = new ArrayList<>();
            List<String> a = new ArrayList<>();
            expected.get("server").fieldNames().forEachRemaining(e::add);
            actual.get("server").fieldNames().forEachRemaining(a::add);
            if (!new TreeSet<>(e).equals(new TreeSet<>(a))) {
                out.add("/server fields " + a + ", recorded " + e);
            }
            return out;
        }
        diff("", expected, actual, out);
        return out;
    }

    /** Exact structural equality, except values recorded as "<scrubbed>". */
    static void diff(String at, JsonNode expected, JsonNode actual, List<String> out) {
        if (expected != null && expected.isTextual() && expected.asText().equals("<scrubbed>")) {
            return;
        }
        if (actual == null || expected == null) {
            if (actual != expected) {
                out.add((at.isEmpty() ? "/" : at) + " is " + actual + ", recorded " + expected);
            }
            return;
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>();
            expected.fieldNames().forEachRemaining(keys::add);
            actual.fieldNames().forEachRemaining(keys::add);
            for (String k : keys) {
                diff(at + "/" + k, expected.get(k), actual.get(k), out);
            }
            return;
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                out.add(at + " has " + actual.size() + " items, recorded " + expected.size() + ": " + actual);
                return;
            }
            Iterator<JsonNode> a = actual.elements();
            int i = 0;
            for (JsonNode e : expected) {
                diff(at + "/" + i++, e, a.next(), out);
            }
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            if (expected.asDouble() != actual.asDouble()) {
                out.add(at + " is " + actual + ", recorded " + expected);
            }
            return;
        }
        if (!expected.equals(actual)) {
            out.add(at + " is " + actual + ", recorded " + expected);
        }
    }

    static HttpResponse<String> send(HttpClient http, TestKong kong, String method, String path, JsonNode body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(kong.url() + path));
        if (body == null || body.isNull()) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
