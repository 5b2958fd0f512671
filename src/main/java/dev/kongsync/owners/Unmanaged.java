package dev.kongsync.owners;

import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;

import java.util.ArrayList;
import java.util.List;

/**
 * Entities in Kong that no select-tag scope owns: they carry no owner tag (no tag, or only kongsync's own
 * {@code kongsync:} tags), so only a file without select tags, which manages all of Kong, can manage them.
 */
public final class Unmanaged {
    private Unmanaged() {}

    public static List<CurrentEntity> of(CurrentState all) {
        List<CurrentEntity> out = new ArrayList<>();
        for (CurrentEntity e : all.all()) {
            if (OwnerTags.of(e.fields().get("tags")).isEmpty()) {
                out.add(e);
            }
        }
        return out;
    }

    /** "2 entities in Kong carry no owner tag (unmanaged): service legacy, route 3f2c...". */
    public static String describe(List<CurrentEntity> unmanaged) {
        List<String> names = unmanaged.stream().map(e -> e.kind().name() + " " + (e.label() == null ? e.id() : e.label()))
                .toList();
        return unmanaged.size() + (unmanaged.size() == 1 ? " entity" : " entities") + " in Kong "
                + (unmanaged.size() == 1 ? "carries" : "carry") + " no owner tag (unmanaged: no select-tag scope owns "
                + (unmanaged.size() == 1 ? "it" : "them") + ")" + (names.isEmpty() ? "" : ": " + String.join(", ", names));
    }
}
