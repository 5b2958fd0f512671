package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test Kong's controls for tests: snapshots, injected failures and latencies, altered writes, counters. */
class TestKongControlsTest extends TestKongCase {
    @Test
    void snapshotsCompareEqualUntilSomethingIsWritten() {
        http.put("/services/s", "{'host': 'a.example'}");
        http.put("/consumers/c", "{}");
        http.post("/consumers/c/key-auth", "{'key': 'k', 'ttl': 60}");
        ObjectNode before = kong.snapshot();
        http.get("/services/s");
        assertEquals(before, kong.snapshot());
        assertEquals("s", before.at("/services/0/name").asText());
        assertTrue(before.at("/keyauth_credentials/0/ttl").isNumber(), "the ttl as its stored expiry");
        http.patch("/services/s", "{'retries': 1}");
        assertNotEquals(before, kong.snapshot());
    }

    @Test
    void theNthWriteFailsAndIsNotApplied() {
        kong.failNthWrite(2, 500, "{\"message\":\"An unexpected error occurred\"}");
        http.get("/services");
        assertEquals(200, http.put("/services/a", "{'host': 'a.example'}").status());
        KongHttp.Reply second = http.put("/services/b", "{'host': 'b.example'}");
        assertEquals(500, second.status());
        assertEquals(200, http.put("/services/c", "{'host': 'c.example'}").status());
        assertEquals(List.of("a", "c"), kong.all("services").stream().map(s -> s.get("name").asText()).sorted()
                .toList());
    }

    @Test
    void writesAloneCanBeDelayed() {
        kong.delayWrites(150);
        long t0 = System.nanoTime();
        http.get("/services");
        long read = System.nanoTime() - t0;
        t0 = System.nanoTime();
        http.put("/services/a", "{'host': 'a.example'}");
        long write = System.nanoTime() - t0;
        assertTrue(write >= 150_000_000L, "write took " + write);
        assertTrue(read < 150_000_000L, "read took " + read);
    }

    @Test
    void pagesAloneCanBeDelayed() {
        http.put("/services/a", "{'host': 'a.example'}");
        kong.delayPages(150);
        long t0 = System.nanoTime();
        http.get("/services");
        long page = System.nanoTime() - t0;
        t0 = System.nanoTime();
        http.get("/services/a");
        http.get("/schemas/services");
        http.get("/");
        long others = System.nanoTime() - t0;
        assertTrue(page >= 150_000_000L, "a page took " + page);
        assertTrue(others < 150_000_000L, "an entity, a schema and / took " + others);
    }

    @Test
    void theLatencyModelRefusesBeyondItsConcurrency() throws Exception {
        kong.latencyModel(200, 0, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<KongHttp.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replies.add(pool.submit(() -> new KongHttp(kong).get("/services")));
            }
            int unavailable = 0;
            for (Future<KongHttp.Reply> f : replies) {
                KongHttp.Reply r = f.get();
                if (r.status() == 503) {
                    unavailable++;
                    assertEquals("Service unavailable", r.body().get("message").asText());
                }
            }
            assertTrue(unavailable >= 1, "at most 2 in flight");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void alteredWritesStoreSomethingElse() {
        kong.alterOnWrite("services", s -> s.put("retries", 9));
        JsonNode answer = http.put("/services/a", "{'host': 'a.example', 'retries': 1}").body();
        assertEquals(1, answer.get("retries").asInt(), "Kong's answer to the write");
        assertEquals(9, kong.find("services", "a").get("retries").asInt());
        assertEquals(9, http.get("/services/a").body().get("retries").asInt());
    }

    @Test
    void collectionsByPathOrSchemaNameAndCounters() {
        http.put("/consumers/c", "{}");
        http.post("/consumers/c/key-auth", "{'key': 'k1'}");
        assertEquals(1, kong.all("key-auths").size());
        assertEquals(1, kong.all("keyauth_credentials").size());
        assertNotNull(kong.find("key-auths", "k1"));
        assertEquals(2, kong.requestCounts().values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(1, kong.requestCounts().get("POST /consumers/{consumers}/key-auth"));
    }

    @Test
    void generatedValuesCanBeGiven() {
        kong.nextIds(List.of("55555555-5555-4555-8555-555555555555"));
        kong.nextGenerated(List.of("given-key"));
        http.put("/consumers/c", "{}");
        JsonNode k = http.post("/consumers/c/key-auth", "{}").body();
        assertEquals("55555555-5555-4555-8555-555555555555", kong.find("consumers", "c").get("id").asText(),
                "a PUT by name that creates takes the first id");
        assertEquals("given-key", k.get("key").asText());
    }
}
