package dev.kongsync.router;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.kongsync.router.Routes.assertPick;
import static dev.kongsync.router.Routes.l;
import static dev.kongsync.router.Routes.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value model: reading route fields and requests. */
class RouterValuesTest {

    @Test
    void routeFieldsAreReadAndNormalizedAsKongDoes() {
        RouteMatchers m = RouteMatchers.of(Map.of(
                "id", "e8fb37f1-102d-461e-9c51-6608a6bb8101",
                "created_at", 1700000000,
                "methods", l("get"),
                "paths", l("/a/./b//c", "~/x/(?<id>\\d+)"),
                "headers", Map.of("X_Api_Version", "2"),
                "snis", l("api.example."),
                "regex_priority", 3,
                "path_handling", "v1",
                "strip_path", false), new RouteIdentity("route r", "payments", "kong.yml:12"));
        assertEquals(Set.of("http", "https"), m.protocols());
        assertEquals(Set.of("GET"), m.methods());
        assertEquals(l("/a/b/c", "~/x/(?<id>\\d+)"), m.paths());
        assertEquals(Map.of("x-api-version", l("2")), m.headers());
        assertEquals(Set.of("api.example"), m.snis());
        assertEquals(1700000000L, m.createdAt());
        assertEquals("v1", m.pathHandling());
        assertFalse(m.hostsSet());
        assertFalse(m.isStream());
        assertEquals("payments", m.identity().owner());
        assertEquals("kong.yml:12", m.identity().location());
    }

    @Test
    void badFieldsAreRefusedWithTheRouteNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> route("bad", "paths", l("~/x/(unclosed")));
        assertTrue(e.getMessage().startsWith("route bad: regex path '~/x/(unclosed' does not compile"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> route("bad", "hosts", "a.example"));
        assertThrows(IllegalArgumentException.class, () -> route("bad", "sources", List.of(Map.of("port", "80"))));
    }

    @Test
    void flavorsAreReadFromKongConf() {
        assertEquals(Flavor.TRADITIONAL_COMPATIBLE, Flavor.of("traditional_compatible"));
        assertEquals(Flavor.TRADITIONAL, Flavor.of(" Traditional "));
        assertEquals("traditional_compatible", Flavor.TRADITIONAL_COMPATIBLE.kongName());
        assertThrows(IllegalArgumentException.class, () -> Flavor.of("expressions"));
    }

    @Test
    void requestsAreParsedFromUrls() {
        Request r = Request.http("POST", "grpcs://api.example:8443/pkg.Svc/Call?x=1").withHeader("X_Trace", "a", "b");
        assertEquals("api.example", r.host());
        assertEquals(8443, r.port());
        assertEquals("/pkg.Svc/Call", r.path());
        assertEquals("https", r.scheme());
        assertEquals(Map.of("x-trace", l("a", "b")), r.headers());
        assertEquals("POST grpcs://api.example:8443/pkg.Svc/Call [x-trace: a, b]", r.toString());
        Request bare = Request.http("GET", "http://api.example");
        assertEquals("/", bare.path());
        assertNull(bare.port());
        assertThrows(IllegalArgumentException.class, () -> Request.http("GET", "ftp://x/"));
        assertEquals("tls", Request.stream("tls_passthrough", null, null, "db.example").scheme());
    }

    @Test
    void compatibleComparesHostPortsWithTheConnectionPortWhenTheHostHeaderHasNone() {
        // fields.lua net.dst.port: the Host header's port, else the port the client connected to
        RouteMatchers onPort = route("on-8000", "hosts", l("api.example:8000"));
        Request viaListener = Request.http("GET", "http://api.example/").withDestination(new Endpoint("10.0.0.1", 8000));
        assertPick(List.of(onPort), viaListener, Flavor.TRADITIONAL_COMPATIBLE, onPort);
        // traditional compares a plain host with a port against the Host header text only
        assertTrue(RouterModel.pick(List.of(onPort), viaListener, Flavor.TRADITIONAL).isEmpty());
    }

    @Test
    void sameMatchersWithDifferentRegexPrioritiesAreAShadowNotATie() {
        RouteMatchers low = route("low", "paths", l("~/v\\d+/"));
        RouteMatchers high = route("high", "paths", l("~/v\\d+/"), "regex_priority", 1);
        for (Flavor f : Flavor.values()) {
            List<Finding> found = RouterModel.analyze(List.of(low, high), f);
            assertEquals(1, found.size(), found::toString);
            assertEquals(Finding.Kind.SHADOWED, found.get(0).kind());
            assertEquals(Finding.Evidence.DECIDED, found.get(0).evidence());
            assertEquals("route high", found.get(0).a().identity().label());
        }
    }
}
