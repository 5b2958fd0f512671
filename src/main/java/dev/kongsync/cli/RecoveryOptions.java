package dev.kongsync.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** What a sync or an apply does after a failed write ({@code --on-error}), and what it keeps for undo ({@code --journal}). */
public final class RecoveryOptions {
    @Option(names = "--on-error", defaultValue = "stop", paramLabel = "stop|rollback",
            converter = Choices.OnError.class, completionCandidates = Choices.OnError.class,
            description = "After a failed write: stop (keep what was applied; the default) or rollback (restore every "
                    + "applied change from what Kong held before).")
    String onError;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Keep the applied changes with Kong's entities as they were before, for kongsync undo FILE. "
                    + "The file holds secret values as Kong stores them and is created readable by its owner only.")
    Path journal;

    boolean rollback() {
        return "rollback".equals(onError);
    }

    Path journal() {
        return journal;
    }
}
