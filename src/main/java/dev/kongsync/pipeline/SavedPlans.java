package dev.kongsync.pipeline;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.PlanFile;
import dev.kongsync.plan.Planner;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.Fingerprint;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Readies a saved plan for applying: refuses it if it was made for another Kong or if Kong's in-scope state is no
 * longer the one the plan was computed against, and puts the secret values back (resolved again from the same
 * files and the environment, never stored in the plan).
 */
public final class SavedPlans {
    private SavedPlans() {}

    public static Plan prepare(KongSession session, PlanFile.Saved saved) {
        String here = normalize(session.client().config().address());
        String there = normalize(URI.create(saved.address()));
        if (!here.equals(there)) {
            throw new IllegalStateException("the plan was made for the Kong at " + saved.address()
                    + ", not " + session.client().config().address() + "; refusing to apply it here");
        }
        session.refuseDbLess();
        List<String> changedEnv = saved.environment().changed(System::getenv);
        if (!changedEnv.isEmpty()) {
            throw new IllegalStateException("the environment differs from the one the plan was made with: "
                    + String.join(", ", changedEnv) + (changedEnv.size() == 1 ? " resolves" : " resolve")
                    + " to another value, so the plan would not apply what was reviewed. Nothing was written; "
                    + "make and review a new plan.");
        }
        Plan plan = saved.plan();
        CurrentState current = session.read(plan.selectTags());
        Fingerprint now = Fingerprint.of(current);
        if (!now.sha256().equals(plan.fingerprint().sha256())) {
            List<String> diffs = plan.fingerprint().differences(now);
            throw new IllegalStateException("Kong changed since the plan was made (" + saved.createdAt() + "): "
                    + String.join("; ", diffs.subList(0, Math.min(diffs.size(), 20)))
                    + (diffs.size() > 20 ? "; and " + (diffs.size() - 20) + " more" : "")
                    + ". Nothing was written; make and review a new plan.");
        }
        if (!saved.needsSecrets()) {
            return plan;
        }
        DesiredState desired = ConfigParser.load(List.copyOf(saved.files().keySet()), plan.selectTags())
                .without(saved.skipped());
        for (Map.Entry<String, String> f : saved.files().entrySet()) {
            if (!f.getValue().equals(desired.digests().get(f.getKey()))) {
                throw new IllegalStateException(f.getKey() + " differs from the version the plan was made from; "
                        + "the plan's secret values cannot be resolved from it. Nothing was written.");
            }
        }
        session.validate(desired);
        List<Operation> ops = new ArrayList<>();
        for (Operation op : plan.operations()) {
            if (op.body() == null || op.origin() == null) {
                ops.add(op);
                continue;
            }
            DesiredEntity source = desired.entities().stream()
                    .filter(e -> e.doc().file().equals(op.origin().file()) && e.pointer().equals(op.origin().pointer()))
                    .findFirst().orElseThrow(() -> new IllegalStateException("the plan's " + op.display()
                            + " is not at " + op.origin().location() + " any more"));
            Map<String, Object> fields = Planner.canonical(source, plan.selectTags(), session.schemas());
            @SuppressWarnings("unchecked")
            Map<String, Object> body = (Map<String, Object>) PlanFile.resolve(op.body(), fields);
            ops.add(new Operation(op.index(), op.action(), op.kind(), op.id(), op.label(), op.scope(), op.renamedFrom(),
                    op.before(), op.after(), op.changes(), body, op.parentId(), op.dependsOn(), op.secrets(),
                    op.origin()));
        }
        return new Plan(ops, plan.selectTags(), plan.currentCount(), plan.desiredCount(), plan.fingerprint());
    }

    private static String normalize(URI u) {
        String s = u.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.toLowerCase();
    }
}
