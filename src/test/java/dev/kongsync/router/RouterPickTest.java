package dev.kongsync.router;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;

import static dev.kongsync.router.Routes.assertNoPick;
import static dev.kongsync.router.Routes.assertPick;
import static dev.kongsync.router.Routes.get;
import static dev.kongsync.router.Routes.l;
import static dev.kongsync.router.Routes.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which route Kong picks. Unless noted, cases come from Kong 3.9.1 spec/01-unit/08-router_spec.lua, which runs each
 * of them for both flavors; the ids are the spec's.
 */
class RouterPickTest {
    private static final String ID = "e8fb37f1-102d-461e-9c51-6608a6bb81";

    private static RouteMatchers r(String n, Object... fields) {
        Object[] withId = new Object[fields.length + 2];
        withId[0] = "id";
        withId[1] = ID + n;
        System.arraycopy(fields, 0, withId, 2, fields.length);
        return route(n, withId);
    }

    // describe("select()") use_case 1 and 13: hosts with and without a port
    private static final RouteMatchers HOST_1 = r("01", "hosts", l("domain-1.org", "domain-2.org"));
    private static final RouteMatchers HOST_13 = r("13", "hosts", l("domain-1.org:321", "domain-2.org"));
    private static final RouteMatchers HOST_14 = r("14", "hosts", l("domain-3.org:321"));
    private static final List<RouteMatchers> HOSTS = List.of(HOST_1, HOST_13, HOST_14);

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void hostIgnoresTheDefaultPort(Flavor f) {
        // it("[host] ignores default port")
        assertPick(HOSTS, get("http://domain-1.org:80/"), f, HOST_1);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void hostMatchesASpecificPort(Flavor f) {
        // it("[host] matches specific port"): traditional reduces to the routes indexed under "domain-1.org:321";
        // traditional_compatible gives both the same priority and takes the larger id (...8113)
        Pick p = assertPick(HOSTS, get("http://domain-1.org:321/"), f, HOST_13);
        if (f == Flavor.TRADITIONAL_COMPATIBLE) {
            assertTrue(p.reason().contains("larger route id"), p.reason());
        }
        // it("[host] matches specific port on port-only route"), it("[host] fails just because of port on port-only route")
        assertPick(HOSTS, get("http://domain-3.org:321/"), f, HOST_14);
        assertNoPick(HOSTS, get("http://domain-3.org:123/"), f);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void longerPrefixWins(Flavor f) {
        // describe("[uri prefix]") it("does not supersede another route with a longer [uri]")
        RouteMatchers hello = r("01", "paths", l("/my-route/hello"));
        RouteMatchers short_ = r("02", "paths", l("/my-route"));
        List<RouteMatchers> routes = List.of(hello, short_);
        assertPick(routes, get("http://domain.org/my-route/hello/world"), f, hello);
        assertPick(routes, get("http://domain.org/my-route/world"), f, short_);
        // it("only matches [uri prefix] as a prefix (anchored mode)")
        RouteMatchers something = r("01", "paths", l("/something/my-route"));
        RouteMatchers hosted = r("02", "hosts", l("example.com"), "paths", l("/my-route"));
        assertPick(List.of(something, hosted), get("http://example.com/something/my-route"), f, something);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void regexBeatsPlainPath(Flavor f) {
        // describe("[uri regex]") it("matches a [uri regex] even if a [prefix uri] got a match")
        RouteMatchers prefix = r("01", "paths", l("/route/persons"));
        RouteMatchers regex = r("02", "paths", l("~/route/persons/\\d+/profile"));
        assertPick(List.of(prefix, regex), get("http://domain.org/route/persons/123/profile"), f, regex);
        // it("matches a [uri regex] even if a [uri] got an exact match")
        RouteMatchers fixture = r("01", "paths", l("/route/fixture"));
        RouteMatchers group = r("02", "paths", l("~/route/(fixture)"));
        assertPick(List.of(fixture, group), get("http://domain.org/route/fixture"), f, group);
        // it("matches the right route when several ones have a [uri regex]")
        RouteMatchers p1 = r("01", "paths", l("~/route/persons/\\d{3}"));
        RouteMatchers p2 = r("02", "paths", l("~/route/persons/\\d{3}/following"));
        RouteMatchers p3 = r("03", "paths", l("~/route/persons/\\d{3}/[a-z]+"));
        assertPick(List.of(p1, p2, p3), get("http://domain.org/route/persons/456"), f, p1);
        // it("matches from the beginning of the request URI [uri regex]")
        assertNoPick(List.of(r("01", "paths", l("~/prefix/[0-9]+"))), get("http://domain.org/extra/prefix/123"), f);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void exactHostBeatsWildcard(Flavor f) {
        // describe("[wildcard host]") it("does not take precedence over a plain host")
        RouteMatchers plain = r("03", "hosts", l("plain.route.com"));
        RouteMatchers left = r("01", "hosts", l("*.route.com"));
        RouteMatchers right = r("02", "hosts", l("route.*"));
        RouteMatchers exact = r("04", "hosts", l("route.com"));
        List<RouteMatchers> routes = List.of(plain, left, right, exact);
        assertPick(routes, get("http://route.com/"), f, exact);
        assertPick(routes, get("http://route.org/"), f, right);
        assertPick(routes, get("http://plain.route.com/"), f, plain);
        assertPick(routes, get("http://foo.route.com/"), f, left);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void wildcardHostPorts(Flavor f) {
        // it("matches port-specific routes"): traditional ranks a wildcard with a port higher (submatch 0x04);
        // traditional_compatible has no such bit and takes the larger id (...8104 over ...8102)
        RouteMatchers left = r("01", "hosts", l("*.route.com"));
        RouteMatchers right = r("02", "hosts", l("route.*"));
        RouteMatchers net = r("03", "hosts", l("*.route.net:123"));
        RouteMatchers rightPort = r("04", "hosts", l("route.*:123"));
        List<RouteMatchers> routes = List.of(left, right, net, rightPort);
        assertPick(routes, get("http://foo.route.net:123/"), f, net);
        assertNoPick(routes, get("http://foo.route.net:456/"), f);
        Pick p = assertPick(routes, get("http://route.org:123/"), f, rightPort);
        assertTrue(p.reason().contains(f == Flavor.TRADITIONAL ? "wildcard host with a port" : "larger route id"), p.reason());
        // it("matches any port in request")
        assertPick(routes, get("http://route.org:8000/"), f, right);
    }

    @Test
    void traditionalAppliesTheDefaultPortToWildcardPorts() {
        // it("prefers port-specific even for http default port"): "even if it's implicit port 80" (traditional only)
        RouteMatchers right = r("02", "hosts", l("route.*"));
        RouteMatchers port80 = r("03", "hosts", l("route.*:80"));
        assertPick(List.of(right, port80), get("http://route.org/"), Flavor.TRADITIONAL, port80);
        // it("prefers port-specific even for https default port")
        RouteMatchers port443 = r("03", "hosts", l("route.*:443"));
        assertPick(List.of(right, port443), get("https://route.org/"), Flavor.TRADITIONAL, port443);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void moreHeadersFirst(Flavor f) {
        // describe("[headers]") it("evaluates Routes with more [headers] first")
        RouteMatchers two = r("01", "headers", Map.of("version", l("v1", "v2"), "user_agent", l("foo", "bar")));
        RouteMatchers three = r("02", "headers", Map.of("version", l("v1", "v2"), "user_agent", l("foo", "bar"),
                "location", l("east", "west")));
        Request req = get("http://x.test/").withHeader("version", "v1").withHeader("user_agent", "foo")
                .withHeader("location", "north", "west");
        assertPick(List.of(two, three), req, f, three);
        // edge-cases it("more [headers] has priority over longer [paths]")
        RouteMatchers longer = r("01", "headers", Map.of("version", l("v1")), "paths", l("/my-route/hello"));
        RouteMatchers moreHeaders = r("02", "headers", Map.of("version", l("v1"), "location", l("us-east")),
                "paths", l("/my-route"));
        assertPick(List.of(longer, moreHeaders), get("http://domain.org/my-route/hello").withHeader("version", "v1")
                .withHeader("location", "us-east"), f, moreHeaders);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void headerNamesAndValuesAreCaseInsensitive(Flavor f) {
        // it("names are case-insensitive"), it("matches values in a case-insensitive way")
        RouteMatchers upper = r("01", "headers", Map.of("USER_AGENT", l("foo", "bar")));
        RouteMatchers baz = r("02", "headers", Map.of("user_agent", l("BAZ")));
        List<RouteMatchers> routes = List.of(upper, baz);
        assertPick(routes, get("http://x.test/").withHeader("User-Agent", "FOO"), f, upper);
        assertPick(routes, get("http://x.test/").withHeader("user_agent", "baz"), f, baz);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void headerRegex(Flavor f) {
        // use_case 15: headers = { user_agent = { "~*windows|linux|os\\s+x\\s*[\\d\\._]+|solaris|bsd" } }
        RouteMatchers ua = r("15", "headers", Map.of("user_agent", l("~*windows|linux|os\\s+x\\s*[\\d\\._]+|solaris|bsd")));
        assertPick(List.of(ua), get("http://x.test/").withHeader("user-agent", "Mozilla (Mac OS X 10_15)"), f, ua);
        assertNoPick(List.of(ua), get("http://x.test/").withHeader("user-agent", "curl/8"), f);
    }

    @Test
    void headerRegexCaseDiffersBetweenFlavors() {
        // transform.lua lower-cases the regex (escape_str(value:lower())); traditional.lua matches the pattern as
        // written against the lower-cased value, so an upper-case letter in the pattern never matches there
        RouteMatchers ua = r("01", "headers", Map.of("user_agent", l("~*Windows")));
        Request req = get("http://x.test/").withHeader("user-agent", "Windows NT");
        assertPick(List.of(ua), req, Flavor.TRADITIONAL_COMPATIBLE, ua);
        assertNoPick(List.of(ua), req, Flavor.TRADITIONAL);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void hostAndPathRankAboveMethod(Flavor f) {
        // edge-cases it("[host] and [uri] have higher priority than [method]")
        RouteMatchers host = r("01", "hosts", l("domain-1.org", "domain-2.org"));
        RouteMatchers method = r("02", "methods", l("TRACE"));
        RouteMatchers uri = r("03", "paths", l("/my-route"));
        List<RouteMatchers> routes = List.of(host, method, uri);
        assertPick(routes, Request.http("TRACE", "http://domain-2.org/"), f, host);
        assertPick(routes, Request.http("TRACE", "http://domain.org/my-route"), f, uri);
        // it("[method] does not supersede [uri prefix]")
        RouteMatchers get = r("01", "methods", l("GET"));
        RouteMatchers example = r("02", "paths", l("/example"));
        assertPick(List.of(get, example), get("http://domain.org/example/status/200"), f, example);
        // it("[method] does not supersede [wildcard host]"): traditional by category (HOST > METHOD),
        // traditional_compatible by equal priority and the larger id
        RouteMatchers wild = r("02", "hosts", l("domain.*"));
        assertPick(List.of(get, wild), get("http://domain.com/"), f, wild);
        assertPick(List.of(get, wild), get("http://nothing.com/"), f, get);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void regexPriorityOnlyCountsForRegexPaths(Flavor f) {
        // describe("[both regex and prefix with regex_priority]") it("[prefix matching ignore regex_priority]")
        RouteMatchers regex = r("01", "paths", l("/.*"), "hosts", l("domain-1.org"));
        RouteMatchers root = r("02", "paths", l("/"), "hosts", l("domain-2.org"), "regex_priority", 5);
        RouteMatchers v1 = r("03", "paths", l("/v1"), "hosts", l("domain-2.org"));
        assertPick(List.of(regex, root, v1), get("http://domain-2.org/v1"), f, v1);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void regexPriorityDecidesBetweenRegexes(Flavor f) {
        // spec/02-integration/05-proxy/02-router_spec.lua it("depends on the regex_priority field")
        RouteMatchers foo = route("regex_1", "paths", l("~/status/(?P<foo>re)"), "regex_priority", 0);
        RouteMatchers re = route("regex_2", "paths", l("~/status/(re)"), "regex_priority", 4);
        Pick p = assertPick(List.of(foo, re), get("http://x.test/status/re"), f, re);
        assertTrue(p.reason().contains("regex_priority 4 ranks above 0"), p.reason());
    }

    @Test
    void traditionalBreaksRegexTiesByCreatedAt() {
        // 02-router_spec.lua it_trad_only("depends on created_at if regex_priority is tie")
        RouteMatchers ab = route("regex_3", "paths", l("~/status/(ab)"), "created_at", 1234567890);
        RouteMatchers abc = route("regex_4", "paths", l("~/status/(ab)c?"), "created_at", 1234567891);
        assertPick(List.of(abc, ab), get("http://x.test/status/ab"), Flavor.TRADITIONAL, ab);
        // without created_at the order is the arbitrary outcome of Lua's sort
        RouteMatchers ab2 = route("regex_3", "paths", l("~/status/(ab)"));
        RouteMatchers abc2 = route("regex_4", "paths", l("~/status/(ab)c?"));
        Pick p = RouterModel.pick(List.of(abc2, ab2), get("http://x.test/status/ab"), Flavor.TRADITIONAL).orElseThrow();
        assertTrue(p.arbitrary(), p.toString());
        assertTrue(p.reason().contains("creation order"), p.reason());
    }

    @Test
    void compatibleTiesWithoutIdsAreArbitrary() {
        // atc-router src/router.rs: matchers are keyed (priority, uuid); equal priorities fall to the uuid
        RouteMatchers a = route("a", "paths", l("/api"));
        RouteMatchers b = route("b", "paths", l("/api"));
        Pick p = RouterModel.pick(List.of(a, b), get("http://x.test/api"), Flavor.TRADITIONAL_COMPATIBLE).orElseThrow();
        assertTrue(p.arbitrary(), p.toString());
        assertTrue(p.reason().contains("route id"), p.reason());
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void splitPathsGetTheirOwnPriorities(Flavor f) {
        // describe("[both regex and prefix]") it("[assigns different priorities to regex and non-regex path]")
        RouteMatchers mixed = r("01", "paths", l("~/some/thing/else", "/foo"), "hosts", l("domain-1.org"));
        RouteMatchers bar = r("02", "paths", l("/foo/bar"), "hosts", l("domain-1.org"));
        List<RouteMatchers> routes = List.of(mixed, bar);
        assertPick(routes, get("http://domain-1.org/some/thing/else"), f, mixed);
        assertPick(routes, get("http://domain-1.org/foo/bar"), f, bar);
        // describe("[overlapping prefixes]") it("[assigns different priorities to each path]")
        RouteMatchers two = r("01", "paths", l("/foo", "/foo/bar/baz"), "hosts", l("domain-1.org"));
        assertPick(List.of(two, bar), get("http://domain-1.org/foo"), f, two);
        assertPick(List.of(two, bar), get("http://domain-1.org/foo/bar"), f, bar);
        assertPick(List.of(two, bar), get("http://domain-1.org/foo/bar/baz"), f, two);
    }

    @Test
    void compatibleWildcardSnis() {
        // describe("[wildcard sni]") (traditional_compatible and expressions only)
        Flavor f = Flavor.TRADITIONAL_COMPATIBLE;
        RouteMatchers left = r("01", "snis", l("*.sni.test"));
        RouteMatchers right = r("02", "snis", l("sni.*"));
        List<RouteMatchers> routes = List.of(left, right);
        assertPick(routes, get("https://any.test/").withSni("foo.bar.sni.test"), f, left);
        assertPick(routes, get("https://any.test/").withSni("sni.foo.bar"), f, right);
        assertNoPick(routes, get("https://any.test/").withSni("bar.sni.foo"), f);
    }

    @Test
    void traditionalIgnoresSnisOfHttpRequestsWithoutShadowingHttpRoutes() {
        // describe("[snis]") it_trad_only("[sni] is ignored for http request without shadowing routes with
        // `protocols={'http'}`. Fixes #6425"): the request's category is HOST, which exists, so the search starts
        // below the HOST+SNI category
        RouteMatchers withSni = r("02", "hosts", l("sni.example.com"), "protocols", l("http", "https"),
                "snis", l("sni.example.com"));
        RouteMatchers http = r("03", "hosts", l("sni.example.com"), "protocols", l("http"));
        Request req = get("http://sni.example.com/");
        assertPick(List.of(withSni), req, Flavor.TRADITIONAL, withSni);
        Pick p = assertPick(List.of(r("01", "snis", l("www.example.org")), withSni, http), req, Flavor.TRADITIONAL, http);
        assertTrue(p.reason().contains("search starts"), p.reason());
        // with TLS and the SNI, the route with snis ranks first
        assertPick(List.of(withSni, http), Request.http("GET", "https://sni.example.com/").withSni("sni.example.com"),
                Flavor.TRADITIONAL, withSni);
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void streamSniAndSourcesDestinations(Flavor f) {
        // describe("#stream context") it("[sni] has higher priority than [src] or [dst]")
        RouteMatchers sni = r("01", "protocols", l("tls"), "snis", l("www.example.org"));
        RouteMatchers src = r("02", "protocols", l("tls"), "sources", List.of(Map.of("ip", "127.0.0.1")));
        RouteMatchers dst = r("03", "protocols", l("tls"), "destinations", List.of(Map.of("ip", "172.168.0.1")));
        List<RouteMatchers> routes = List.of(sni, src, dst);
        assertPick(routes, Request.stream("tls", new Endpoint("127.0.0.1", null), null, "www.example.org"), f, sni);
        assertPick(routes, Request.stream("tls", null, new Endpoint("172.168.0.1", null), "www.example.org"), f, sni);
        // it("[src] + [dst] has higher priority than [sni]")
        RouteMatchers both = r("02", "protocols", l("tls"), "sources", List.of(Map.of("ip", "127.0.0.1")),
                "destinations", List.of(Map.of("ip", "172.168.0.1")));
        assertPick(List.of(sni, both), Request.stream("tls", new Endpoint("127.0.0.1", null),
                new Endpoint("172.168.0.1", null), "www.example.org"), f, both);
        // describe("[sources]") it("[src_ip] range match")
        RouteMatchers range = r("04", "protocols", l("tcp"), "sources", List.of(Map.of("ip", "127.168.0.0/8")));
        assertPick(List.of(range), Request.stream("tcp", new Endpoint("127.0.0.1", 2000), null, null), f, range);
        assertNoPick(List.of(range), Request.stream("tcp", new Endpoint("128.0.0.1", 2000), null, null), f);
    }

    @Test
    void compatibleRanksPlainHostsAboveMoreMatchers() {
        // transform.lua get_priority as LuaJIT runs it (see RouterPriorityTest): the plain-hosts bit (60) is real,
        // the match weight only reaches bit 29, so one plain host outranks a wildcard host with path and method;
        // the traditional router tries the HOST+URI+METHOD category first
        RouteMatchers plain = route("plain", "hosts", l("api.example.com"));
        RouteMatchers wildcard = route("wildcard", "hosts", l("*.example.com"), "paths", l("/x"), "methods", l("GET"));
        List<RouteMatchers> routes = List.of(plain, wildcard);
        Request req = get("http://api.example.com/x");
        Pick p = assertPick(routes, req, Flavor.TRADITIONAL_COMPATIBLE, plain);
        assertEquals("plain hosts only rank above wildcard hosts over route wildcard", p.reason());
        assertPick(routes, req, Flavor.TRADITIONAL, wildcard);
    }

    @Test
    void requestsAreNormalizedBeforeMatching() {
        // describe("normalization stopgap measurements") and kong/tools/uri.lua normalize
        RouteMatchers plain = route("plain", "paths", l("/plain/a.b%2Ec"));
        assertEquals("/plain/a.b.c", plain.paths().get(0));
        assertPick(List.of(plain), get("http://x.test/plain/a.b%2Ec/../a.b.c?x=1"), Flavor.TRADITIONAL, plain);
        assertEquals("/a/%2F/b", get("http://x.test/a//%2f/./b").path());
    }
}
