package dev.kongsync.apply;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.Planner;
import dev.kongsync.schema.Normalizer;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentEntity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The writes that take Kong back to where it was before a sync, from the pre-images the sync read before planning:
 * every applied create is deleted, every applied update is written back, every applied delete is re-created with
 * its id and its creation time, in the reverse of the order they were applied in. Kong has no transaction: what
 * undo cannot restore ({@code updated_at}, and secrets Kong keeps only hashed) is said in {@link Result#notes()}.
 */
public final class Undo {
    private Undo() {}

    /** The undo plan, and what it cannot restore exactly. */
    public record Result(Plan plan, List<String> notes) {}

    /**
     * @param applied   the operations that were applied, in plan order
     * @param preImages the entities as Kong held them before, by id
     */
    public static Result of(List<Operation> applied, Map<String, CurrentEntity> preImages, SchemaRegistry schemas) {
        List<String> notes = new ArrayList<>();
        List<Operation> reverse = new ArrayList<>();
        Map<Integer, Integer> indexOf = new HashMap<>();
        for (int i = applied.size() - 1; i >= 0; i--) {
            Operation op = applied.get(i);
            Operation inverse = inverse(op, preImages.get(op.id()), schemas, notes);
            if (inverse != null) {
                indexOf.put(op.index(), reverse.size());
                reverse.add(inverse);
            }
        }
        // undo of X waits for the undo of every applied operation that waited for X
        Map<Integer, Set<Integer>> deps = new HashMap<>();
        for (Operation op : applied) {
            Integer undoneBy = indexOf.get(op.index());
            for (int dep : op.dependsOn()) {
                Integer undoOfDep = indexOf.get(dep);
                if (undoneBy != null && undoOfDep != null) {
                    deps.computeIfAbsent(undoOfDep, k -> new TreeSet<>()).add(undoneBy);
                }
            }
        }
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < reverse.size(); i++) {
            Operation o = reverse.get(i);
            ops.add(new Operation(i, o.action(), o.kind(), o.id(), o.label(), o.scope(), o.renamedFrom(), o.before(),
                    o.after(), o.changes(), o.body(), o.parentId(), deps.getOrDefault(i, Set.of()), o.secrets(),
                    o.origin()));
        }
        return new Result(new Plan(ops, List.of(), 0, 0, null), notes);
    }

    private static Operation inverse(Operation op, CurrentEntity before, SchemaRegistry schemas, List<String> notes) {
        EntityKind kind = op.kind();
        if (op.action() == Action.CREATE) {
            return new Operation(0, Action.DELETE, kind, op.id(), op.label(), op.scope(), null, op.after(), null,
                    List.of(), null, op.parentId(), Set.of(), op.secrets(), null);
        }
        if (before == null) {
            notes.add(op.display() + ": no pre-image, so it cannot be restored");
            return null;
        }
        Map<String, Object> norm = new LinkedHashMap<>(Normalizer.normalize(
                schemas.forEntity(kind, before.fields()).orElseThrow(), before.fields()));
        norm.keySet().removeAll(kind.readOnly());
        Set<String> hashedChanged = new TreeSet<>();
        for (String hashed : kind.secretForms().keySet()) {
            boolean changed = op.changes().stream().anyMatch(c -> c.path().equals(hashed));
            if (op.action() == Action.DELETE || changed) {
                hashedChanged.add(hashed);
            } else if (op.body() != null && op.body().get(hashed) != null) {
                // unchanged: the file's value is the secret Kong stores hashed, so writing it keeps it
                norm.put(hashed, op.body().get(hashed));
            }
        }
        Action action = op.action() == Action.DELETE ? Action.CREATE : Action.UPDATE;
        if (!hashedChanged.isEmpty()) {
            notes.add(op.display() + ": " + String.join(", ", hashedChanged) + " cannot be restored (Kong keeps only "
                    + "a hash of it)" + (op.action() == Action.DELETE ? "; not re-created" : "; it keeps the value "
                    + "the sync wrote"));
            if (op.action() == Action.DELETE) {
                return null;
            }
            hashedChanged.forEach(h -> norm.put(h, op.body().get(h)));
        }
        Map<String, Object> body = Planner.writeBody(kind, schemas.forEntity(kind, before.fields()).orElseThrow(), action,
                op.id(), norm, before.refs(), before.refs(), before.fields().get("created_at"));
        List<FieldChange> changes = new ArrayList<>();
        for (FieldChange c : op.changes()) {
            changes.add(new FieldChange(c.path(), c.after(), c.before()));
        }
        return new Operation(0, action, kind, op.id(), op.label(), op.scope(), null, op.after(), op.before(),
                changes, body, op.parentId(), Set.of(), op.secrets(), null);
    }
}
