package dev.kongsync.plan;

import dev.kongsync.kind.EntityKind;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One write the plan needs.
 *
 * @param index       position in the plan, referenced by {@code dependsOn}
 * @param action      create, update or delete
 * @param kind        the entity kind
 * @param id          the entity's id in Kong (kept on update and delete; chosen by kongsync on create)
 * @param label       the entity's name (or a target's address)
 * @param scope       what the entity hangs off, for display ("service auth-service"), or "" / "global"
 * @param renamedFrom the previous label or scope when an update renames or moves the entity, else null
 * @param before      the entity as Kong holds it (canonical, references by name); null on create
 * @param after       the entity as the files want it (canonical, references by name); null on delete
 * @param changes     changed fields (updates only)
 * @param body        the JSON body to PUT (create and update), null on delete
 * @param parentId    id of the entity whose nested collection holds this one (a target's upstream), else null
 * @param dependsOn   indexes of the operations that must succeed first
 * @param secrets     dotted paths of fields whose values are secret and never printed
 * @param origin      where the files declare the entity (create and update), else null
 */
public record Operation(int index, Action action, EntityKind kind, String id, String label, String scope,
                        String renamedFrom, Map<String, Object> before, Map<String, Object> after,
                        List<FieldChange> changes, Map<String, Object> body, String parentId,
                        Set<Integer> dependsOn, Set<String> secrets, Origin origin) {

    /** "route auth-route" or "plugin cors (service auth-service)". */
    public String display() {
        String name = label == null ? id : label;
        return kind.name() + " " + name + (scope == null || scope.isEmpty() ? "" : " (" + scope + ")");
    }
}
