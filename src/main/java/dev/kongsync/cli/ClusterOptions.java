package dev.kongsync.cli;

import dev.kongsync.k8s.ClusterRun;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Kubernetes connection, backend checks and ConfigMap input; none of them is needed outside a cluster. */
public final class ClusterOptions {
    @Option(names = "--verify-backends", description = "Before any write, check that every service host of the form "
            + "<name>.<namespace>.svc[.<cluster domain>] is a Service exposing that port with a ready endpoint.")
    boolean verifyBackends;

    @Option(names = "--wait-backends", paramLabel = "DURATION", converter = Durations.class,
            description = "With --verify-backends: keep checking this long for missing backends to appear.")
    Duration waitBackends;

    @Option(names = "--cluster-domain", defaultValue = "cluster.local", paramLabel = "DOMAIN",
            description = "The cluster's DNS domain (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--from-configmap", paramLabel = "NS/NAME[:KEY]",
            description = "Read the declarative file from this ConfigMap instead of FILEs.")
    String fromConfigMap;

    @Option(names = "--namespace", paramLabel = "NS",
            description = "kongsync's own namespace, for the Lease, the result ConfigMap and Events (default: the "
                    + "Pod's, or the kubeconfig context's).")
    String namespace;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig to use outside a cluster (default: $KUBECONFIG or ~/.kube/config; in a Pod, "
                    + "its ServiceAccount).")
    Path kubeconfig;

    @Option(names = "--kube-context", paramLabel = "NAME", description = "Kubeconfig context (default: current).")
    String kubeContext;

    /** What the run should do in the cluster; {@code job} is null for commands without Job features. */
    ClusterRun.Settings settings(JobOptions job) {
        JobOptions j = job != null ? job : new JobOptions();
        String pod = j.podName != null ? j.podName : System.getenv("POD_NAME");
        String identity = (pod != null ? pod : System.getenv().getOrDefault("HOSTNAME", "kongsync")) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        return new ClusterRun.Settings(kubeconfig, kubeContext, namespace, fromConfigMap, verifyBackends, waitBackends,
                clusterDomain, j.lock, j.lockName, j.lockTimeout, j.lockLease, j.resultConfigMap, j.events, pod,
                job == null ? null : j.terminationLog != null ? j.terminationLog : ClusterRun.defaultTerminationLog(),
                identity);
    }
}
