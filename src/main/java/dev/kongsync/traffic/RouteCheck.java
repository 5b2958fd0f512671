package dev.kongsync.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a route check found: the collisions of the files' routes with each other and with the routes of other owners
 * in Kong, judged under {@code --fail-on}; traffic other owners' routes gain or lose with the change; routes the
 * model could not read.
 *
 * @param flavor       the router flavor checked ({@code traditional_compatible}, {@code traditional})
 * @param flavorSource where the flavor came from: "Kong", "--router-flavor", or "the default"
 * @param failOn       the collisions that are errors
 * @param againstKong  whether the routes of other owners in Kong were read (diff, sync), or only the files' checked
 * @param fileRoutes   routes of the files checked
 * @param kongRoutes   routes in Kong outside the select-tag scope checked against them
 * @param findings     collisions, each involving at least one route of the files
 * @param shifts       traffic other owners' routes gain or lose that no finding shows: through a route the change
 *                     removes or changes
 * @param notChecked   routes left out, with why (a regex the model cannot compile)
 * @param skipped      why no check was made (a router flavor the model does not cover), else null
 */
public record RouteCheck(String flavor, String flavorSource, Set<Collision> failOn, boolean againstKong,
                         int fileRoutes, int kongRoutes,
                         List<RouteFinding> findings, List<TrafficShift> shifts, List<String> notChecked,
                         String skipped) {

    /** More overlap warnings than this on one route are summed up in one line. */
    static final int GROUP_ABOVE = 3;

    public RouteCheck {
        failOn = Set.copyOf(failOn);
        findings = List.copyOf(findings);
        shifts = List.copyOf(shifts);
        notChecked = List.copyOf(notChecked);
    }

    /** No check made, and why. */
    public static RouteCheck skipped(String flavor, String flavorSource, Set<Collision> failOn, boolean againstKong,
                                     String why) {
        return new RouteCheck(flavor, flavorSource, failOn, againstKong, 0, 0, List.of(), List.of(), List.of(), why);
    }

    public List<RouteFinding> errors() {
        return of(RouteFinding.Verdict.ERROR);
    }

    public List<RouteFinding> of(RouteFinding.Verdict verdict) {
        return findings.stream().filter(f -> f.verdict() == verdict).toList();
    }

    /** Overlap warnings of one route, summed up: a host-less catch-all overlaps every route. */
    public record OverlapGroup(RouteRef route, List<RouteFinding> findings) {
        /** The routes it overlaps. */
        public List<RouteRef> others() {
            return findings.stream().map(f -> f.first() == route ? f.second() : f.first()).toList();
        }

        public String message() {
            List<String> names = others().stream().map(RouteRef::label).toList();
            String listed = names.size() <= 3 ? String.join(", ", names)
                    : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
            RouteFinding e = findings.get(0);
            return route.describe() + " overlaps " + names.size() + " routes: " + listed + " (for example "
                    + e.request() + " goes to " + e.winner().label() + ")";
        }
    }

    /**
     * The warnings as a reader wants them: each overlap warning on its own, except that a route with more than
     * {@value #GROUP_ABOVE} of them gets one group; shadows, identical matchers that are only warnings, and overlaps
     * that move another owner's traffic stay single.
     */
    public List<Object> warningItems() {
        List<RouteFinding> warnings = of(RouteFinding.Verdict.WARNING);
        Map<RouteRef, Integer> count = new IdentityHashMap<>();
        for (RouteFinding f : warnings) {
            if (groupable(f)) {
                count.merge(f.first(), 1, Integer::sum);
                count.merge(f.second(), 1, Integer::sum);
            }
        }
        Map<RouteRef, List<RouteFinding>> groups = new LinkedHashMap<>();
        List<Object> out = new ArrayList<>();
        for (RouteFinding f : warnings) {
            RouteRef by = !groupable(f) ? null
                    : count.get(f.first()) >= count.get(f.second()) ? f.first() : f.second();
            if (by != null && count.get(by) > GROUP_ABOVE) {
                List<RouteFinding> g = groups.get(by);
                if (g == null) {
                    g = new ArrayList<>();
                    groups.put(by, g);
                    out.add(by);
                }
                g.add(f);
            } else {
                out.add(f);
            }
        }
        out.replaceAll(o -> o instanceof RouteRef r ? new OverlapGroup(r, groups.get(r)) : o);
        return out;
    }

    /** An overlap that moves no other owner's traffic: one of many a catch-all route has. */
    private static boolean groupable(RouteFinding f) {
        return f.kind() == Collision.OVERLAP && f.shifts().isEmpty();
    }

    /** The warning lines of a text report: findings, groups, traffic shifts and routes left out. */
    public List<String> warningLines() {
        List<String> out = new ArrayList<>();
        if (skipped != null) {
            out.add("routes not checked for collisions: " + skipped);
            return out;
        }
        for (Object o : warningItems()) {
            out.add(o instanceof OverlapGroup g ? g.message() : ((RouteFinding) o).message());
        }
        shifts.stream().sorted(Comparator.comparing(s -> s.route().label())).forEach(s -> out.add(s.message()));
        notChecked.forEach(n -> out.add("not checked for collisions: " + n));
        return out;
    }
}
