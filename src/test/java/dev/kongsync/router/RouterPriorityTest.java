package dev.kongsync.router;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.kongsync.router.Routes.l;
import static dev.kongsync.router.Routes.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * traditional_compatible priorities. Expected values were produced by running kong/router/transform.lua (3.9.1)
 * {@code get_priority}, taken verbatim from the file, under LuaJIT 2.1 on x86-64 and passing the result through a
 * {@code uintptr_t} as resty.router's {@code router_add_matcher} does.
 */
class RouterPriorityTest {

    private static long priority(RouteMatchers m) {
        CompiledRoute r = new CompiledRoute(m, 0, Flavor.TRADITIONAL_COMPATIBLE);
        return AtcPriority.http(r.parts.get(0));
    }

    private static void assertPriority(String expectedUnsigned, RouteMatchers m) {
        assertEquals(expectedUnsigned, Long.toUnsignedString(priority(m)), m.toString());
    }

    @Test
    void plainHostOnlyIsARealBit60() {
        assertPriority("1152921505143717888", route("h", "hosts", l("api.example.com")));
    }

    @Test
    void matchWeightIsShiftedBy29NotBy61() {
        // lshift_uint64(3, 61) is bit.lshift(3, 61) on a Lua number: a 32-bit shift by 61 % 32 = 29
        assertPriority("1610612738", route("w", "hosts", l("*.example.com"), "paths", l("/x"), "methods", l("GET")));
        assertPriority("536870912", route("m", "methods", l("GET")));
    }

    @Test
    void regexBitAndRegexPriority() {
        assertPriority("2251800350556160", route("r", "paths", l("~/api/.*")));
        assertPriority("2251800355799040", route("r10", "paths", l("~/r"), "regex_priority", 10));
    }

    @Test
    void negativeOrLargeRegexPriorityOverflowsToTheTopBit() {
        assertPriority("9225623837205331968", route("neg", "paths", l("~/r"), "regex_priority", -1));
        assertPriority("9225623837205331968", route("big", "paths", l("~/r"), "regex_priority", 5000));
    }

    @Test
    void headersCountShiftsBy20() {
        assertPriority("1611661322", route("hdr", "paths", l("/api/users"), "methods", l("GET"),
                "headers", Map.of("x-v", l("1"))));
        assertPriority("1075838985", route("hdr2", "headers", Map.of("a", l("1"), "b", l("2")), "paths", l("/my-route")));
    }

    @Test
    void fourKindsOfMatchersOverflowToTheTopBit() {
        assertPriority("10376293541462671362", route("four", "hosts", l("a.com"), "paths", l("/p"),
                "methods", l("GET"), "headers", Map.of("x", l("1"))));
        // without the plain-host or regex bit the 32-bit result itself is negative and converts to 2^63 alone
        assertPriority("9223372036854775808", route("four-wild", "hosts", l("*.a.com"), "paths", l("/p"),
                "methods", l("GET"), "headers", Map.of("x", l("1"))));
    }

    @Test
    void anEmptyHostsListStillCountsAsPlainHostsOnly() {
        // transform.lua get_priority: plain_host_only = type(hosts) == "table"
        assertPriority("1152921505143717890", route("empty", "hosts", List.of(), "paths", l("/x")));
    }

    @Test
    void splitRouteIdsAreUuidV5OfTheOriginalId() {
        // lua-resty-jit-uuid README: factory_v5('e6ebd542-06ae-11e6-8e82-bba81706b27d')('hello')
        assertEquals("4850816f-1658-5890-8bfd-1ed14251f1f0", dev.kongsync.crypto.Uuid5.of("e6ebd542-06ae-11e6-8e82-bba81706b27d", "hello"));
        RouteMatchers m = route("split", "id", "e8fb37f1-102d-461e-9c51-6608a6bb8101", "paths", l("/foo", "/foo/bar/baz"));
        CompiledRoute r = new CompiledRoute(m, 0, Flavor.TRADITIONAL_COMPATIBLE);
        assertEquals(2, r.parts.size());
        assertEquals(dev.kongsync.crypto.Uuid5.of(Uuids.SPLIT_NAMESPACE, "e8fb37f1-102d-461e-9c51-6608a6bb8101#2"), r.parts.get(1).id);
    }
}
