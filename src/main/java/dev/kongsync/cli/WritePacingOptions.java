package dev.kongsync.cli;

import dev.kongsync.apply.AdaptivePacing;
import dev.kongsync.apply.Pacing;
import dev.kongsync.pipeline.KongSession;
import picocli.CommandLine.Option;

/** How fast a writing command (sync, apply, reset, undo) writes: {@code --parallelism} and {@code --rps}. */
public final class WritePacingOptions {
    /** The most writes {@code auto} puts in flight. */
    static final int AUTO_MAX = 64;

    @Option(names = "--parallelism", defaultValue = "auto", paramLabel = "auto|N",
            converter = Choices.Parallelism.class,
            description = "Writes in flight at once: auto (the default) starts at 10 and follows Kong, growing while "
                    + "its throughput grows and backing off when its latency climbs or it answers 429/503 (at most "
                    + AUTO_MAX + "); or a fixed number. Reads use the same number (10 for auto). Kong's check of "
                    + "the entities before the first write follows Kong as auto does, at most 4 x N in flight (16 to "
                    + "64; 64 for auto).")
    int parallelism;

    @Option(names = "--rps", defaultValue = "0", paramLabel = "N",
            description = "At most N writes a second, whatever the parallelism, and at most N of Kong's checks of "
                    + "the entities before them: a ceiling that protects a production Kong (default: none).")
    double rps;

    /** Concurrent reads: the fixed parallelism, or 10 for auto. */
    int reads() {
        return parallelism == Choices.Parallelism.AUTO ? 10 : parallelism;
    }

    /** The pacing of the writes, checked. */
    Pacing pacing() {
        checkRps();
        return parallelism == Choices.Parallelism.AUTO ? new AdaptivePacing(AUTO_MAX, rps)
                : Pacing.limited(parallelism, rps);
    }

    /**
     * The pacing of Kong's validation of the entities before the first write: it follows Kong as auto's writes do
     * (its overloads slow the validation, not the writes after it), up to {@link KongSession#checksInFlight} of a
     * fixed N in flight, or {@value #AUTO_MAX} for auto; under the --rps ceiling.
     */
    Pacing checks() {
        checkRps();
        return new AdaptivePacing(parallelism == Choices.Parallelism.AUTO ? AUTO_MAX
                : KongSession.checksInFlight(parallelism), rps);
    }

    private void checkRps() {
        if (rps < 0) {
            throw new IllegalArgumentException("--rps must be 0 (no ceiling) or more, got " + rps);
        }
    }
}
