package dev.kongsync.apply;

import dev.kongsync.kind.EntityKind;
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
        };
        Plan plan = new Plan(List.of(op(0, EntityKind.SERVICE, Set.of()), op(1, EntityKind.SERVICE, Set.of()),
                op(2, EntityKind.ROUTE, Set.of(0))), List.of(), 0, 3, null);
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
        };
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ops.add(op(i, EntityKind.SERVICE, Set.of()));
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
        };
        Plan plan = new Plan(List.of(op(0, EntityKind.SERVICE, Set.of()), op(1, EntityKind.ROUTE, Set.of(0)),
                op(2, EntityKind.PLUGIN, Set.of(1))), List.of(), 0, 3, null);
        ApplyResult r = new Applier(w, 1).apply(plan);
        assertEquals(OutcomeStatus.FAILED, r.outcomes().get(0).status());
        assertEquals(OutcomeStatus.NOT_ATTEMPTED, r.outcomes().get(1).status());
        assertEquals(OutcomeStatus.NOT_ATTEMPTED, r.outcomes().get(2).status());
        assertTrue(r.outcomes().get(0).error().contains("boom"));
    }
}
