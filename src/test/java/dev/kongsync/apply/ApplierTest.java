package dev.kongsync.apply;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.kind.Kinds;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The applier's scheduling: dependencies respected, no barrier between kinds, bounded parallelism, clean stop. */
class ApplierTest {

    static Operation op(int i, EntityKind kind, Set<Integer> deps) {
        return new Operation(i, Action.CREATE, kind, "id-" + i, "e" + i, "", null, null, Map.of(), List.of(),
                Map.of(), null, deps, Set.of(), null);
    }

    @Test
    void aChildStartsAsSoonAsItsParentIsDoneNotWhenTheWholeKindIs() throws Exception {
        // 0: fast service, 1: slow service, 2: route of the fast service
        CountDownLatch routeStarted = new CountDownLatch(1);
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        Writer w = op -> {
            order.add(op.index());
            if (op.index() == 1) {
                try {
                    assertTrue(routeStarted.await(5, TimeUnit.SECONDS), "route waited for the slow, unrelated service");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (op.index() == 2) {
                routeStarted.countDown();
            }
            return Map.of();
        };
        Plan plan = new Plan(List.of(op(0, Kinds.SERVICE, Set.of()), op(1, Kinds.SERVICE, Set.of()),
                op(2, Kinds.ROUTE, Set.of(0))), List.of(), 0, 3, null);
        ApplyResult r = new Applier(w, 4).apply(plan);
        assertTrue(r.complete(), r.toString());
        assertTrue(order.indexOf(2) > order.indexOf(0), "route after its service: " + order);
    }

    @Test
    void neverRunsMoreThanParallelismAtOnce() {
        int[] inFlight = {0};
        int[] max = {0};
        Writer w = op -> {
            synchronized (inFlight) {
                inFlight[0]++;
                max[0] = Math.max(max[0], inFlight[0]);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            synchronized (inFlight) {
                inFlight[0]--;
            }
            return Map.of();
        };
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ops.add(op(i, Kinds.SERVICE, Set.of()));
        }
        ApplyResult r = new Applier(w, 3).apply(new Plan(ops, List.of(), 0, 60, null));
        assertEquals(60, r.count(OutcomeStatus.APPLIED));
        assertEquals(3, max[0]);
    }

    @Test
    void aFailureStopsNewWritesAndDependentsAreNotAttempted() {
        Writer w = op -> {
            if (op.index() == 0) {
                throw new IllegalStateException("boom");
            }
            return Map.of();
        };
        Plan plan = new Plan(List.of(op(0, Kinds.SERVICE, Set.of()), op(1, Kinds.ROUTE, Set.of(0)),
                op(2, Kinds.PLUGIN, Set.of(1))), List.of(), 0, 3, null);
        ApplyResult r = new Applier(w, 1).apply(plan);
        assertEquals(OutcomeStatus.FAILED, r.outcomes().get(0).status());
        assertEquals(OutcomeStatus.NOT_ATTEMPTED, r.outcomes().get(1).status());
        assertEquals(OutcomeStatus.NOT_ATTEMPTED, r.outcomes().get(2).status());
        assertTrue(r.outcomes().get(0).error().contains("boom"));
    }

    @Test
    void aStopLetsWritesInFlightFinishAndSendsNothingMore() throws Exception {
        CountDownLatch firstStarted = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Writer w = op -> {
            firstStarted.countDown();
            try {
                assertTrue(release.await(5, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return Map.of("id", op.id());
        };
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ops.add(op(i, Kinds.SERVICE, Set.of()));
        }
        Applier applier = new Applier(w, 2);
        Thread stopper = new Thread(() -> {
            try {
                assertTrue(firstStarted.await(5, TimeUnit.SECONDS));
                applier.stop("SIGTERM");
                release.countDown();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        stopper.start();
        ApplyResult r = applier.apply(new Plan(ops, List.of(), 0, 10, null));
        stopper.join();
        assertEquals("SIGTERM", r.stoppedBy());
        assertEquals(2, r.count(OutcomeStatus.APPLIED), "the two in flight finished");
        assertEquals(8, r.count(OutcomeStatus.NOT_ATTEMPTED));
        assertEquals(Map.of("id", r.outcomes().get(0).operation().id()), r.outcomes().get(0).answer());
    }

    @Test
    void aRateCeilingSpacesTheWrites() {
        List<Long> sent = Collections.synchronizedList(new ArrayList<>());
        Writer w = op -> {
            sent.add(System.nanoTime());
            return Map.of();
        };
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ops.add(op(i, Kinds.SERVICE, Set.of()));
        }
        ApplyResult r = new Applier(w, Pacing.limited(4, 50)).apply(new Plan(ops, List.of(), 0, 6, null));
        assertTrue(r.complete());
        // 50 a second: six writes are dispatched 20 ms apart, so they span at least 100 ms (a lower bound the
        // pacing guarantees, not a speed)
        long span = sent.stream().mapToLong(Long::longValue).max().orElseThrow()
                - sent.stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(span >= 90_000_000L, "six writes within " + span / 1_000_000 + " ms");
    }
}
