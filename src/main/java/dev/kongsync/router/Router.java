package dev.kongsync.router;

import java.util.List;
import java.util.Optional;

/** One flavor's router over the routes of one subsystem (http or stream), as Kong builds it. */
interface Router {
    /** The route Kong picks for the request, if any. */
    Optional<Pick> pick(Request r);

    /** Every part the router files, in no particular order. */
    List<Part> parts();

    /**
     * Whether {@code winner} is always tried before {@code loser} when both match a request, as far as the flavor's
     * static order tells; the text says why, or null when it is not (or not certainly) so.
     */
    String ranksAbove(Part winner, Part loser);

    /** Whether the relation returned by {@link #ranksAbove} holds for every request without reservation. */
    boolean rankIsCertain(Part winner, Part loser);

    static Router of(List<CompiledRoute> routes, Flavor flavor) {
        return flavor == Flavor.TRADITIONAL ? new TraditionalRouter(routes) : new AtcRouter(routes);
    }
}
