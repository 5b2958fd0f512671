package dev.kongsync.k8s;

import java.util.List;

/**
 * The Kubernetes API access kongsync's cluster features need, and nothing more. The kit's Job manifest
 * (platform/charts/banking-platform/templates/kongsync-import.yaml) grants exactly this; a test keeps the two in agreement.
 */
public final class Permissions {
    /** Where a rule applies: the namespaces of the backends, or kongsync's own namespace. */
    public enum Scope { BACKENDS, OWN }

    /** One RBAC rule: API group ("" for core), resource, verbs. */
    public record Rule(Scope scope, String apiGroup, String resource, List<String> verbs, String why) {}

    public static final List<Rule> REQUIRED = List.of(
            new Rule(Scope.BACKENDS, "", "services", List.of("get"),
                    "--verify-backends: the Service of each backend host exists and exposes the port"),
            new Rule(Scope.BACKENDS, "discovery.k8s.io", "endpointslices", List.of("list"),
                    "--verify-backends: the Service has ready endpoints"),
            new Rule(Scope.OWN, "coordination.k8s.io", "leases", List.of("create", "get", "update"),
                    "--lock: one sync at a time against the same Kong"),
            new Rule(Scope.OWN, "", "configmaps", List.of("create", "get", "update"),
                    "--result-configmap (write the last result) and --from-configmap (read the file)"),
            new Rule(Scope.OWN, "", "events", List.of("create"),
                    "--events: Synced, DriftFound, SyncFailed on the Job's Pod"));

    private Permissions() {}
}
