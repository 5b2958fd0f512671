package dev.kongsync.router;

import java.util.List;

/**
 * The route Kong picks for a request.
 *
 * @param route        the route picked (when {@link #arbitrary()}, the model's guess among the tied routes)
 * @param alternatives routes Kong may pick instead because the tie between them and {@code route} is decided by
 *                     something kongsync cannot know in advance (route ids, creation times); empty when the pick is
 *                     certain
 * @param reason       why this route wins, e.g. "regex_priority 10 ranks above a plain path", or what the tie
 *                     depends on
 */
public record Pick(RouteMatchers route, List<RouteMatchers> alternatives, String reason) {
    public Pick {
        alternatives = List.copyOf(alternatives);
    }

    /** Whether Kong's choice among {@code route} and {@link #alternatives()} is not knowable from the configuration. */
    public boolean arbitrary() {
        return !alternatives.isEmpty();
    }

    @Override
    public String toString() {
        return arbitrary() ? "arbitrary between " + route + " and " + alternatives + " (" + reason + ")"
                : route + " (" + reason + ")";
    }
}
