package dev.kongsync.router;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry points: which route Kong picks for a request, and which routes collide.
 *
 * <pre>{@code
 * List<RouteMatchers> routes = ...; // RouteMatchers.of(routeFields, identity) for each route of kong.yml
 * Optional<Pick> p = RouterModel.pick(routes, Request.http("GET", "http://api.example/api/payments"),
 *         Flavor.TRADITIONAL_COMPATIBLE);
 * List<Finding> findings = RouterModel.analyze(routes, Flavor.TRADITIONAL_COMPATIBLE);
 * }</pre>
 */
public final class RouterModel {
    private RouterModel() {
    }

    /** The route Kong 3.9 picks for {@code request} among {@code routes} under {@code flavor}, if any matches. */
    public static Optional<Pick> pick(List<RouteMatchers> routes, Request request, Flavor flavor) {
        return router(routes, flavor, request.isStream()).pick(request);
    }

    /**
     * A router over {@code routes} built once, for many {@link #pick} questions: {@code picker.apply(request)} is
     * {@code pick(routes, request, flavor)}.
     */
    public static java.util.function.Function<Request, Optional<Pick>> picker(List<RouteMatchers> routes, Flavor flavor) {
        Router http = router(routes, flavor, false);
        Router stream = router(routes, flavor, true);
        return request -> (request.isStream() ? stream : http).pick(request);
    }

    /**
     * Identical, shadowed and overlapping routes among {@code routes}, ordered as the routes are (by the first route
     * of each finding, then the second).
     */
    public static List<Finding> analyze(List<RouteMatchers> routes, Flavor flavor) {
        List<Finding> out = new ArrayList<>();
        out.addAll(new Analyzer(router(routes, flavor, false), flavor).findings());
        out.addAll(new Analyzer(router(routes, flavor, true), flavor).findings());
        return out;
    }

    static Router router(List<RouteMatchers> routes, Flavor flavor, boolean stream) {
        List<CompiledRoute> compiled = new ArrayList<>();
        for (int i = 0; i < routes.size(); i++) {
            RouteMatchers m = routes.get(i);
            if (m.isStream() == stream) {
                compiled.add(new CompiledRoute(m, i, flavor));
            }
        }
        return Router.of(compiled, flavor);
    }
}
