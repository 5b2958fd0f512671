package dev.kongsync.pipeline;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.Journal;
import dev.kongsync.apply.Undo;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.report.Report;
import dev.kongsync.state.CurrentEntity;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code kongsync undo JOURNAL}: takes Kong back to where it was before the sync that wrote the journal, refusing
 * (like a saved plan) when it is another Kong, or when an entity the sync wrote changed in Kong since.
 */
public final class Undoing {
    private Undoing() {}

    public static void run(KongSession session, Journal.Read journal, Report report) {
        URI here = session.client().config().address();
        if (!normalize(here.toString()).equals(normalize(journal.address()))) {
            throw new IllegalStateException("the journal was written for the Kong at " + journal.address() + ", not "
                    + here + "; refusing to undo it here. Nothing was written.");
        }
        session.refuseDbLess();
        List<String> changed = new ArrayList<>();
        Map<String, CurrentEntity> preImages = new HashMap<>();
        List<Operation> applied = new ArrayList<>();
        for (Journal.Entry e : journal.entries()) {
            Operation op = e.operation();
            applied.add(op);
            if (e.before() != null) {
                preImages.put(op.id(), new CurrentEntity(op.kind(), op.id(), e.before(),
                        e.beforeRefs() == null ? Map.of() : e.beforeRefs()));
            }
            Map<String, Object> now = current(session, op);
            if (op.action() == Action.DELETE) {
                if (now != null) {
                    changed.add(op.display() + " was created again");
                }
            } else if (now == null) {
                changed.add(op.display() + " was deleted");
            } else if (!Objects.equals(content(op.kind(), now), content(op.kind(), e.after()))) {
                changed.add(op.display() + " was changed");
            }
        }
        if (!changed.isEmpty()) {
            throw new IllegalStateException("Kong changed since the sync of " + journal.createdAt() + ": "
                    + String.join("; ", changed.subList(0, Math.min(20, changed.size())))
                    + (changed.size() > 20 ? "; and " + (changed.size() - 20) + " more" : "")
                    + ". Nothing was written; undo would overwrite those changes.");
        }
        Undo.Result undo = Undo.of(applied, preImages, session.schemas());
        report.plan(undo.plan());
        undo.notes().forEach(report.warnings()::add);
        ApplyResult result = session.apply(undo.plan(), false);
        report.result(result);
        if (!result.complete()) {
            report.error(Report.Error.of("undo stopped after a failed write; " + result.count(
                    dev.kongsync.apply.OutcomeStatus.APPLIED) + " of "
                    + dev.kongsync.report.Counts.of(undo.plan().operations().size(), "change") + " restored"));
        }
    }

    /** The entity as Kong holds it now, or null. */
    private static Map<String, Object> current(KongSession session, Operation op) {
        EntityKind kind = op.kind();
        String path = kind.collection() != null ? "/" + kind.collection() + "/" + op.id()
                : "/" + kind.parentKind().collection() + "/" + op.parentId() + "/" + kind.nestedCollection() + "/"
                + op.id();
        return session.client().get(path);
    }

    /**
     * An entity's fields without those kongsync never writes: timestamps, which every write changes, and what Kong
     * keeps beside it (a certificate's SNIs, written as their own entities).
     */
    private static Map<String, Object> content(EntityKind kind, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields == null ? Map.of() : fields);
        out.keySet().removeAll(kind.readOnly());
        out.put("id", fields == null ? null : fields.get("id"));
        return out;
    }

    private static String normalize(String address) {
        String s = address;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase();
    }
}
