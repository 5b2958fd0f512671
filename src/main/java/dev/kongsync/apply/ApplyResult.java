package dev.kongsync.apply;

import dev.kongsync.plan.Operation;

import java.util.List;

/** The outcome of applying a plan: one entry per operation, in plan order. */
public record ApplyResult(List<Outcome> outcomes) {

    /** What happened to one operation; {@code error} is set when it failed. */
    public record Outcome(Operation operation, OutcomeStatus status, String error, int httpStatus) {}

    public long count(OutcomeStatus s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    public boolean complete() {
        return outcomes.stream().allMatch(o -> o.status() == OutcomeStatus.APPLIED);
    }
}
