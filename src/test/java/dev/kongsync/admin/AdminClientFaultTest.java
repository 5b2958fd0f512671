package dev.kongsync.admin;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Protocol faults between kongsync and the Admin API, staged with WireMock on 127.0.0.1. */
@QuarkusTest
class AdminClientFaultTest {
    static WireMockServer wm;
    static final String PAGE = "{\"data\":[{\"id\":\"6dc5d789-1a07-4139-98ec-d1ce25c15ac6\",\"name\":\"a\"}],\"next\":null}";
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(10));

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterAll
    static void stop() {
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    AdminClient client(RetryPolicy retry, Duration timeout) {
        return new AdminClient(new AdminConfig(URI.create(wm.baseUrl()), "tok", Map.of(), null, false, null, null,
                timeout, retry, "--kong-addr"));
    }

    private void failThenSucceed(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure, int times) {
        String state = STARTED;
        for (int i = 0; i < times; i++) {
            String next = "fail-" + i;
            wm.stubFor(get(urlPathEqualTo("/services")).inScenario("s").whenScenarioStateIs(state)
                    .willReturn(failure).willSetStateTo(next));
            state = next;
        }
        wm.stubFor(get(urlPathEqualTo("/services")).inScenario("s").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(PAGE)));
    }

    @Test
    void retries5xxWithBackoff() {
        failThenSucceed(aResponse().withStatus(503).withBody("{\"message\":\"busy\"}"), 2);
        List<Map<String, Object>> all = client(FAST, Duration.ofSeconds(5)).listAll("services", List.of());
        assertEquals(1, all.size());
        wm.verify(3, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void honoursRetryAfterOn429() {
        failThenSucceed(aResponse().withStatus(429).withHeader("Retry-After", "1").withBody("{\"message\":\"slow down\"}"), 1);
        long start = System.nanoTime();
        client(FAST, Duration.ofSeconds(5)).listAll("services", List.of());
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMs >= 950, "waited only " + waitedMs + " ms although Retry-After said 1 s");
        wm.verify(2, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void retriesConnectionResets() {
        failThenSucceed(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), 1);
        assertEquals(1, client(FAST, Duration.ofSeconds(5)).listAll("services", List.of()).size());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void retriesTimeouts() {
        failThenSucceed(aResponse().withStatus(200).withFixedDelay(1500).withBody(PAGE), 1);
        assertEquals(1, client(FAST, Duration.ofMillis(300)).listAll("services", List.of()).size());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void neverRetries4xx() {
        wm.stubFor(put(urlPathEqualTo("/services/6dc5d789-1a07-4139-98ec-d1ce25c15ac6")).willReturn(aResponse()
                .withStatus(400).withBody("{\"code\":2,\"message\":\"schema violation (host: required field missing)\","
                        + "\"name\":\"schema violation\",\"fields\":{\"host\":\"required field missing\"}}")));
        AdminApiException e = assertThrows(AdminApiException.class, () -> client(FAST, Duration.ofSeconds(5))
                .write("PUT", "/services/6dc5d789-1a07-4139-98ec-d1ce25c15ac6", Map.of("name", "a")));
        assertEquals(400, e.status());
        assertTrue(e.getMessage().contains("schema violation (host: required field missing)"), e.getMessage());
        wm.verify(1, putRequestedFor(urlPathEqualTo("/services/6dc5d789-1a07-4139-98ec-d1ce25c15ac6")));
    }

    @Test
    void givesUpAfterTheRetryBudgetAndSaysSo() {
        wm.stubFor(delete(urlPathEqualTo("/routes/x")).willReturn(aResponse().withStatus(500)
                .withBody("{\"message\":\"An unexpected error occurred\"}")));
        AdminApiException e = assertThrows(AdminApiException.class,
                () -> client(FAST, Duration.ofSeconds(5)).write("DELETE", "/routes/x", null));
        assertEquals(500, e.status());
        assertTrue(e.getMessage().contains("An unexpected error occurred (after 5 attempts)"), e.getMessage());
        wm.verify(5, deleteRequestedFor(urlPathEqualTo("/routes/x")));
    }

    @Test
    void aWriteAnswerIsDecodedOnlyWhenAskedFor() {
        String path = "/services/6dc5d789-1a07-4139-98ec-d1ce25c15ac6";
        wm.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("{\"id\": [")));
        AdminClient c = client(FAST, Duration.ofSeconds(5));
        assertEquals(null, c.write("PUT", path, Map.of("name", "a"), false), "an undecoded answer is null");
        AdminApiException e = assertThrows(AdminApiException.class, () -> c.write("PUT", path, Map.of("name", "a")));
        assertTrue(e.getMessage().contains("malformed JSON"), "the same answer, decoded: " + e.getMessage());
        wm.verify(2, putRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void malformedJsonIsAClearError() {
        wm.stubFor(get(urlPathEqualTo("/services")).willReturn(aResponse().withStatus(200).withBody("{\"data\": [")));
        AdminApiException e = assertThrows(AdminApiException.class,
                () -> client(FAST, Duration.ofSeconds(5)).listAll("services", List.of()));
        assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
        wm.verify(1, getRequestedFor(urlPathEqualTo("/services")));
    }

    @Test
    void followsOffsetsAcrossPages() {
        wm.stubFor(get(urlPathEqualTo("/routes")).withQueryParam("offset", com.github.tomakehurst.wiremock.client.WireMock.absent())
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[{\"id\":\"1\"}],\"offset\":\"b2Zm\",\"next\":\"/routes?offset=b2Zm\"}")));
        wm.stubFor(get(urlPathEqualTo("/routes")).withQueryParam("offset", com.github.tomakehurst.wiremock.client.WireMock.equalTo("b2Zm"))
                .willReturn(aResponse().withStatus(200).withBody("{\"data\":[{\"id\":\"2\"}],\"next\":null}")));
        List<Map<String, Object>> all = client(FAST, Duration.ofSeconds(5)).listAll("routes", List.of("a", "b"));
        assertEquals(2, all.size());
        wm.verify(2, getRequestedFor(urlPathEqualTo("/routes")).withQueryParam("size",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("1000")).withQueryParam("tags",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("a,b")));
    }

    @Test
    void unreachableKongIsAClearError() {
        AdminClient c = new AdminClient(new AdminConfig(URI.create("http://127.0.0.1:1"), null, Map.of(), null, false,
                null, null, Duration.ofSeconds(2), RetryPolicy.NONE, "KONGSYNC_KONG_ADDR"));
        AdminApiException e = assertThrows(AdminApiException.class, c::info);
        assertEquals(0, e.status());
        assertTrue(e.getMessage().contains("cannot reach Kong at http://127.0.0.1:1 (KONGSYNC_KONG_ADDR): connection "
                + "refused"), e.getMessage());
    }

    /** Connection refused means nothing listens: one quick second look, not the whole retry budget. */
    @Test
    void connectionRefusedIsTriedTwiceAtMost() {
        AdminClient c = new AdminClient(new AdminConfig(URI.create("http://127.0.0.1:1"), null, Map.of(), null, false,
                null, null, Duration.ofSeconds(2), RetryPolicy.DEFAULT, "--kong-addr"));
        AdminApiException e = assertThrows(AdminApiException.class, c::info);
        assertTrue(e.getMessage().endsWith("connection refused (nothing listens there) (after 2 attempts)"),
                e.getMessage());
        assertEquals(Map.of("GET", 2L), c.requestCounts());
    }

    /** TLS spoken to a plain HTTP port, and plain HTTP to Kong's TLS port, are named for what they are. */
    @Test
    void wrongSchemeForThePortIsNamed() {
        AdminClient tls = new AdminClient(new AdminConfig(URI.create("https://127.0.0.1:" + wm.port()), null,
                Map.of(), null, true, null, null, Duration.ofSeconds(2), RetryPolicy.DEFAULT, "--kong-addr"));
        AdminApiException e = assertThrows(AdminApiException.class, tls::info);
        assertTrue(e.getMessage().contains("(--kong-addr): the port answers plain HTTP, not TLS: use http://"),
                e.getMessage());
        assertEquals(Map.of("GET", 1L), tls.requestCounts(), "not retried");
        wm.stubFor(get(urlPathEqualTo("/")).willReturn(aResponse().withStatus(400).withBody(
                "<html><head><title>400 The plain HTTP request was sent to HTTPS port</title></head></html>")));
        AdminApiException plain = assertThrows(AdminApiException.class, () -> client(FAST, Duration.ofSeconds(2)).info());
        assertTrue(plain.getMessage().contains("is a TLS port: use https://"), plain.getMessage());
    }
}
