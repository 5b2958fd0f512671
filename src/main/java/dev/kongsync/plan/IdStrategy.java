package dev.kongsync.plan;

import dev.kongsync.state.DesiredEntity;

import java.util.UUID;

/**
 * How the planner picks the id of an entity it creates (one that neither Kong holds nor the file gives an id):
 * children reference their parents by these ids before either exists. Entities Kong already holds always keep
 * their ids, whatever the strategy.
 */
@FunctionalInterface
public interface IdStrategy {
    /** A random UUID (version 4) per create: the default. */
    IdStrategy RANDOM = e -> UUID.randomUUID().toString();

    /** The same id for the same file in every Kong: {@link StableIds}, random only where no stable name exists. */
    IdStrategy STABLE = e -> {
        String id = StableIds.id(e);
        return id != null ? id : RANDOM.idFor(e);
    };

    String idFor(DesiredEntity entity);
}
