package dev.kongsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.testkong.TestKong;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Route collisions over real HTTP: the files' routes against each other (validate) and against the routes other
 * owners hold in the test Kong (diff, sync), in every report format, with --fail-on and the opt-out tags.
 */
@QuarkusMainTest
class RouteCollisionsE2ETest extends E2E {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Another team's file: its own select tag, its route /api/payments. */
    Path payments() {
        return file("payments.yml", """
                _format_version: "3.0"
                _info:
                  select_tags: [payments]
                services:
                  - name: payments-service
                    url: http://payments.payments.svc.cluster.local:8080
                    routes:
                      - name: payments-route
                        paths: ["/api/payments"]
                """);
    }

    /** The 1-based line of the first occurrence of {@code text} in the file. */
    static int line(Path file, String text) throws Exception {
        String s = Files.readString(file);
        int at = s.indexOf(text);
        assertTrue(at >= 0, text);
        return (int) s.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test
    void aPullRequestWhoseRouteShadowsAnotherOwnersRouteIsRefused(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "sync", payments().toString());
        Path pr = banking("      - name: auth-route\n",
                "      - name: pay-gateway-route\n        paths: [\"~/api/pay.*\"]\n      - name: auth-route\n");
        String at = pr + ":" + line(pr, "- name: pay-gateway-route") + ":9";
        kong.clearRequests();

        LaunchResult diff = run(launcher, "diff", pr.toString(), "--exit-code");
        assertEquals(1, diff.exitCode(), diff.getErrorOutput());
        String both = "route pay-gateway-route (" + at + ") shadows route payments-route (in Kong: service "
                + "payments-service, owner tags [payments]): route payments-route never receives traffic";
        assertTrue(diff.getErrorOutput().contains("error: " + at + ": services[0].routes[0]: " + both),
                diff.getErrorOutput());
        assertTrue(diff.getOutput().contains("+ route pay-gateway-route"), "the plan is still shown");
        for (String collection : List.of("/routes", "/services")) {
            assertEquals(List.of("size=1000"), kong.requests().stream().filter(x -> x.method().equals("GET")
                    && x.path().equals(collection)).map(TestKong.Request::query).toList(), collection
                    + " is read once, whole: the scope is filtered from it and the route check uses it");
        }

        JsonNode doc = JSON.readTree(run(launcher, "diff", pr.toString(), "-o", "json").getOutput());
        assertFalse(doc.get("ok").asBoolean());
        JsonNode check = doc.get("route_check");
        assertEquals("traditional_compatible", check.get("router_flavor").asText());
        assertEquals("Kong", check.get("router_flavor_from").asText());
        assertEquals(6, check.get("routes").get("files").asInt());
        assertEquals(1, check.get("routes").get("kong").asInt(), "the payments route, read without the tag filter");
        JsonNode f = check.get("findings").get(0);
        assertEquals(1, check.get("findings").size(), check.toString());
        assertEquals("shadow", f.get("kind").asText());
        assertEquals("error", f.get("verdict").asText());
        assertEquals("decided", f.get("evidence").asText());
        assertEquals("files", f.get("routes").get(0).get("side").asText());
        assertEquals(at, f.get("routes").get(0).get("source").asText());
        assertEquals("others", f.get("routes").get(1).get("side").asText());
        assertEquals("payments-route", f.get("routes").get(1).get("name").asText());
        assertEquals("[\"payments\"]", f.get("routes").get(1).get("owner_tags").toString());
        assertEquals("payments-service", f.get("routes").get(1).get("service").asText());
        assertEquals("loses", f.get("traffic").get(0).get("direction").asText());
        assertEquals("payments-route", f.get("traffic").get(0).get("route").get("name").asText());

        String md = run(launcher, "diff", pr.toString(), "-o", "markdown").getOutput();
        assertTrue(md.contains("#### Route collisions"), md);
        assertTrue(md.contains("| **error** | shadow | `route pay-gateway-route` (`" + at + "`) shadows "
                + "`route payments-route` (Kong, service `payments-service`, owner tags `payments`) |"), md);
        assertTrue(md.contains("- `route payments-route` (Kong, service `payments-service`, owner tags `payments`) "
                + "would **lose** `GET http://"), md);
        String xml = run(launcher, "diff", pr.toString(), "-o", "junit").getOutput();
        assertTrue(xml.contains("route pay-gateway-route") && xml.contains("shadows route payments-route"), xml);
        assertTrue(xml.contains("errors=\"1\""), xml);

        LaunchResult sync = run(launcher, "sync", pr.toString());
        assertEquals(1, sync.exitCode());
        assertTrue(sync.getErrorOutput().contains("sync refused: 1 error of the route and ownership checks above; nothing was written"),
                sync.getErrorOutput());
        assertEquals(List.of(), writeLines(kong), "nothing written");
        assertEquals(null, kong.find("routes", "pay-gateway-route"));
    }

    @Test
    void identicalMatchersWithinOneFileFailValidate(QuarkusMainLauncher launcher) throws Exception {
        Path f = file("twins.yml", """
                _format_version: "3.0"
                services:
                  - name: s
                    url: http://s.example
                    routes:
                      - name: first
                        paths: ["/orders"]
                        methods: [GET]
                      - name: second
                        methods: [GET]
                        paths: ["/orders"]
                """);
        LaunchResult r = run(launcher, "validate", f.toString());
        assertEquals(1, r.exitCode());
        assertEquals("error: " + f + ":9:9: services[0].routes[1]: route first (" + f + ":6:9) and route second ("
                + f + ":9:9) have identical matchers: GET http://any.example/orders goes to route first or route "
                + "second (Kong's pick between them is arbitrary) [an error under --fail-on identical,shadow; the tag "
                + "kongsync:allow-identical on either route allows it]", r.getErrorOutput().trim());
        assertEquals("", r.getOutput().trim(), "not called valid");
        JsonNode doc = JSON.readTree(run(launcher, "validate", f.toString(), "-o", "json").getOutput());
        assertEquals("identical", doc.get("route_check").get("findings").get(0).get("kind").asText());
        assertEquals(9, doc.get("errors").get(0).get("line").asInt());
        assertEquals("services[0].routes[1]", doc.get("errors").get(0).get("field").asText());

        kong.clearRequests();
        assertEquals(1, run(launcher, "sync", f.toString()).exitCode());
        assertEquals(List.of(), writeLines(kong), "nothing applied");
    }

    @Test
    void aDeliberateOverlapPassesWithTheOptOut(QuarkusMainLauncher launcher) {
        String routes = """
                _format_version: "3.0"
                _info:
                  select_tags: [shop]
                services:
                  - name: shop
                    url: http://shop.example
                    routes:
                      - name: shop-api
                        paths: ["/api"]%s
                      - name: shop-api-v2
                        paths: ["/api/v2"]
                """;
        Path plain = file("overlap.yml", routes.formatted(""));
        LaunchResult warned = ok(launcher, "validate", plain.toString());
        assertTrue(warned.getErrorOutput().contains("warning: route shop-api (" + plain + ":8:9) and route shop-api-v2 ("
                + plain + ":10:9) overlap: GET http://any.example/api/v2 goes to route shop-api-v2 (a longer plain path "
                + "(7 vs 4 characters) over route shop-api)"), warned.getErrorOutput());
        assertEquals(1, run(launcher, "validate", plain.toString(), "--fail-on", "overlap").exitCode());

        Path allowed = file("allowed.yml", routes.formatted("\n        tags: [kongsync:allow-overlap]"));
        LaunchResult pass = ok(launcher, "validate", allowed.toString(), "--fail-on", "overlap,shadow,identical");
        assertTrue(pass.getOutput().contains("allowed: route shop-api (" + allowed + ":8:9) and route shop-api-v2"),
                pass.getOutput());
        assertTrue(pass.getOutput().contains("(allowed by the tag kongsync:allow-overlap)"), pass.getOutput());
        assertFalse(pass.getErrorOutput().contains("warning"), pass.getErrorOutput());
        ok(launcher, "sync", allowed.toString(), "--fail-on", "overlap");
        assertTrue(kong.find("routes", "shop-api").get("tags").toString().contains("kongsync:allow-overlap"));
        ok(launcher, "diff", allowed.toString(), "--fail-on", "overlap", "--exit-code");

        Path fileLevel = file("file-level.yml", routes.formatted("").replace("  select_tags: [shop]\n",
                "  select_tags: [shop]\n  defaults:\n    route:\n      tags: [kongsync:allow-overlap]\n"));
        ok(launcher, "validate", fileLevel.toString(), "--fail-on", "overlap");
    }

    @Test
    void theBankingFileIsClean(QuarkusMainLauncher launcher) throws Exception {
        for (String flavor : List.of("traditional_compatible", "traditional")) {
            LaunchResult v = ok(launcher, "validate", "kong/kong.yml", "--router-flavor", flavor,
                    "--fail-on", "identical,shadow,overlap");
            assertEquals("", v.getErrorOutput().trim(), flavor);
        }
        ok(launcher, "sync", "kong/kong.yml");
        LaunchResult diff = ok(launcher, "diff", "kong/kong.yml", "--fail-on", "overlap", "--exit-code");
        assertEquals("", diff.getErrorOutput().trim());
        JsonNode check = JSON.readTree(run(launcher, "diff", "kong/kong.yml", "-o", "json").getOutput())
                .get("route_check");
        assertEquals(0, check.get("findings").size());
        assertEquals(5, check.get("routes").get("files").asInt());
        assertEquals(0, check.get("routes").get("kong").asInt());
    }

    @Test
    void otherOwnersRoutesThatGainOrLoseTrafficAreNamed(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        Path reporting = file("reporting.yml", """
                _format_version: "3.0"
                _info:
                  select_tags: [reporting]
                services:
                  - name: reporting-root-service
                    url: http://reporting.analytics.svc.cluster.local:8080
                    routes:
                      - name: reports-root
                        paths: ["/api"]
                """);
        LaunchResult own = ok(launcher, "sync", reporting.toString());
        String err = own.getErrorOutput();
        assertTrue(err.contains("warning: route reports-root (" + reporting + ":8:9) overlaps 4 routes: route "), err);
        assertTrue(err.contains(" and 1 more (for example GET http://any.example/api/"), err);
        assertEquals(1, err.lines().count(), "one warning line, not four: " + err);

        Path removed = banking("    routes:\n      - name: transfer-route\n        paths: [\"/api/transfer\"]\n"
                + "        strip_path: true\n", "");
        LaunchResult diff = ok(launcher, "diff", removed.toString());
        assertTrue(diff.getErrorOutput().contains("warning: route reports-root (in Kong: service reporting-root-service, "
                + "owner tags [reporting]) would gain GET http://any.example/api/transfer, which went to route "
                + "transfer-route (in Kong: service transfer-service, owner tags [banking]) before"), diff.getErrorOutput());
        String md = run(launcher, "diff", removed.toString(), "-o", "markdown").getOutput();
        assertTrue(md.contains("- `route reports-root` (Kong, service `reporting-root-service`, owner tags "
                + "`reporting`) would **gain** `GET http://any.example/api/transfer`, which went to "
                + "`route transfer-route`"), md);

        Path added = banking("      - name: auth-route\n",
                "      - name: reports-export-route\n        paths: [\"/api/reports/export\"]\n      - name: auth-route\n");
        LaunchResult loses = ok(launcher, "diff", added.toString());
        assertTrue(loses.getErrorOutput().contains("route reports-root would lose this traffic"), loses.getErrorOutput());
    }

    @Test
    void theRouterFlavorIsKongs(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        kong.routerFlavor("traditional");
        JsonNode check = JSON.readTree(ok(launcher, "diff", "kong/kong.yml", "-o", "json").getOutput())
                .get("route_check");
        assertEquals("traditional", check.get("router_flavor").asText());
        assertEquals("Kong", check.get("router_flavor_from").asText());
        check = JSON.readTree(ok(launcher, "diff", "kong/kong.yml", "-o", "json", "--router-flavor",
                "traditional_compatible").getOutput()).get("route_check");
        assertEquals("traditional_compatible", check.get("router_flavor").asText());
        assertEquals("--router-flavor (Kong runs traditional)", check.get("router_flavor_from").asText());

        kong.routerFlavor("expressions");
        LaunchResult r = ok(launcher, "diff", "kong/kong.yml", "--exit-code");
        assertTrue(r.getErrorOutput().contains("warning: routes not checked for collisions: Kong runs router_flavor "
                + "expressions, which the router model does not cover"), r.getErrorOutput());
    }
}
