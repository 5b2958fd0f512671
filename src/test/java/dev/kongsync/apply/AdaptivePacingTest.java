package dev.kongsync.apply;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The adaptive controller on a simulated Kong, in virtual time (no wall clock): each write takes
 * {@code base + perInFlight x in-flight} ms, and beyond {@code limit} writes in flight Kong answers 503 at once,
 * which the client retries after a back-off, as {@code AdminClient} does.
 */
class AdaptivePacingTest {

    /** A discrete-event run of writes through a pacing; what it saw. */
    static final class Sim {
        final double baseMs;
        final double perInFlightMs;
        final int limit;
        final double retryMs;
        long now;
        int inFlight;
        int atKong;
        int maxInFlightSeen;
        int overloads;
        Pacing pacing;
        final List<Integer> allowedOverTime = new ArrayList<>();
        final List<Long> sendTimes = new ArrayList<>();

        Sim(double baseMs, double perInFlightMs, int limit, double retryMs) {
            this.baseMs = baseMs;
            this.perInFlightMs = perInFlightMs;
            this.limit = limit;
            this.retryMs = retryMs;
        }

        /** An answer from Kong (a 503 when {@code refused}), or the client sending a write again after one. */
        record Event(long at, long sentAt, boolean refused, boolean resend) {}

        /** Writes per virtual second for {@code writes} writes through {@code pacing}. */
        double throughput(Pacing p, int writes) {
            pacing = p;
            PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
            int sent = 0;
            int answered = 0;
            while (answered < writes) {
                while (sent < writes && inFlight < pacing.inFlightAllowed() && pacing.delayBeforeNext() == 0) {
                    pacing.sent();
                    sendTimes.add(now);
                    sent++;
                    inFlight++;
                    maxInFlightSeen = Math.max(maxInFlightSeen, inFlight);
                    events.add(arrive(now));
                }
                allowedOverTime.add(pacing.inFlightAllowed());
                Event e = events.peek();
                long wait = pacing.delayBeforeNext();
                if (e == null || sent < writes && inFlight < pacing.inFlightAllowed() && now + wait * 1_000_000 < e.at) {
                    now += Math.max(1, wait) * 1_000_000;
                    continue;
                }
                events.poll();
                now = e.at;
                if (e.resend) {
                    events.add(arrive(e.sentAt));
                } else if (e.refused) {
                    atKong--;
                    overloads++;
                    pacing.overloaded(); // AdminClient tells the pacing, then retries after its back-off
                    events.add(new Event(now + (long) (retryMs * 1e6), e.sentAt, false, true));
                } else {
                    atKong--;
                    inFlight--;
                    answered++;
                    pacing.answered(now - e.sentAt, 200);
                }
            }
            return writes / (now / 1e9);
        }

        /** A request reaches Kong now: refused when Kong is past its limit, else answered after its latency. */
        private Event arrive(long sentAt) {
            atKong++;
            if (atKong > limit) {
                return new Event(now + (long) (baseMs * 1e6), sentAt, true, false);
            }
            return new Event(now + (long) ((baseMs + perInFlightMs * atKong) * 1e6), sentAt, false, false);
        }
    }

    static AdaptivePacing auto(Sim sim, int max, double rps) {
        return new AdaptivePacing(max, rps, () -> sim.now);
    }

    @Test
    void growsWhileThroughputGrows() {
        Sim sim = new Sim(20, 0.5, Integer.MAX_VALUE, 250);
        AdaptivePacing p = auto(sim, 64, 0);
        sim.throughput(p, 5_000);
        assertEquals(10, sim.allowedOverTime.get(0), "starts at 10");
        assertTrue(p.inFlightAllowed() > 20, "Kong answers faster with more in flight: it grew, to " + p);
        assertTrue(sim.maxInFlightSeen <= 64, "never beyond the maximum");
    }

    @Test
    void backsOffWhenKongAnswers503AndStaysBelowThatLevel() {
        Sim sim = new Sim(20, 0.5, 24, 250);
        AdaptivePacing p = auto(sim, 64, 0);
        sim.throughput(p, 10_000);
        assertTrue(sim.overloads > 0, "it found the limit");
        assertTrue(p.inFlightAllowed() <= 24, "and stays at or below it: " + p);
        long late = sim.allowedOverTime.subList(sim.allowedOverTime.size() / 2, sim.allowedOverTime.size()).stream()
                .filter(n -> n > 24).count();
        assertTrue(late < sim.allowedOverTime.size() / 20, "rarely probes beyond it: " + late);
    }

    @Test
    void backsOffWhenLatencyClimbsWithoutMoreThroughput() {
        // throughput saturates at 1 / perInFlight: beyond that, more in flight only queues in Kong
        Sim sim = new Sim(2, 4, Integer.MAX_VALUE, 250);
        AdaptivePacing p = auto(sim, 200, 0);
        sim.throughput(p, 10_000);
        assertTrue(p.inFlightAllowed() < 40, "it does not pile writes into a queue: " + p);
    }

    @Test
    void autoReachesNineTenthsOfTheBestFixedParallelism() {
        double best = 0;
        int bestN = 0;
        for (int n : List.of(5, 10, 20, 40)) {
            double t = new Sim(20, 0.5, 30, 250).throughput(Pacing.fixed(n), 10_000);
            if (t > best) {
                best = t;
                bestN = n;
            }
        }
        Sim sim = new Sim(20, 0.5, 30, 250);
        double auto = sim.throughput(auto(sim, 64, 0), 10_000);
        assertTrue(auto >= 0.9 * best, "auto " + Math.round(auto) + "/s vs fixed " + bestN + " "
                + Math.round(best) + "/s");
    }

    /**
     * A short run (the benchmark's sweep: 3,000 writes, 10 ms + 0.5 ms per write in flight, 503 beyond 30), where
     * every overload's refused writes wait a back-off: after Kong is overloaded at a level, the controller returns
     * halfway to the last calm one and grows no further, finding the limit in few overloads. Approaching it one step
     * below the overloaded level at a time, it was refused 52 writes and reached 0.86x the best fixed value.
     */
    @Test
    void findsKongsLimitWithFewRefusedWrites() {
        double best = new Sim(10, 0.5, 30, 250).throughput(Pacing.fixed(30), 3_000);
        Sim sim = new Sim(10, 0.5, 30, 250);
        double auto = sim.throughput(auto(sim, 64, 0), 3_000);
        assertTrue(sim.overloads > 0, "it found the limit");
        assertTrue(sim.overloads <= 20, "refused writes: " + sim.overloads);
        assertTrue(auto >= 0.9 * best, "auto " + Math.round(auto) + "/s vs fixed 30 " + Math.round(best) + "/s");
    }

    @Test
    void neverExceedsTheRpsCeiling() {
        Sim sim = new Sim(5, 0, Integer.MAX_VALUE, 250);
        AdaptivePacing p = auto(sim, 64, 50);
        sim.throughput(p, 500);
        for (int i = 50; i < sim.sendTimes.size(); i++) {
            long window = sim.sendTimes.get(i) - sim.sendTimes.get(i - 50);
            assertTrue(window >= 980_000_000L, "51 sends within " + window / 1e6 + " ms");
        }
        Sim fixed = new Sim(5, 0, Integer.MAX_VALUE, 250);
        double rate = fixed.throughput(Pacing.limited(10, 50), 500);
        assertTrue(rate <= 50.5, "a fixed parallelism with --rps keeps it too: " + rate);
    }

    @Test
    void aFixedMaximumOfOneIsOne() {
        Sim sim = new Sim(5, 0, Integer.MAX_VALUE, 250);
        AdaptivePacing p = auto(sim, 1, 0);
        sim.throughput(p, 100);
        assertEquals(1, sim.maxInFlightSeen);
    }
}
