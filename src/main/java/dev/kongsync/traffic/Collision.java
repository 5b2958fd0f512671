package dev.kongsync.traffic;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The kinds of route collisions, by the names {@code --fail-on} and the opt-out tags use. */
public enum Collision {
    /** Two routes with the same matchers: which one Kong picks is arbitrary. */
    IDENTICAL,
    /** A route that never receives traffic: a route Kong ranks higher takes every request it matches. */
    SHADOW,
    /** Some requests match both routes; one wins them. */
    OVERLAP;

    /** The tag prefix of kongsync's opt-outs: a route tagged {@code kongsync:allow-overlap} allows its overlaps. */
    public static final String ALLOW_PREFIX = dev.kongsync.owners.OwnerTags.KONGSYNC_PREFIX + "allow-";

    /** The default of {@code --fail-on}: identical matchers and shadowed routes are errors, overlaps warnings. */
    public static final Set<Collision> DEFAULT_FAIL_ON = Set.copyOf(EnumSet.of(IDENTICAL, SHADOW));

    /** "identical", "shadow", "overlap". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The tag that allows collisions of this kind for the route that carries it. */
    public String allowTag() {
        return ALLOW_PREFIX + word();
    }

    /**
     * The kinds {@code --fail-on} names: {@code identical}, {@code shadow}, {@code overlap} (also {@code shadowed},
     * {@code overlaps}), or {@code none}.
     *
     * @throws IllegalArgumentException for another value
     */
    public static Set<Collision> parse(List<String> values) {
        Set<Collision> out = EnumSet.noneOf(Collision.class);
        for (String v : values) {
            String w = v.trim().toLowerCase(Locale.ROOT);
            switch (w) {
                case "identical" -> out.add(IDENTICAL);
                case "shadow", "shadowed" -> out.add(SHADOW);
                case "overlap", "overlaps" -> out.add(OVERLAP);
                case "none" -> {
                }
                default -> throw new IllegalArgumentException("--fail-on takes identical, shadow, overlap or none, got "
                        + v);
            }
        }
        return Set.copyOf(out);
    }
}
