package dev.kongsync.apply;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;

/**
 * Writes through the Admin API: creates and updates are {@code PUT} by id (full replace, so what Kong holds is
 * exactly the body), deletes are {@code DELETE} by id. Kinds served under a parent use the nested path.
 */
public final class AdminWriter implements Writer {
    private final AdminClient client;

    public AdminWriter(AdminClient client) {
        this.client = client;
    }

    @Override
    public void write(Operation op) {
        EntityKind kind = op.kind();
        if (kind.adminParent() != null) {
            String parent = EntityKind.byName(kind.ref(kind.adminParent()).orElseThrow().kind()).fileKey();
            if (op.action() == Action.DELETE) {
                client.deleteNested(parent, op.parentId(), kind.fileKey(), op.id());
            } else {
                client.putNested(parent, op.parentId(), kind.fileKey(), op.id(), op.body());
            }
        } else if (op.action() == Action.DELETE) {
            client.delete(kind.fileKey(), op.id());
        } else {
            client.put(kind.fileKey(), op.id(), op.body());
        }
    }
}
