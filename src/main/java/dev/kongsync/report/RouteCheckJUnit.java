package dev.kongsync.report;

import dev.kongsync.traffic.RouteCheck;
import dev.kongsync.traffic.RouteFinding;

import java.util.ArrayList;
import java.util.List;

/**
 * The route collision test cases of the JUnit report: one passing case when the routes do not collide; each
 * warning (overlaps of one route grouped) and each allowed collision a skipped case, so that CI tools show them
 * without failing. Errors are the report's error cases, like every error.
 */
final class RouteCheckJUnit {
    private static final String CLASS = "kongsync.route-collisions";

    private RouteCheckJUnit() {}

    static List<String> cases(RouteCheck c) {
        List<String> out = new ArrayList<>();
        if (c == null) {
            return out;
        }
        if (c.skipped() != null) {
            out.add(skipped("routes not checked", c.skipped()));
            return out;
        }
        if (c.findings().isEmpty() && c.shifts().isEmpty()) {
            out.add("    <testcase classname=\"" + CLASS + "\" name=\"routes of the files do not collide\"/>");
            return out;
        }
        for (Object o : c.warningItems()) {
            if (o instanceof RouteCheck.OverlapGroup g) {
                out.add(skipped(g.route().label() + " overlaps " + g.findings().size() + " routes", "warning: "
                        + g.message()));
            } else {
                RouteFinding f = (RouteFinding) o;
                out.add(skipped(name(f), "warning: " + f.message()));
            }
        }
        for (RouteFinding f : c.of(RouteFinding.Verdict.ALLOWED)) {
            out.add(skipped(name(f), "allowed: " + f.message()));
        }
        c.shifts().forEach(s -> out.add(skipped(s.route().label() + " " + s.direction().name().toLowerCase(
                java.util.Locale.ROOT) + " traffic", "warning: " + s.message())));
        return out;
    }

    private static String name(RouteFinding f) {
        return f.first().label() + (f.kind() == dev.kongsync.traffic.Collision.SHADOW ? " shadows " : " "
                + f.kind().word() + " ") + f.second().label();
    }

    private static String skipped(String name, String message) {
        return "    <testcase classname=\"" + CLASS + "\" name=\"" + JUnitReporter.xml(name) + "\">\n"
                + "      <skipped message=\"" + JUnitReporter.xml(message) + "\"/>\n    </testcase>";
    }
}
