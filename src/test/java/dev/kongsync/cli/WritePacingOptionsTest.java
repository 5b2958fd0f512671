package dev.kongsync.cli;

import dev.kongsync.apply.AdaptivePacing;
import dev.kongsync.apply.Pacing;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the options make of the two pacings of a writing command: the writes' (fixed, or auto), and that of Kong's
 * validation before them, which follows Kong whatever the writes do, within 4 x a fixed parallelism (16 to 64). How
 * the pacings behave is AdaptivePacingTest's and ApplierTest's; that both reach Kong, SafetyE2ETest's.
 */
class WritePacingOptionsTest {
    @CommandLine.Command(name = "t")
    static final class Holder {
        @CommandLine.Mixin
        WritePacingOptions pacing;
    }

    private static WritePacingOptions parse(String... args) {
        Holder h = new Holder();
        new CommandLine(h).parseArgs(args);
        return h.pacing;
    }

    @Test
    void aFixedParallelismFixesTheWritesAndBoundsKongsCheck() {
        for (int[] c : new int[][] {{1, 16}, {5, 20}, {10, 40}, {20, 64}, {40, 64}}) {
            WritePacingOptions o = parse("--parallelism", String.valueOf(c[0]));
            Pacing writes = o.pacing();
            assertFalse(writes instanceof AdaptivePacing);
            assertEquals(c[0], writes.maxInFlight());
            assertEquals(c[0], writes.inFlightAllowed());
            Pacing checks = o.checks();
            assertTrue(checks instanceof AdaptivePacing, "Kong's check follows Kong at --parallelism " + c[0]);
            assertEquals(c[1], checks.maxInFlight(), "at most 4 x " + c[0] + " (16 to 64)");
            assertEquals(Math.min(10, c[1]), checks.inFlightAllowed(), "starting as auto starts");
        }
    }

    @Test
    void autoPacesBothUpTo64AndTheRateCeilingHoldsForBoth() {
        WritePacingOptions o = parse("--rps", "50");
        for (Pacing p : new Pacing[] {o.pacing(), o.checks()}) {
            assertTrue(p instanceof AdaptivePacing);
            assertEquals(64, p.maxInFlight());
            p.sent();
            assertTrue(p.delayBeforeNext() > 0, "50 a second: the next waits");
        }
        Pacing fixed = parse("--parallelism", "8", "--rps", "50").checks();
        fixed.sent();
        assertTrue(fixed.delayBeforeNext() > 0, "the ceiling holds for the check at a fixed parallelism too");
    }
}
