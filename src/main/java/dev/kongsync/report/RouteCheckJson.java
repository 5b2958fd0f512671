package dev.kongsync.report;

import dev.kongsync.traffic.Collision;
import dev.kongsync.traffic.RouteCheck;
import dev.kongsync.traffic.RouteFinding;
import dev.kongsync.traffic.RouteRef;
import dev.kongsync.traffic.TrafficShift;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The {@code route_check} object of the JSON report (README, "JSON output"). */
final class RouteCheckJson {
    private RouteCheckJson() {}

    static Map<String, Object> of(RouteCheck c) {
        if (c == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("router_flavor", c.flavor());
        m.put("router_flavor_from", c.flavorSource());
        m.put("fail_on", c.failOn().stream().sorted().map(Collision::word).toList());
        Map<String, Object> routes = new LinkedHashMap<>();
        routes.put("files", c.fileRoutes());
        routes.put("kong", c.againstKong() ? c.kongRoutes() : null);
        m.put("routes", routes);
        m.put("skipped", c.skipped());
        Map<String, Object> summary = new LinkedHashMap<>();
        for (RouteFinding.Verdict v : RouteFinding.Verdict.values()) {
            summary.put(word(v), c.of(v).size());
        }
        m.put("summary", summary);
        m.put("findings", c.findings().stream().map(RouteCheckJson::finding).toList());
        m.put("traffic", c.shifts().stream().map(RouteCheckJson::shift).toList());
        m.put("not_checked", c.notChecked());
        return m;
    }

    private static Map<String, Object> finding(RouteFinding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", f.kind().word());
        m.put("verdict", word(f.verdict()));
        m.put("message", f.message());
        m.put("routes", List.of(route(f.first()), route(f.second())));
        m.put("request", f.request());
        m.put("winner", route(f.winner()));
        m.put("tied_with", f.tiedWith().stream().map(RouteCheckJson::route).toList());
        m.put("evidence", f.sampled() ? "sampled" : "decided");
        m.put("detail", f.detail());
        m.put("allowed_by", f.allowedBy());
        m.put("traffic", f.shifts().stream().map(RouteCheckJson::shift).toList());
        return m;
    }

    private static Map<String, Object> shift(TrafficShift s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("route", route(s.route()));
        m.put("direction", s.direction().name().toLowerCase(Locale.ROOT));
        m.put("certain", s.certain());
        m.put("request", s.request());
        m.put("other", s.other() == null ? null : route(s.other()));
        m.put("message", s.message());
        return m;
    }

    static Map<String, Object> route(RouteRef r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", "route");
        m.put("name", r.name());
        m.put("id", r.id());
        m.put("side", r.side().word());
        m.put("owner_tags", r.ownerTags());
        m.put("service", r.service());
        m.put("source", r.source());
        m.put("field", r.field());
        return m;
    }

    private static String word(RouteFinding.Verdict v) {
        return v.name().toLowerCase(Locale.ROOT);
    }
}
