package dev.kongsync.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static dev.kongsync.router.Routes.l;
import static dev.kongsync.router.Routes.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pairwise analysis: identical, shadowed and overlapping routes, each shown by a request. */
class RouterAnalysisTest {

    private static Finding only(List<RouteMatchers> routes, Flavor f) {
        List<Finding> found = RouterModel.analyze(routes, f);
        assertEquals(1, found.size(), () -> f + ": " + found);
        Finding x = found.get(0);
        // every finding's request is matched by both routes, and the winner is what pick() says
        assertEquals(RouterModel.pick(routes, x.sampleRequest(), f).orElseThrow(), x.winner());
        return x;
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void identicalAfterNormalization(Flavor f) {
        RouteMatchers a = route("a", "hosts", l("api.example", "www.example"), "paths", l("/login"),
                "methods", l("get", "POST"), "headers", Map.of("X_Tenant", l("Acme")));
        RouteMatchers b = route("b", "hosts", l("www.example", "api.example"), "paths", l("/login", "/login"),
                "methods", l("POST", "GET"), "headers", Map.of("x-tenant", l("acme")));
        Finding x = only(List.of(a, b), f);
        assertEquals(Finding.Kind.IDENTICAL, x.kind());
        assertEquals(Finding.Severity.ERROR, x.severity());
        assertTrue(x.winner().arbitrary(), x::message);
        assertTrue(x.message().startsWith("route a and route b have identical matchers: GET http://"), x::message);
    }

    @Test
    void identicalDespiteProtocols() {
        // neither router selects on protocol (transform.lua adds net.protocol only for snis; traditional.lua never):
        // an https-only route picked for an http request answers 426 (kong/runloop/handler.lua)
        RouteMatchers http = route("http", "protocols", l("http"), "paths", l("/p"));
        RouteMatchers https = route("https", "protocols", l("https"), "paths", l("/p"));
        Finding x = only(List.of(http, https), Flavor.TRADITIONAL_COMPATIBLE);
        assertEquals(Finding.Kind.IDENTICAL, x.kind());
        assertTrue(x.detail().contains("protocols differ"), x::detail);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void deliberateOverlapOfNestedPrefixes(Flavor f) {
        RouteMatchers api = route("api", "hosts", l("api.example"), "paths", l("/api"));
        RouteMatchers payments = route("payments", "hosts", l("api.example"), "paths", l("/api/payments"));
        Finding x = only(List.of(api, payments), f);
        assertEquals(Finding.Kind.OVERLAP, x.kind());
        assertEquals(Finding.Severity.WARNING, x.severity());
        assertEquals(Finding.Evidence.DECIDED, x.evidence());
        assertEquals("GET http://api.example/api/payments", x.sampleRequest().toString());
        assertSame(payments, x.winner().route());
        assertTrue(x.detail().contains("longer plain path"), x::detail);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void regexShadowsAPlainPath(Flavor f) {
        // a regex path ranks above a plain one: transform.lua REGEX_URL_BIT; traditional.lua MATCH_SUBRULES.HAS_REGEX_URI
        RouteMatchers payments = route("payments", "hosts", l("api.example"), "paths", l("/api/payments"));
        RouteMatchers catchAll = route("catch-all", "hosts", l("api.example"), "paths", l("~/api/.*"));
        Finding x = only(List.of(payments, catchAll), f);
        assertEquals(Finding.Kind.SHADOWED, x.kind());
        assertSame(catchAll, x.a());
        assertSame(payments, x.b());
        assertEquals(Finding.Evidence.DECIDED, x.evidence());
        assertEquals(Finding.Severity.ERROR, x.severity());
        assertTrue(x.message().startsWith("route catch-all shadows route payments: GET http://api.example/api/payments"),
                x::message);
        assertTrue(x.message().contains("a regex path ranks above a plain path"), x::message);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void regexPriorityShadowsAnotherRegexBySampling(Flavor f) {
        RouteMatchers byId = route("by-id", "paths", l("~/api/payments/\\d+$"));
        RouteMatchers all = route("all", "paths", l("~/api/.*"), "regex_priority", 10);
        Finding x = only(List.of(byId, all), f);
        assertEquals(Finding.Kind.SHADOWED, x.kind());
        assertSame(all, x.a());
        assertEquals(Finding.Evidence.SAMPLED, x.evidence());
        assertEquals(Finding.Severity.WARNING, x.severity());
        assertTrue(x.message().contains("regex_priority 10 ranks above 0"), x::message);
        assertTrue(x.message().endsWith("[sampled]"), x::message);
    }

    @Test
    void methodsMakeTheDifferenceBetweenFlavors() {
        // traditional_compatible: the regex bit (51) outranks the match weight (bits 29-31, see RouterPriorityTest),
        // so the GET-only route is dead; traditional tries the HOST+URI+METHOD category before HOST+URI
        RouteMatchers getOnly = route("get-only", "hosts", l("api.example"), "paths", l("/api/payments"),
                "methods", l("GET"));
        RouteMatchers regex = route("regex", "hosts", l("api.example"), "paths", l("~/api/.*"));
        List<RouteMatchers> routes = List.of(getOnly, regex);
        Finding compat = only(routes, Flavor.TRADITIONAL_COMPATIBLE);
        assertEquals(Finding.Kind.SHADOWED, compat.kind());
        assertSame(getOnly, compat.b());
        Finding trad = only(routes, Flavor.TRADITIONAL);
        assertEquals(Finding.Kind.OVERLAP, trad.kind());
        assertSame(getOnly, trad.winner().route());
        assertTrue(trad.detail().contains("more kinds of matchers (HOST+URI+METHOD vs HOST+URI)"), trad::detail);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void aWiderRouteThatRanksLowerIsNotAShadow(Flavor f) {
        // the regex covers less than the prefix and ranks above it: both receive traffic
        RouteMatchers users = route("users", "paths", l("/users"));
        RouteMatchers byId = route("by-id", "paths", l("~/users/\\d+"));
        Finding x = only(List.of(users, byId), f);
        assertEquals(Finding.Kind.OVERLAP, x.kind());
        assertSame(byId, x.winner().route());
        // an exact host ranks above a wildcard one: describe("[wildcard host]") it("does not take precedence over
        // a plain host")
        RouteMatchers exact = route("exact", "hosts", l("a.example.com"), "paths", l("/x"));
        RouteMatchers wild = route("wild", "hosts", l("*.example.com"), "paths", l("/x"));
        Finding y = only(List.of(exact, wild), f);
        assertEquals(Finding.Kind.OVERLAP, y.kind());
        assertSame(exact, y.winner().route());
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void disjointRoutesAreNotReported(Flavor f) {
        List<RouteMatchers> routes = List.of(
                route("a", "hosts", l("a.example"), "paths", l("/x")),
                route("b", "hosts", l("b.example"), "paths", l("/x")),
                route("get", "hosts", l("c.example"), "methods", l("GET")),
                route("post", "hosts", l("c.example"), "methods", l("POST")),
                route("v1", "hosts", l("d.example"), "headers", Map.of("x-version", l("1"))),
                route("v2", "hosts", l("d.example"), "headers", Map.of("x-version", l("2"))),
                route("port", "hosts", l("e.example:8000")),
                route("other-port", "hosts", l("e.example:9000")),
                route("regex", "hosts", l("f.example"), "paths", l("~/orders/\\d+")),
                route("orders", "hosts", l("f.example"), "paths", l("/orders/new")));
        assertEquals(List.of(), RouterModel.analyze(routes, f));
    }

    @Test
    void traditionalReducedListIsNotMistakenForAShadow() {
        // submatch: a wildcard host with a port (0x04) sorts above plain hosts (0x02), so the wildcard statically
        // ranks first; but for "api.example.com:8000" the HOST list under that Host header holds only the plain
        // route, and traditional.lua tries that reduced list first
        RouteMatchers plain = route("plain", "hosts", l("api.example.com:8000"));
        RouteMatchers wild = route("wild", "hosts", l("*.example.com:8000"));
        Finding x = only(List.of(plain, wild), Flavor.TRADITIONAL);
        assertEquals(Finding.Kind.OVERLAP, x.kind());
        assertSame(plain, x.winner().route());
        assertTrue(x.detail().contains("indexes under the request's host (api.example.com:8000)"), x::detail);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void headerRegexCoversALiteral(Flavor f) {
        RouteMatchers beta = route("beta", "paths", l("/app"), "headers", Map.of("x-channel", l("beta-2")),
                "methods", l("GET"));
        RouteMatchers anyBeta = route("any-beta", "paths", l("/app"), "headers", Map.of("x-channel", l("~*^beta")),
                "methods", l("GET"), "regex_priority", 0, "hosts", List.of());
        // any-beta: same matchers kinds; the empty hosts list sets "plain hosts only" in both flavors
        // (transform.lua get_priority, traditional.lua marshall_route), which ranks it above beta
        Finding x = only(List.of(beta, anyBeta), f);
        assertEquals(Finding.Kind.SHADOWED, x.kind());
        assertSame(anyBeta, x.a());
        assertEquals(Finding.Evidence.DECIDED, x.evidence());
    }

    @Test
    void sniOnlyRoutesOverlapOnTls() {
        // traditional.lua SNI matcher: ctx.req_scheme == "http" or route_t.snis[ctx.sni]; an http request skips the
        // SNIs but its category (no SNI hit) may match no route at all, so the overlap is shown over TLS
        RouteMatchers one = route("one", "snis", l("a.example", "b.example"), "protocols", l("https"));
        RouteMatchers two = route("two", "snis", l("b.example"), "protocols", l("https"), "paths", l("/x"));
        for (Flavor f : Flavor.values()) {
            Finding x = only(List.of(one, two), f);
            assertEquals(Finding.Kind.OVERLAP, x.kind());
            assertEquals("b.example", x.sampleRequest().sni());
        }
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void streamRoutesAreComparedForIdentity(Flavor f) {
        RouteMatchers a = route("tcp-a", "protocols", l("tcp"), "destinations", List.of(Map.of("ip", "10.0.0.1", "port", 5432)));
        RouteMatchers b = route("tcp-b", "protocols", l("tcp"), "destinations", List.of(Map.of("port", 5432, "ip", "10.0.0.1")));
        RouteMatchers http = route("http", "paths", l("/"));
        Finding x = only(List.of(a, b, http), f);
        assertEquals(Finding.Kind.IDENTICAL, x.kind());
        assertEquals("tcp connection to 10.0.0.1:5432", x.sampleRequest().toString());
    }
}
