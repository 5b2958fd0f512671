package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kongsync.testkong.TestKong;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --stable-ids over real HTTP: the same ids in every Kong; adopted entities keep theirs; no takeover. */
@QuarkusMainTest
class StableIdsE2ETest extends E2E {

    /** Each entity's id, by kind and name (plugins by name and the id of what they hang off). */
    static Map<String, String> ids(TestKong k) {
        Map<String, String> out = new TreeMap<>();
        for (String c : List.of("services", "routes", "plugins")) {
            for (ObjectNode n : k.all(c)) {
                String name = n.path("name").asText() + (c.equals("plugins") && n.path("service").isObject()
                        ? " " + k.find("services", n.get("service").get("id").asText()).get("name").asText() : "");
                out.put(c + " " + name, n.get("id").asText());
            }
        }
        return out;
    }

    @Test
    void theSameIdsInTwoEmptyKongs(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml", "--stable-ids");
        Map<String, String> first = ids(kong);
        try (TestKong other = TestKong.start()) {
            LaunchResult r = launcher.launch("sync", "kong/kong.yml", "--stable-ids", "--kong-addr", other.url());
            assertEquals(0, r.exitCode(), r.getErrorOutput());
            assertEquals(first, ids(other));
        }
        assertEquals(14, first.size());
        // the rule as the README writes it, computed with Python's uuid module:
        // uuid5(uuid5(UUID("fd02801f-0957-4a15-a55a-c8d9606f30b5"), "services"), "auth-service")
        assertEquals("65386085-491f-5350-93f9-60f08d9dfd6c", first.get("services auth-service"));
        assertEquals("b8b6a1b4-3725-52b7-ad52-06b1cbc37b7e", first.get("routes auth-route"));
        assertEquals("77bded16-9728-5bfc-a6c3-38722c088be0", first.get("plugins cors auth-service"));
        assertEquals("5dd2efa0-db6d-5a54-aa16-c42188ab498c", first.get("plugins prometheus"));
        ok(launcher, "diff", "kong/kong.yml", "--stable-ids", "--exit-code");
    }

    @Test
    void adoptedEntitiesKeepTheirIds(QuarkusMainLauncher launcher) {
        ok(launcher, "sync", "kong/kong.yml");
        Map<String, String> random = ids(kong);
        assertNotEquals("65386085-491f-5350-93f9-60f08d9dfd6c", random.get("services auth-service"));
        Path more = banking("      - name: auth-route\n", "      - name: login-route\n        paths: [\"/api/login\"]\n"
                + "      - name: auth-route\n");
        kong.clearRequests();
        ok(launcher, "sync", more.toString(), "--stable-ids");
        assertEquals(List.of("PUT /routes/e7292288-bcdd-5a23-9456-6ca4b9924b38"), writeLines(kong),
                "only the new route is written, with its stable id");
        Map<String, String> after = ids(kong);
        after.remove("routes login-route");
        assertEquals(random, after, "every entity Kong held keeps its id");
        ok(launcher, "diff", more.toString(), "--stable-ids", "--exit-code");
    }

    @Test
    void aStableIdTakenOutsideTheScopeIsRefused(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        OwnershipE2ETest.put("/services/other-service", "{\"host\": \"other.example\", \"tags\": [\"other\"]}");
        OwnershipE2ETest.put("/routes/e7292288-bcdd-5a23-9456-6ca4b9924b38", "{\"name\": \"other-login-route\", "
                + "\"paths\": [\"/other/login\"], \"service\": {\"name\": \"other-service\"}, \"tags\": [\"other\"]}");
        Path more = banking("      - name: auth-route\n", "      - name: login-route\n        paths: [\"/api/login\"]\n"
                + "      - name: auth-route\n");
        kong.clearRequests();
        LaunchResult r = run(launcher, "sync", more.toString(), "--stable-ids");
        assertEquals(1, r.exitCode());
        assertTrue(r.getErrorOutput().contains("error: route login-route: its id "
                + "e7292288-bcdd-5a23-9456-6ca4b9924b38 is already used in Kong by route other-login-route with tags "
                + "[other], outside the select tags [banking] (a create would replace it). Nothing was written."),
                r.getErrorOutput());
        assertEquals(List.of(), writeLines(kong));
        assertEquals("other-login-route", kong.find("routes", "e7292288-bcdd-5a23-9456-6ca4b9924b38").get("name").asText());
        assertNull(kong.find("routes", "login-route"));
        assertTrue(ok(launcher, "sync", more.toString()).getOutput().contains("+ route login-route"),
                "random ids are not affected");
    }
}
