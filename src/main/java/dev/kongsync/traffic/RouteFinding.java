package dev.kongsync.traffic;

import java.util.List;

/**
 * A collision between a route of the files and another route (of the files, or in Kong), judged under
 * {@code --fail-on} and the opt-out tags.
 *
 * @param kind      identical, shadow or overlap
 * @param verdict   error, warning or allowed
 * @param first     for a shadow, the route that takes the traffic; otherwise the first of the pair
 * @param second    for a shadow, the route that never receives traffic; otherwise the second
 * @param request   a request both match (for a shadow: one the shadowed route matches)
 * @param winner    the route Kong picks for it among all routes checked
 * @param tiedWith  routes Kong may pick instead of {@code winner} (a tie kongsync cannot decide), else empty
 * @param sampled   the finding rests on sampled requests (regexes), not on a decision over every request
 * @param detail    why, in a few words
 * @param allowedBy the opt-out tag that allows it, or null
 * @param shifts    the traffic another owner's route loses with it
 */
public record RouteFinding(Collision kind, Verdict verdict, RouteRef first, RouteRef second, String request,
                           RouteRef winner, List<RouteRef> tiedWith, boolean sampled, String detail, String allowedBy,
                           List<TrafficShift> shifts) {

    public enum Verdict {
        /** Fails validate, diff and sync (under {@code --fail-on}): nothing is written. */
        ERROR,
        /** Reported; does not fail. */
        WARNING,
        /** Allowed by an opt-out tag on one of the routes: reported, never fails. */
        ALLOWED
    }

    public RouteFinding {
        tiedWith = List.copyOf(tiedWith);
        shifts = List.copyOf(shifts);
    }

    /** "route a (f.yml:3:5) shadows route b (in Kong: ...): every request route b matches goes to route a, ...". */
    public String message() {
        String goes = tiedWith.isEmpty() ? "goes to " + winner.label()
                : "goes to " + winner.label() + " or " + String.join(" or ", tiedWith.stream().map(RouteRef::label).toList());
        StringBuilder sb = new StringBuilder(switch (kind) {
            case IDENTICAL -> first.describe() + " and " + second.describe() + " have identical matchers: " + request
                    + " " + goes;
            case SHADOW -> first.describe() + " shadows " + second.describe() + ": " + second.label()
                    + " never receives traffic; " + request + " " + goes;
            case OVERLAP -> first.describe() + " and " + second.describe() + " overlap: " + request + " " + goes;
        });
        if (detail != null && !detail.isEmpty()) {
            sb.append(" (").append(detail).append(')');
        }
        if (sampled) {
            sb.append(" [shown by sampled requests, not decided for every request]");
        }
        for (TrafficShift s : shifts) {
            sb.append("; ").append(s.route().label()).append(' ').append(s.certain() ? "would " : "may ")
                    .append(s.direction() == TrafficShift.Direction.LOSES ? "lose" : "gain").append(" this traffic");
        }
        if (allowedBy != null) {
            sb.append(" (allowed by the tag ").append(allowedBy).append(')');
        }
        return sb.toString();
    }

    /** The route of the files an error about this finding points at: the one to fix. */
    public RouteRef fileSide() {
        if (second.side() == RouteRef.Side.FILES) {
            return second;
        }
        return first.side() == RouteRef.Side.FILES ? first : null;
    }

    /** Whether the pair involves a route in Kong outside the select-tag scope (another owner's). */
    public boolean crossesOwners() {
        return first.side() == RouteRef.Side.OTHERS || second.side() == RouteRef.Side.OTHERS;
    }
}
