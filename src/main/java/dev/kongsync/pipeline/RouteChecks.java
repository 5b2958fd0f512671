package dev.kongsync.pipeline;

import dev.kongsync.concurrent.Background;
import dev.kongsync.kind.Kinds;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Report;
import dev.kongsync.router.Flavor;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.RefSpec;
import dev.kongsync.traffic.Collision;
import dev.kongsync.traffic.RouteCheck;
import dev.kongsync.traffic.RouteChecker;
import dev.kongsync.traffic.RouteFinding;
import dev.kongsync.traffic.RouteInputs;
import dev.kongsync.traffic.RouteRef;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The route collision stage: the files' routes checked with each other (validate), and with every route in Kong
 * outside the select-tag scope, other owners' routes (diff, sync), under Kong's router flavor; the outcome recorded
 * in the report: errors (with the file, line and field of the route to fix), warnings, and allowed collisions.
 */
public final class RouteChecks {
    private RouteChecks() {}

    /**
     * What the command line asks.
     *
     * @param failOn       the collisions that are errors ({@code --fail-on})
     * @param routerFlavor {@code --router-flavor}, or null: Kong's, or offline Kong 3.9's default
     * @param stableIds    creates get stable ids ({@code --stable-ids}), so the ids of new routes are known (they
     *                     decide ties between routes)
     */
    public record Settings(Set<Collision> failOn, String routerFlavor, boolean stableIds) {
        public Settings {
            failOn = Set.copyOf(failOn);
        }
    }

    /**
     * The kinds the online check needs whole (every route and service of Kong, not only the scope's): a plan that
     * reads them whole ({@link KongSession#plan(DesiredState, dev.kongsync.state.Coverage, Set)}) reads them once,
     * with its scope.
     */
    public static final Set<dev.kongsync.kind.EntityKind> READ_WHOLE = Set.of(Kinds.ROUTE, Kinds.SERVICE);

    /** The routes of one or more desired states (the owners of one Kong), with each other, offline. */
    public static RouteCheck offline(List<DesiredState> states, Settings s, Report report) {
        Flavor flavor = s.routerFlavor() == null ? Flavor.TRADITIONAL_COMPATIBLE : flavor(s.routerFlavor());
        String source = s.routerFlavor() == null ? "the default" : "--router-flavor";
        List<RouteChecker.Input> routes = new ArrayList<>();
        for (DesiredState d : states) {
            routes.addAll(RouteInputs.fromFiles(d, DesiredEntity::explicitId, spec -> null, e -> null));
        }
        RouteCheck c = RouteChecker.check(routes, null, flavor, source, s.failOn(), false);
        record(c, report);
        return c;
    }

    /**
     * The files' routes with each other and with every route Kong holds outside the select-tag scope (read without
     * the tag filter), for the plan just made in {@code session}; when the plan changes routes or services, also which
     * of the other owners' routes lose or gain traffic.
     */
    public static RouteCheck online(KongSession session, DesiredState desired, Plan plan, Settings s, Report report) {
        String kongFlavor = session.info().routerFlavor();
        RouteCheck c;
        if (s.routerFlavor() == null && kongFlavor != null && !isModelled(kongFlavor)) {
            c = RouteCheck.skipped(kongFlavor, "Kong", s.failOn(), true, "Kong runs router_flavor " + kongFlavor
                    + ", which the router model does not cover (only traditional_compatible and traditional)");
        } else {
            Flavor flavor = s.routerFlavor() != null ? flavor(s.routerFlavor())
                    : kongFlavor != null ? Flavor.of(kongFlavor) : Flavor.TRADITIONAL_COMPATIBLE;
            String source = s.routerFlavor() != null ? "--router-flavor" + (kongFlavor != null
                    && !kongFlavor.equals(flavor.kongName()) ? " (Kong runs " + kongFlavor + ")" : "")
                    : kongFlavor != null ? "Kong" : "the default (Kong does not say)";
            c = session.timings().time("routes", () -> check(session, desired, plan, s, flavor, source));
        }
        record(c, report);
        return c;
    }

    private static RouteCheck check(KongSession session, DesiredState desired, Plan plan, Settings s, Flavor flavor,
                                    String source) {
        CurrentState scope = session.lastRead();
        List<Map<String, Object>> kongRoutes;
        List<Map<String, Object>> kongServices;
        if (desired.selectTags().isEmpty()) {
            kongRoutes = List.of();
            kongServices = scope.of(Kinds.SERVICE).stream().map(CurrentEntity::fields).toList();
        } else if (scope.whole(Kinds.ROUTE) != null && scope.whole(Kinds.SERVICE) != null) {
            kongRoutes = scope.whole(Kinds.ROUTE);
            kongServices = scope.whole(Kinds.SERVICE);
        } else {
            Background.Task<List<Map<String, Object>>> routes = Background.start("kongsync-routes",
                    () -> session.client().listAll(Kinds.ROUTE.collection(), List.of()));
            kongServices = session.client().listAll(Kinds.SERVICE.collection(), List.of());
            kongRoutes = routes.join();
        }
        Map<String, Map<String, Object>> servicesById = new HashMap<>();
        Map<String, Map<String, Object>> servicesByName = new HashMap<>();
        for (Map<String, Object> svc : kongServices) {
            servicesById.put(String.valueOf(svc.get("id")), svc);
            if (svc.get("name") != null) {
                servicesByName.put(svc.get("name").toString(), svc);
            }
        }
        List<Map<String, Object>> others = kongRoutes.stream().filter(r -> !hasAll(r.get("tags"), desired.selectTags()))
                .toList();
        List<RouteChecker.Input> otherInputs = RouteInputs.fromKong(others, servicesById, RouteRef.Side.OTHERS);

        Map<String, CurrentEntity> existing = new HashMap<>();
        scope.of(Kinds.ROUTE).forEach(r -> existing.put(r.label() == null ? r.id() : r.label(), r));
        Map<String, String> planned = new HashMap<>();
        for (Operation op : plan.operations()) {
            if (op.kind() == Kinds.ROUTE && op.label() != null && (op.action() == Action.UPDATE
                    || op.action() == Action.CREATE && s.stableIds())) {
                planned.put(op.label(), op.id());
            }
        }
        Function<DesiredEntity, String> ids = d -> {
            if (d.explicitId() != null) {
                return d.explicitId();
            }
            if (planned.containsKey(d.label())) {
                return planned.get(d.label());
            }
            CurrentEntity c = existing.get(d.label());
            return c == null ? null : c.id();
        };
        Function<DesiredEntity, Object> createdAt = d -> {
            String id = ids.apply(d);
            CurrentEntity c = id == null ? null : scope.byId(id);
            return c == null ? null : c.fields().get("created_at");
        };
        Function<RefSpec, Map<String, Object>> kongService = spec -> spec.id() != null ? servicesById.get(spec.id())
                : servicesByName.get(spec.value());
        List<RouteChecker.Input> after = new ArrayList<>(RouteInputs.fromFiles(desired, ids, kongService, createdAt));
        after.addAll(otherInputs);
        List<RouteChecker.Input> before = null;
        boolean touchesRoutes = plan.operations().stream().anyMatch(op -> op.kind() == Kinds.ROUTE
                || op.kind() == Kinds.SERVICE && op.action() != Action.CREATE);
        if (touchesRoutes && !others.isEmpty()) {
            Map<String, Map<String, Object>> allServices = new LinkedHashMap<>(servicesById);
            scope.of(Kinds.SERVICE).forEach(svc -> allServices.putIfAbsent(svc.id(), svc.fields()));
            before = new ArrayList<>(RouteInputs.fromKong(scope.of(Kinds.ROUTE).stream().map(CurrentEntity::fields)
                    .toList(), allServices, RouteRef.Side.SCOPE));
            before.addAll(otherInputs);
        }
        return RouteChecker.check(after, before, flavor, source, s.failOn(), true);
    }

    /** Errors (at the route of the files to fix), warnings and allowed collisions, into the report. */
    static void record(RouteCheck c, Report report) {
        report.routeCheck(c);
        String failOn = String.join(",", c.failOn().stream().sorted().map(Collision::word).toList());
        for (RouteFinding f : c.errors()) {
            RouteRef at = f.fileSide();
            report.error(new Report.Error(f.message() + " [an error under --fail-on " + failOn + "; the tag "
                    + f.kind().allowTag() + " on either route allows it]", at.file(), at.line(), at.column(),
                    at.field()));
        }
        for (String w : c.warningLines()) {
            if (!report.warnings().contains(w)) {
                report.warnings().add(w);
            }
        }
        for (RouteFinding f : c.of(RouteFinding.Verdict.ALLOWED)) {
            report.notes().add("allowed: " + f.message());
        }
    }

    private static boolean isModelled(String routerFlavor) {
        try {
            Flavor.of(routerFlavor);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Flavor flavor(String option) {
        try {
            return Flavor.of(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--router-flavor: " + e.getMessage());
        }
    }

    private static boolean hasAll(Object tags, List<String> wanted) {
        return tags instanceof Collection<?> c && c.containsAll(wanted);
    }
}
