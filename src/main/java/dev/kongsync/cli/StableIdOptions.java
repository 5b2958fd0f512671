package dev.kongsync.cli;

import dev.kongsync.plan.IdStrategy;
import picocli.CommandLine.Option;

/** How created entities get their ids. */
public final class StableIdOptions {
    @Option(names = "--stable-ids",
            description = "Give every created entity a name-based id (UUIDv5 of its kind and natural key, go-kong's "
                    + "rule), the same for the same file in every Kong; entities Kong holds keep theirs. A create "
                    + "whose id Kong already holds outside the select tags is refused.")
    boolean stableIds;

    IdStrategy strategy() {
        return stableIds ? IdStrategy.STABLE : IdStrategy.RANDOM;
    }
}
