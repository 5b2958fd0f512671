package dev.kongsync.pipeline;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.concurrent.Background;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * With ids not chosen at random (stable ids), a create's id may already belong to an entity outside the select-tag
 * scope, which the plan does not see: Kong would take the create's {@code PUT /{kind}/{id}} as a replace of that
 * entity, another owner's. Every create's id is looked up first ({@code GET}; not under a parent created by the same
 * plan); one that exists refuses the plan.
 */
final class TakenIds {
    private TakenIds() {}

    /** Throws {@link IllegalStateException} naming every create whose id Kong already holds. */
    static void refuse(AdminClient client, Plan plan, ExecutorService pool) {
        List<CompletableFuture<String>> lookups = new ArrayList<>();
        java.util.Set<String> created = new java.util.HashSet<>();
        plan.operations().stream().filter(o -> o.action() == Action.CREATE).forEach(o -> created.add(o.id()));
        for (Operation op : plan.operations()) {
            if (op.action() != Action.CREATE || op.kind().parentRef() != null && created.contains(op.parentId())) {
                continue;
            }
            String path = op.kind().path(op.kind().write("delete"), op.id(), op.parentId());
            lookups.add(CompletableFuture.supplyAsync(() -> {
                Map<String, Object> found = client.get(path);
                if (found == null) {
                    return null;
                }
                Object name = op.kind().label(found);
                return op.display() + ": its id " + op.id() + " is already used in Kong by " + op.kind().name() + " "
                        + (name == null ? op.id() : name) + " with tags " + (found.get("tags") == null ? "[]"
                        : found.get("tags")) + ", outside the select tags " + plan.selectTags()
                        + " (a create would replace it)";
            }, pool));
        }
        List<String> taken = new ArrayList<>();
        for (CompletableFuture<String> f : lookups) {
            String t = Background.join(f);
            if (t != null) {
                taken.add(t);
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException(String.join("; ", taken) + ". Nothing was written.");
        }
    }
}
