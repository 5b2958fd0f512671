package dev.kongsync.router;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Test helpers: routes from Kong field names, and assertions on picks. */
final class Routes {
    private Routes() {
    }

    /** {@code route("r1", "hosts", List.of("a.test"), "paths", List.of("/x"))}. */
    static RouteMatchers route(String label, Object... fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fields.length; i += 2) {
            m.put((String) fields[i], fields[i + 1]);
        }
        return RouteMatchers.of(m, new RouteIdentity("route " + label, "team-" + label, "kong.yml#" + label));
    }

    static List<String> l(String... values) {
        return Arrays.asList(values);
    }

    static Request get(String url) {
        return Request.http("GET", url);
    }

    /** Asserts Kong picks {@code expected} for the request, for certain. */
    static Pick assertPick(List<RouteMatchers> routes, Request r, Flavor f, RouteMatchers expected) {
        Pick p = RouterModel.pick(routes, r, f).orElseThrow(() -> new AssertionError("no route for " + r));
        assertEquals(expected.identity().label(), p.route().identity().label(), () -> f + " " + r + ": " + p);
        assertFalse(p.arbitrary(), () -> f + " " + r + ": " + p);
        return p;
    }

    static void assertNoPick(List<RouteMatchers> routes, Request r, Flavor f) {
        assertTrue(RouterModel.pick(routes, r, f).isEmpty(), () -> f + " " + r + " should match nothing");
    }
}
