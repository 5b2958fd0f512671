package dev.kongsync.owners;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The tags that say who owns an entity: its tags but kongsync's own directives ({@code kongsync:allow-overlap} and
 * the like), which no select-tag scope uses.
 */
public final class OwnerTags {
    /** The prefix of kongsync's own tags. */
    public static final String KONGSYNC_PREFIX = "kongsync:";

    private OwnerTags() {}

    /** The owner tags among {@code tags} and {@code more} (a route's and its service's), sorted. */
    public static List<String> of(Collection<String> tags, Collection<String> more) {
        TreeSet<String> out = new TreeSet<>();
        for (Collection<String> c : List.of(tags, more)) {
            c.stream().filter(t -> !t.startsWith(KONGSYNC_PREFIX)).forEach(out::add);
        }
        return List.copyOf(out);
    }

    /** The owner tags of an entity's {@code tags} value as Kong or a file holds it (a list, or null). */
    public static List<String> of(Object tags) {
        List<String> all = new ArrayList<>();
        if (tags instanceof Collection<?> c) {
            c.forEach(t -> all.add(String.valueOf(t)));
        }
        return of(all, List.of());
    }
}
