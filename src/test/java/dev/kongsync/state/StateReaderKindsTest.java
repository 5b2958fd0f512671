package dev.kongsync.state;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.admin.AdminClient;
import dev.kongsync.admin.AdminConfig;
import dev.kongsync.kind.Kinds;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each collection is read while Kong is asked whether it has the kind at all: a kind Kong lacks (the credentials of
 * a plugin it does not run answer 404 at {@code /schemas/...} and at the collection) reads as empty, whichever
 * answer comes first; a failure to ask is the read's failure.
 */
@io.quarkus.test.junit.QuarkusTest
class StateReaderKindsTest {
    private static final String NOT_FOUND = "{\"message\":\"Not found\"}";

    TestKong kong;
    AdminClient client;
    ExecutorService pool;

    @BeforeEach
    void start() {
        kong = TestKong.start();
        client = new AdminClient(AdminConfig.of(kong.url()));
        pool = Executors.newFixedThreadPool(2);
        client.write("PUT", "/services/0b4c6a0e-8c4e-4d7a-9f4e-2f2f0f1d6c11",
                Map.of("name", "svc", "host", "svc.banking.svc.cluster.local"));
        client.write("PUT", "/consumers/7d1a7c55-1d7f-4b8e-8f0a-1f3b2c4d5e6f", Map.of("username", "alice"));
    }

    @AfterEach
    void stop() {
        pool.shutdownNow();
        client.close();
        kong.close();
    }

    private CurrentState read() {
        SchemaRegistry schemas = new SchemaRegistry(client::schema, "the test Kong");
        return StateReader.read(client, schemas, List.of(), pool);
    }

    @Test
    void aKindKongLacksReadsAsEmptyAndTheOthersAsKongHasThem() {
        kong.fail("GET", "/schemas/basicauth_credentials", 404, NOT_FOUND);
        kong.fail("GET", "/basic-auths", 404, NOT_FOUND);
        CurrentState state = read();
        assertEquals(List.of(), state.of(Kinds.BASIC_AUTH));
        assertEquals(1, state.of(Kinds.SERVICE).size());
        assertEquals(1, state.of(Kinds.CONSUMER).size());
    }

    @Test
    void aCollectionOfAKindWithoutSchemaIsDropped() {
        // the collection answers, its schema does not: nothing of it can be compared, so nothing of it is kept
        kong.fail("GET", "/schemas/consumers", 404, NOT_FOUND);
        CurrentState state = read();
        assertEquals(List.of(), state.of(Kinds.CONSUMER));
        assertEquals(1, state.of(Kinds.SERVICE).size());
    }

    @Test
    void aCollectionThatIsNotFoundWhileItsSchemaIsIsAnError() {
        kong.fail("GET", "/consumers", 404, NOT_FOUND);
        AdminApiException e = assertThrows(AdminApiException.class, this::read);
        assertEquals(404, e.status());
    }

    @Test
    void aRefusedSchemaQuestionIsTheReadsFailure() {
        kong.fail("GET", "/schemas/services", 401, "{\"message\":\"Unauthorized\"}");
        AdminApiException e = assertThrows(AdminApiException.class, this::read);
        assertEquals(401, e.status());
        assertTrue(e.getMessage().contains("/schemas/services"), e.getMessage());
    }
}
