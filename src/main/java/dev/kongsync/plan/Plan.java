package dev.kongsync.plan;

import dev.kongsync.state.Fingerprint;

import java.util.List;

/**
 * The difference between the files and Kong, as the operations that remove it. A value: printing, saving,
 * checking and applying it are separate readers.
 *
 * @param operations  every write, in an order that respects dependencies
 * @param selectTags  the tag scope it was computed in
 * @param currentCount entities read from Kong in scope
 * @param desiredCount entities the files declare
 * @param fingerprint  digest of the in-scope state of Kong the plan was computed against
 * @param warnings     what the reviewer should know that is not a change (a secret that cannot be checked)
 */
public record Plan(List<Operation> operations, List<String> selectTags, int currentCount, int desiredCount,
                   Fingerprint fingerprint, List<String> warnings) {

    public Plan(List<Operation> operations, List<String> selectTags, int currentCount, int desiredCount,
                Fingerprint fingerprint) {
        this(operations, selectTags, currentCount, desiredCount, fingerprint, List.of());
    }

    public long count(Action a) {
        return operations.stream().filter(o -> o.action() == a).count();
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }
}
