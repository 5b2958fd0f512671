package dev.kongsync.router;

import java.util.Objects;

/**
 * A collision between two routes, with a request that shows it.
 *
 * @param kind          what kind of collision
 * @param a             for {@link Kind#SHADOWED} the route that takes the traffic; otherwise the first of the pair in
 *                      input order
 * @param b             for {@link Kind#SHADOWED} the route that never receives traffic; otherwise the second
 * @param sampleRequest a request both routes match (for SHADOWED: one {@code b} matches)
 * @param winner        the route Kong picks for {@code sampleRequest} among all the analysed routes
 * @param evidence      whether the finding is decided for every request, or rests on sampled requests
 * @param detail        why, in a few words (which rule ranks one route above the other)
 */
public record Finding(Kind kind, RouteMatchers a, RouteMatchers b, Request sampleRequest, Pick winner,
                      Evidence evidence, String detail) {

    public enum Kind {
        /** Both routes have the same matchers after normalization: which one Kong picks is arbitrary. */
        IDENTICAL,
        /** Every request {@code b} matches goes to {@code a} (or to a route above both): {@code b} is dead. */
        SHADOWED,
        /** Some requests match both routes; {@link Finding#winner()} says who gets {@link Finding#sampleRequest()}. */
        OVERLAP
    }

    public enum Evidence {
        /** Decided by reading the matchers (and, for overlaps, shown by the sample request). */
        DECIDED,
        /** Regexes (or, under traditional, the router's candidate indexes) left the question to sampled requests. */
        SAMPLED
    }

    public enum Severity { ERROR, WARNING }

    public Finding {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(a);
        Objects.requireNonNull(b);
        Objects.requireNonNull(sampleRequest);
        Objects.requireNonNull(winner);
        Objects.requireNonNull(evidence);
    }

    /** IDENTICAL and decided SHADOWED findings are errors; sampled shadows and overlaps are warnings. */
    public Severity severity() {
        if (kind == Kind.IDENTICAL || (kind == Kind.SHADOWED && evidence == Evidence.DECIDED)) {
            return Severity.ERROR;
        }
        return Severity.WARNING;
    }

    /** A one-line description, e.g. "route a shadows route b: GET http://x/p always goes to route a (...)". */
    public String message() {
        String ev = evidence == Evidence.SAMPLED ? " [sampled]" : "";
        String goes = winner.arbitrary()
                ? "goes to " + winner.route() + " or " + String.join(" or ", winner.alternatives().stream().map(Object::toString).toList())
                : "goes to " + winner.route();
        return switch (kind) {
            case IDENTICAL -> a + " and " + b + " have identical matchers: " + sampleRequest + " " + goes + " ("
                    + detail + ")" + ev;
            case SHADOWED -> a + " shadows " + b + ": " + sampleRequest + " always " + goes + " (" + detail + ")" + ev;
            case OVERLAP -> a + " and " + b + " overlap: " + sampleRequest + " " + goes + " (" + detail + ")" + ev;
        };
    }

    @Override
    public String toString() {
        return severity() + " " + kind + ": " + message();
    }
}
