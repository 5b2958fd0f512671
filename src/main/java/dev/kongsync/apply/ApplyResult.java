package dev.kongsync.apply;

import java.util.List;
import java.util.Map;

/**
 * The outcome of applying a plan: one entry per operation, in plan order, and whether the run was stopped (by a
 * signal) rather than by a failure.
 */
public record ApplyResult(List<Outcome> outcomes, String stoppedBy) {

    public ApplyResult(List<Outcome> outcomes) {
        this(outcomes, null);
    }

    /**
     * What happened to one operation; {@code error} is set when it failed, {@code answer} is what Kong answered to
     * a create or update that was applied, when the apply was asked to keep answers (for a journal), else null.
     */
    public record Outcome(dev.kongsync.plan.Operation operation, OutcomeStatus status, String error, int httpStatus,
                          Map<String, Object> answer) {}

    public long count(OutcomeStatus s) {
        return outcomes.stream().filter(o -> o.status() == s).count();
    }

    public boolean complete() {
        return outcomes.stream().allMatch(o -> o.status() == OutcomeStatus.APPLIED);
    }

    /** True when at least one write reached Kong. */
    public boolean wroteAnything() {
        return count(OutcomeStatus.APPLIED) > 0;
    }
}
