package dev.kongsync.apply;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Operation;

import java.util.Map;

/**
 * Writes through the Admin API with the request the kind's table entry names for the action: most kinds are
 * created and replaced by {@code PUT /{collection}/{id}} (full replace, so what Kong holds is exactly the body) and
 * deleted by {@code DELETE} by id; targets are created by {@code POST} under their upstream with the id in the body.
 * Kong's answers are decoded and returned only when asked for (a journal keeps them); otherwise {@link #write} returns
 * null.
 */
public final class AdminWriter implements Writer {
    private final AdminClient client;
    private final boolean answers;

    /** @param answers return Kong's answer to each create and update (else null) */
    public AdminWriter(AdminClient client, boolean answers) {
        this.client = client;
        this.answers = answers;
    }

    @Override
    public Map<String, Object> write(Operation op) {
        EntityKind.Write w = op.kind().write(op.action().word());
        String path = op.kind().path(w, op.id(), op.parentId());
        Map<String, Object> answer = client.write(w.method().name(), path,
                w.method() == EntityKind.Method.DELETE ? null : op.body(), answers);
        return w.method() == EntityKind.Method.DELETE ? null : answer;
    }
}
