package dev.kongsync.traffic;

/**
 * Traffic another owner's route (one in Kong outside the select-tag scope) would lose or gain with the change.
 *
 * @param route     the route whose traffic changes
 * @param direction whether it loses or gains the request
 * @param certain   false when Kong's pick before or after is a tie kongsync cannot know (route ids, creation times)
 * @param request   a request that shows it
 * @param other     the route that gets the request instead (losing) or had it before (gaining); null when no route
 *                  matched it before
 */
public record TrafficShift(RouteRef route, Direction direction, boolean certain, String request, RouteRef other) {

    public enum Direction { LOSES, GAINS }

    /** "route payments (in Kong: ...) would lose GET http://api/x to route a (kong/pr.yml:3:5)". */
    public String message() {
        String may = certain ? "would " : "may ";
        return switch (direction) {
            case LOSES -> route.describe() + " " + may + "lose " + request + " to " + (other == null ? "no route"
                    : other.describe());
            case GAINS -> route.describe() + " " + may + "gain " + request + (other == null ? ", which no route took before"
                    : ", which went to " + other.describe() + " before");
        };
    }
}
