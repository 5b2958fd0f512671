package dev.kongsync.report;

import dev.kongsync.traffic.Collision;
import dev.kongsync.traffic.RouteCheck;
import dev.kongsync.traffic.RouteFinding;
import dev.kongsync.traffic.RouteRef;
import dev.kongsync.traffic.TrafficShift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The route collision section of the Markdown report: for a pull-request comment, every route of any owner whose
 * traffic the change takes or gives, and every collision of the files' routes, errors first.
 */
final class RouteCheckMarkdown {
    private RouteCheckMarkdown() {}

    static void append(StringBuilder md, RouteCheck c) {
        if (c == null) {
            return;
        }
        md.append("#### Route collisions\n\n");
        if (c.skipped() != null) {
            md.append("Not checked: ").append(escape(c.skipped())).append(".\n\n");
            return;
        }
        String checked = c.fileRoutes() + (c.fileRoutes() == 1 ? " route" : " routes") + " of the files"
                + (c.againstKong() ? " against " + c.kongRoutes()
                + (c.kongRoutes() == 1 ? " route" : " routes") + " of other owners in Kong" : "")
                + " (router_flavor `" + c.flavor() + "`, from " + c.flavorSource() + "; errors: "
                + (c.failOn().isEmpty() ? "none" : String.join(", ", c.failOn().stream().sorted().map(Collision::word)
                .toList())) + ")";
        List<RouteFinding> shown = new ArrayList<>(c.errors());
        List<RouteCheck.OverlapGroup> groups = new ArrayList<>();
        for (Object o : c.warningItems()) {
            if (o instanceof RouteCheck.OverlapGroup g) {
                groups.add(g);
            } else {
                shown.add((RouteFinding) o);
            }
        }
        shown.addAll(c.of(RouteFinding.Verdict.ALLOWED));
        if (shown.isEmpty() && groups.isEmpty() && c.shifts().isEmpty() && c.notChecked().isEmpty()) {
            md.append("No collisions: checked ").append(checked).append(".\n\n");
            return;
        }
        md.append("Checked ").append(checked).append(".\n\n");
        List<TrafficShift> shifts = new ArrayList<>();
        c.findings().forEach(f -> shifts.addAll(f.shifts()));
        shifts.addAll(c.shifts());
        if (!shifts.isEmpty()) {
            md.append("**Traffic of other owners' routes**\n\n");
            for (TrafficShift s : shifts) {
                md.append("- ").append(route(s.route())).append(s.certain() ? " would " : " may ")
                        .append(s.direction() == TrafficShift.Direction.LOSES ? "**lose** " : "**gain** ")
                        .append(code(s.request()));
                if (s.other() != null) {
                    md.append(s.direction() == TrafficShift.Direction.LOSES ? " to " : ", which went to ")
                            .append(route(s.other())).append(s.direction() == TrafficShift.Direction.LOSES ? "" : " before");
                }
                md.append('\n');
            }
            md.append('\n');
        }
        if (!shown.isEmpty()) {
            md.append("| | collision | routes | request | goes to |\n| --- | --- | --- | --- | --- |\n");
            for (RouteFinding f : shown) {
                String verdict = f.verdict().name().toLowerCase(Locale.ROOT);
                String routes = switch (f.kind()) {
                    case SHADOW -> route(f.first()) + " shadows " + route(f.second());
                    default -> route(f.first()) + " and " + route(f.second());
                };
                String goes = code(f.winner().label()) + (f.tiedWith().isEmpty() ? "" : " or "
                        + String.join(" or ", f.tiedWith().stream().map(r -> code(r.label())).toList()));
                String note = (f.sampled() ? " (sampled)" : "") + (f.allowedBy() == null ? "" : " (" + code(f.allowedBy()) + ")");
                md.append("| ").append(f.verdict() == RouteFinding.Verdict.ERROR ? "**error**" : verdict).append(" | ")
                        .append(f.kind().word()).append(note).append(" | ").append(routes).append(" | ")
                        .append(code(f.request())).append(" | ").append(goes).append(" |\n");
            }
            md.append('\n');
        }
        for (RouteCheck.OverlapGroup g : groups) {
            md.append("<details><summary>").append(escape(g.route().label())).append(" overlaps ")
                    .append(g.findings().size()).append(" routes (warnings)</summary>\n\n");
            for (RouteFinding f : g.findings()) {
                RouteRef other = f.first() == g.route() ? f.second() : f.first();
                md.append("- ").append(route(other)).append(": ").append(code(f.request())).append(" goes to ")
                        .append(code(f.winner().label())).append('\n');
            }
            md.append("\n</details>\n\n");
        }
        for (String n : c.notChecked()) {
            md.append("- not checked: ").append(escape(n)).append('\n');
        }
        if (!c.notChecked().isEmpty()) {
            md.append('\n');
        }
    }

    private static String route(RouteRef r) {
        if (r.side() == RouteRef.Side.FILES) {
            return code(r.label()) + " (" + code(r.source()) + ")";
        }
        return code(r.label()) + " (Kong" + (r.service() == null ? "" : ", service " + code(r.service()))
                + ", owner tags " + (r.ownerTags().isEmpty() ? "none" : code(String.join(", ", r.ownerTags()))) + ")";
    }

    private static String code(String s) {
        String t = s.replace("|", "\\|").replace("\n", " ");
        return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }
}
