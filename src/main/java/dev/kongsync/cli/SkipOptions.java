package dev.kongsync.cli;

import dev.kongsync.kind.EntityKind;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Kinds to leave alone: not read from Kong, not compared, not written (decK's --skip-consumers, and more). */
public final class SkipOptions {
    @Option(names = "--skip", paramLabel = "KIND", split = ",", converter = Choices.Kind.class,
            completionCandidates = Choices.Kind.class,
            description = "Leave this kind alone (consumer, certificate, vault, ...; repeatable), with what cannot "
                    + "exist without it (--skip consumer also skips credentials and consumer plugins).")
    List<String> kinds = new ArrayList<>();

    @Option(names = "--skip-consumers", description = "Same as --skip consumer (decK's option).")
    boolean skipConsumers;

    /** The kinds skipped, with those that depend on them; throws on an unknown kind. */
    Set<EntityKind> kinds() {
        List<String> names = new ArrayList<>(kinds);
        if (skipConsumers) {
            names.add("consumer");
        }
        for (String n : names) {
            if (EntityKind.all().stream().noneMatch(k -> k.name().equals(n))) {
                throw new IllegalArgumentException("--skip: unknown kind " + n + " (kinds: " + String.join(", ",
                        EntityKind.all().stream().map(EntityKind::name).toList()) + ")");
            }
        }
        return EntityKind.skipped(names);
    }
}
