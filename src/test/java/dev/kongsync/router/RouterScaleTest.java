package dev.kongsync.router;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.kongsync.router.Routes.l;
import static dev.kongsync.router.Routes.route;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * 5,000 generated routes, pairwise disjoint except for planted identical, shadowed and overlapping pairs: the
 * analysis finds exactly the planted ones. (Correctness only; the index keeps this fast.)
 */
class RouterScaleTest {
    private static final int PLANTED = 10;

    private static List<RouteMatchers> routes() {
        List<RouteMatchers> out = new ArrayList<>();
        for (int h = 0; h < 400; h++) {
            for (int k = 0; k < 10; k++) {
                String host = "svc" + h + ".example.com";
                if (k % 3 == 0) {
                    out.add(route("h" + h + "-re" + k, "hosts", l(host), "paths", l("~/re" + k + "/\\d+$")));
                } else {
                    out.add(route("h" + h + "-r" + k, "hosts", l(host), "paths", l("/r" + k + "/"),
                            "methods", l(k % 2 == 0 ? "GET" : "POST"),
                            "headers", k == 5 ? Map.of("x-version", l("2")) : Map.of()));
                }
            }
        }
        for (int t = 0; t < 50; t++) {
            out.add(route("wild" + t, "hosts", l("*.tenant" + t + ".example.net"), "paths", l("/t/")));
            out.add(route("prefix" + t, "hosts", l("tenant" + t + ".*"), "paths", l("/pt" + t + "/")));
        }
        for (int i = 0; out.size() < 5000 - 6 * PLANTED; i++) {
            out.add(route("public" + i, "paths", l("/public/p" + i + "/")));
        }
        for (int i = 0; i < PLANTED; i++) {
            String host = "planted" + i + ".example.org";
            out.add(route("dup" + i + "-a", "hosts", l(host), "paths", l("/dup/")));
            out.add(route("dup" + i + "-b", "hosts", l(host), "paths", l("/dup/")));
            out.add(route("pay" + i, "hosts", l(host), "paths", l("/api/pay")));
            out.add(route("pay" + i + "-regex", "hosts", l(host), "paths", l("~/api/pay.*")));
            out.add(route("shop" + i, "hosts", l(host), "paths", l("/shop")));
            out.add(route("shop" + i + "-cart", "hosts", l(host), "paths", l("/shop/cart")));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Flavor.class)
    void findsExactlyThePlantedCollisions(Flavor f) {
        List<RouteMatchers> routes = routes();
        assertEquals(5000, routes.size());
        Set<String> expected = new TreeSet<>();
        for (int i = 0; i < PLANTED; i++) {
            expected.add("IDENTICAL route dup" + i + "-a route dup" + i + "-b");
            expected.add("SHADOWED route pay" + i + "-regex route pay" + i);
            expected.add("OVERLAP route shop" + i + " route shop" + i + "-cart");
        }
        Set<String> found = new TreeSet<>();
        for (Finding x : RouterModel.analyze(routes, f)) {
            found.add(x.kind() + " " + x.a() + " " + x.b());
        }
        assertEquals(expected, found);
    }
}
