package dev.kongsync.traffic;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.router.Flavor;
import dev.kongsync.state.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the route check judges the model's findings: --fail-on, opt-outs, sides, traffic, grouping. */
class RouteCheckerTest {

    private static List<RouteChecker.Input> files(String routes) {
        String yaml = "_format_version: \"3.0\"\n_info:\n  select_tags: [mine]\nservices:\n  - name: s\n"
                + "    host: s.example\n    routes:\n" + routes;
        ConfigParser.Result r = ConfigParser.parse(List.of(SourceDocument.parse("f.yml", yaml)), List.of());
        assertEquals(List.of(), r.problems());
        DesiredState s = r.state();
        return RouteInputs.fromFiles(s, d -> null, spec -> null, d -> null);
    }

    private static RouteChecker.Input kong(String name, RouteRef.Side side, String tag, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", java.util.UUID.nameUUIDFromBytes(name.getBytes()).toString());
        m.put("name", name);
        m.put("tags", List.of(tag));
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        RouteRef ref = new RouteRef(side, name, (String) m.get("id"), List.of(tag), "svc-" + name, null, null, null, null);
        return new RouteChecker.Input(ref, m, List.of(tag));
    }

    private static RouteCheck check(List<RouteChecker.Input> after, Set<Collision> failOn) {
        return RouteChecker.check(after, null, Flavor.TRADITIONAL_COMPATIBLE, "test", failOn, false);
    }

    @Test
    void failOnDecidesWhatIsAnError() {
        List<RouteChecker.Input> routes = files("""
                      - name: api
                        paths: [/api]
                      - name: api-v2
                        paths: [/api/v2]
                """);
        RouteFinding overlap = check(routes, Collision.DEFAULT_FAIL_ON).findings().get(0);
        assertEquals(Collision.OVERLAP, overlap.kind());
        assertEquals(RouteFinding.Verdict.WARNING, overlap.verdict());
        assertEquals(RouteFinding.Verdict.ERROR, check(routes, Set.of(Collision.OVERLAP)).findings().get(0).verdict());
        assertEquals(RouteFinding.Verdict.WARNING, check(routes, Collision.parse(List.of("none"))).findings().get(0)
                .verdict());
    }

    @Test
    void aSampledShadowIsNotProvenSoItStaysAWarning() {
        List<RouteChecker.Input> routes = files("""
                      - name: by-id
                        paths: ["~/api/payments/\\\\d+$"]
                      - name: all
                        paths: ["~/api/.*"]
                        regex_priority: 10
                """);
        RouteFinding f = check(routes, Collision.DEFAULT_FAIL_ON).findings().get(0);
        assertEquals(Collision.SHADOW, f.kind());
        assertTrue(f.sampled());
        assertEquals(RouteFinding.Verdict.WARNING, f.verdict());
        assertTrue(f.message().endsWith("[shown by sampled requests, not decided for every request]"), f.message());
    }

    @Test
    void theOptOutTagAllowsItsKindOnly() {
        List<RouteChecker.Input> twins = files("""
                      - name: a
                        paths: [/x]
                        tags: [kongsync:allow-overlap]
                      - name: b
                        paths: [/x]
                """);
        RouteFinding identical = check(twins, Collision.DEFAULT_FAIL_ON).findings().get(0);
        assertEquals(RouteFinding.Verdict.ERROR, identical.verdict(), "allow-overlap does not allow identical matchers");
        List<RouteChecker.Input> allowed = files("""
                      - name: a
                        paths: [/x]
                      - name: b
                        paths: [/x]
                        tags: [kongsync:allow-identical]
                """);
        RouteFinding f = check(allowed, Collision.DEFAULT_FAIL_ON).findings().get(0);
        assertEquals(RouteFinding.Verdict.ALLOWED, f.verdict());
        assertEquals("kongsync:allow-identical", f.allowedBy());
        assertEquals(List.of("mine"), f.second().ownerTags(), "kongsync's own tags are no owner tags");
    }

    @Test
    void onlyPairsWithARouteOfTheFilesAreReported() {
        List<RouteChecker.Input> routes = new ArrayList<>(files("      - name: mine\n        paths: [/shop]\n"));
        routes.add(kong("theirs-1", RouteRef.Side.OTHERS, "a", "paths", List.of("/blog")));
        routes.add(kong("theirs-2", RouteRef.Side.OTHERS, "b", "paths", List.of("/blog")));
        RouteCheck c = RouteChecker.check(routes, null, Flavor.TRADITIONAL_COMPATIBLE, "Kong", Collision.DEFAULT_FAIL_ON,
                true);
        assertEquals(List.of(), c.findings(), "other owners' collisions among themselves are theirs");
        assertEquals(1, c.fileRoutes());
        assertEquals(2, c.kongRoutes());
    }

    @Test
    void anotherOwnersRouteLosesOrGainsTraffic() {
        RouteChecker.Input theirs = kong("blog-root", RouteRef.Side.OTHERS, "blog", "paths", List.of("/"));
        RouteChecker.Input oldShop = kong("shop", RouteRef.Side.SCOPE, "mine", "paths", List.of("/shop"));

        List<RouteChecker.Input> after = new ArrayList<>(files("      - name: cart\n        paths: [/cart]\n"));
        after.add(theirs);
        List<RouteChecker.Input> before = List.of(oldShop, theirs);
        RouteCheck c = RouteChecker.check(after, before, Flavor.TRADITIONAL_COMPATIBLE, "Kong",
                Collision.DEFAULT_FAIL_ON, true);
        RouteFinding overlap = c.findings().get(0);
        assertEquals("cart", overlap.winner().name());
        TrafficShift lost = overlap.shifts().get(0);
        assertEquals(TrafficShift.Direction.LOSES, lost.direction());
        assertTrue(lost.certain());
        assertEquals("blog-root", lost.route().name());
        assertEquals("cart", lost.other().name());
        TrafficShift gained = c.shifts().get(0);
        assertEquals(TrafficShift.Direction.GAINS, gained.direction(), "/shop is gone: its requests fall to blog-root");
        assertEquals("shop", gained.other().name());
        assertTrue(gained.message().startsWith("route blog-root (in Kong: service svc-blog-root, owner tags [blog]) "
                + "would gain GET http://"), gained.message());
        assertTrue(gained.message().endsWith("/shop, which went to route shop (in Kong: service svc-shop, owner tags "
                + "[mine]) before"), gained.message());
    }

    @Test
    void manyOverlapsOfOneRouteAreOneLine() {
        StringBuilder routes = new StringBuilder("      - name: catch-all\n        paths: [/]\n");
        for (int i = 0; i < 6; i++) {
            routes.append("      - name: h").append(i).append("\n        hosts: [h").append(i)
                    .append(".example]\n        paths: [/x]\n");
        }
        RouteCheck c = check(files(routes.toString()), Collision.DEFAULT_FAIL_ON);
        assertEquals(6, c.findings().size());
        assertEquals(List.of("route catch-all (f.yml:8:9) overlaps 6 routes: route h0, route h1, route h2 and 3 more "
                + "(for example GET http://h0.example/x goes to route h0)"), c.warningLines());
        assertTrue(c.warningItems().get(0) instanceof RouteCheck.OverlapGroup);
    }

    @Test
    void aRouteTheModelCannotReadIsLeftOutAndSaidSo() {
        List<RouteChecker.Input> routes = files("""
                      - name: pcre-only
                        paths: ["~/a/(?|x|y)"]
                      - name: a
                        paths: [/a]
                      - name: a-again
                        paths: [/a]
                """);
        RouteCheck c = check(routes, Collision.DEFAULT_FAIL_ON);
        assertEquals(1, c.notChecked().size());
        assertTrue(c.notChecked().get(0).startsWith("route pcre-only (f.yml:8:9): "), c.notChecked().get(0));
        assertEquals(Collision.IDENTICAL, c.findings().get(0).kind(), "the others are still checked");
    }

    @Test
    void routesOfDisabledServicesAreNotInKongsRouter() {
        String yaml = "_format_version: \"3.0\"\nservices:\n  - name: off\n    host: off.example\n    enabled: false\n"
                + "    routes:\n      - name: a\n        paths: [/a]\n  - name: on\n    host: on.example\n"
                + "    routes:\n      - name: b\n        paths: [/a]\n";
        DesiredState s = ConfigParser.parse(List.of(SourceDocument.parse("f.yml", yaml)), List.of()).state();
        List<RouteChecker.Input> in = RouteInputs.fromFiles(s, d -> null, spec -> null, d -> null);
        assertEquals(List.of("b"), in.stream().map(i -> i.ref().name()).toList());
        Map<String, Object> route = new LinkedHashMap<>(Map.of("id", "r", "paths", List.of("/a"),
                "service", Map.of("id", "svc")));
        assertEquals(List.of(), RouteInputs.fromKong(List.of(route), Map.of("svc", Map.of("id", "svc", "enabled", false)),
                RouteRef.Side.OTHERS));
        RouteRef kept = RouteInputs.fromKong(List.of(route), Map.of("svc", Map.of("id", "svc", "name", "svc-name",
                "tags", List.of("team"))), RouteRef.Side.OTHERS).get(0).ref();
        assertEquals(List.of("team"), kept.ownerTags(), "a route without tags is owned by its service's tags");
        assertEquals("svc-name", kept.service());
        assertNull(kept.source());
    }
}
