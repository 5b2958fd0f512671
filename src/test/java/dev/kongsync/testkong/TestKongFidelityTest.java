package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Proves the test Kong answers like the recorded Kong 3.9.1: replays every request of the recorded transcript
 * that concerns the kinds kongsync manages (plus consumers, for consumer-scoped plugins), with the same ids the real
 * Kong generated, and compares status codes and bodies exactly (timestamps aside).
 */
class TestKongFidelityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Paths of kinds the test Kong does not model (credentials, certificates, the tags index). */
    private static final Set<String> OUT_OF_SCOPE = Set.of("key-auth", "key-auths", "jwt", "basic-auth", "acls",
            "certificates", "snis", "ca_certificates", "tags");

    static Path transcript() {
        Path p = Path.of(System.getProperty("kongsync.shared", "../shared"),
                "fixtures/kong-3.9/responses/admin-api-transcript.jsonl");
        assertTrue(Files.exists(p), "the recorded transcript must be at " + p.toAbsolutePath());
        return p;
    }

    static boolean inScope(JsonNode entry) {
        String path = entry.get("request").get("path").asText();
        for (String seg : path.split("[/?]")) {
            if (OUT_OF_SCOPE.contains(seg)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void replaysTheRecordedKongSession() throws Exception {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(transcript())) {
            if (!line.isBlank()) {
                entries.add(JSON.readTree(line));
            }
        }
        int compared = 0;
        try (TestKong kong = TestKong.start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (JsonNode e : entries) {
                if (!inScope(e)) {
                    continue;
                }
                JsonNode req = e.get("request");
                JsonNode res = e.get("response");
                String method = req.get("method").asText();
                String path = req.get("path").asText();
                if (path.startsWith("/services?size=3") && !path.contains("offset")) {
                    seedPagingServices(kong, http, entries);
                }
                JsonNode body = res.get("body");
                if ((method.equals("POST") || method.equals("PUT")) && res.get("status").asInt() < 300
                        && body.has("id") && kong.find(collectionOf(path), body.get("id").asText()) == null) {
                    kong.nextIds(List.of(body.get("id").asText()));
                }
                HttpResponse<String> got = send(http, kong, method, path, req.get("body"));
                String title = e.get("title").asText();
                assertEquals(res.get("status").asInt(), got.statusCode(), title + ": status; body " + got.body());
                if (res.get("status").asInt() == 204) {
                    compared++;
                    continue;
                }
                JsonNode actual = JSON.readTree(got.body());
                if (path.equals("/")) {
                    assertEquals(body.get("version"), actual.get("version"), title);
                    assertEquals(body.get("configuration").get("database"), actual.get("configuration").get("database"));
                    assertEquals(body.get("plugins").get("available_on_server").size(),
                            actual.get("plugins").get("available_on_server").size(), title);
                } else if (path.equals("/status") && method.equals("GET")) {
                    assertEquals(body.get("database"), actual.get("database"), title);
                    assertEquals(fieldNames(body.get("server")), fieldNames(actual.get("server")), title);
                } else {
                    assertSame(title, "", body, actual);
                }
                compared++;
            }
        }
        assertTrue(compared >= 45, "compared only " + compared + " recorded answers");
    }

    /** The recorded session created page-svc-0..4 (tag "paging") without recording it; recreate them. */
    private static void seedPagingServices(TestKong kong, HttpClient http, List<JsonNode> entries) throws Exception {
        List<String> known = new ArrayList<>();
        for (JsonNode e : entries) {
            JsonNode data = e.get("response").get("body").path("data");
            for (JsonNode d : data) {
                if (d.path("name").asText().startsWith("page-svc-") && !known.contains(d.get("name").asText())) {
                    known.add(d.get("name").asText());
                    kong.nextIds(List.of(d.get("id").asText()));
                    ObjectNode svc = JSON.createObjectNode();
                    svc.put("name", d.get("name").asText());
                    svc.put("host", d.get("host").asText());
                    svc.set("tags", d.get("tags"));
                    send(http, kong, "POST", "/services", svc);
                }
            }
        }
        for (int i = 0; i < 5; i++) {
            if (!known.contains("page-svc-" + i)) {
                kong.nextIds(List.of("f000000" + i + "-0000-4000-8000-000000000000"));
                ObjectNode svc = JSON.createObjectNode();
                svc.put("name", "page-svc-" + i);
                svc.put("host", "page" + i + ".banking.svc.cluster.local");
                svc.set("tags", JSON.createArrayNode().add("paging"));
                send(http, kong, "POST", "/services", svc);
            }
        }
    }

    private static String collectionOf(String path) {
        String[] seg = path.split("\\?")[0].split("/");
        return seg.length >= 4 ? seg[3] : seg[1];
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        out.sort(String::compareTo);
        return out;
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

    /** Exact structural equality, except values recorded as "<scrubbed>". */
    static void assertSame(String title, String at, JsonNode expected, JsonNode actual) {
        if (expected.isTextual() && expected.asText().equals("<scrubbed>")) {
            return;
        }
        if (actual == null) {
            fail(title + ": " + at + " missing, expected " + expected);
        }
        if (expected.isObject()) {
            if (!actual.isObject()) {
                fail(title + ": " + at + " expected an object, got " + actual);
            }
            assertEquals(fieldNames(expected), fieldNames(actual), title + ": fields of " + (at.isEmpty() ? "/" : at));
            expected.fields().forEachRemaining(e -> assertSame(title, at + "/" + e.getKey(), e.getValue(),
                    actual.get(e.getKey())));
            return;
        }
        if (expected.isArray()) {
            ArrayNode a = (ArrayNode) actual;
            assertEquals(expected.size(), a.size(), title + ": length of " + at + " in " + actual);
            for (int i = 0; i < expected.size(); i++) {
                assertSame(title, at + "/" + i, expected.get(i), a.get(i));
            }
            return;
        }
        if (expected.isNumber() && actual.isNumber()) {
            assertEquals(expected.asDouble(), actual.asDouble(), title + ": " + at);
            return;
        }
        assertEquals(expected, actual, title + ": " + at);
    }
}
