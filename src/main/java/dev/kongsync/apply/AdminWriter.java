package dev.kongsync.apply;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Operation;

import java.util.Map;

/**
 * Writes through the Admin API with the request the kind's table entry names for the action: most kinds are
 * created and replaced by {@code PUT /{collection}/{id}} (full replace, so what Kong holds is exactly the body) and
 * deleted by {@code DELETE} by id; targets are created by {@code POST} under their upstream with the id in the body.
 */
public final class AdminWriter implements Writer {
    private final AdminClient client;

    public AdminWriter(AdminClient client) {
        this.client = client;
    }

    @Override
    public Map<String, Object> write(Operation op) {
        EntityKind.Write w = op.kind().write(op.action().word());
        String path = op.kind().path(w, op.id(), op.parentId());
        Map<String, Object> answer = client.write(w.method().name(), path,
                w.method() == EntityKind.Method.DELETE ? null : op.body());
        return w.method() == EntityKind.Method.DELETE ? null : answer;
    }
}
