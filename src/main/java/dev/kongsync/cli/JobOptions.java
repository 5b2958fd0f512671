package dev.kongsync.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** What sync does when it runs as a Kubernetes Job: the Lease, and where it records its result. */
public final class JobOptions {
    @Option(names = "--lock", description = "Hold a coordination.k8s.io Lease while running, so that two runs "
            + "against the same Kong never overlap.")
    boolean lock;

    @Option(names = "--lock-name", defaultValue = "kongsync", paramLabel = "NAME",
            description = "Name of the Lease (default: ${DEFAULT-VALUE}).")
    String lockName;

    @Option(names = "--lock-timeout", defaultValue = "5m", paramLabel = "DURATION", converter = Durations.class,
            description = "How long to wait for the Lease (default: ${DEFAULT-VALUE}).")
    Duration lockTimeout;

    @Option(names = "--lock-lease-duration", defaultValue = "30s", paramLabel = "DURATION", converter = Durations.class,
            description = "Validity of the Lease without renewal; a crashed holder's Lease is taken over after it "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration lockLease;

    @Option(names = "--result-configmap", paramLabel = "NAME",
            description = "Write the result (time, Kong version, file digest, counts, errors) to this ConfigMap.")
    String resultConfigMap;

    @Option(names = "--events", description = "Record an Event (Synced, DriftFound, SyncFailed) on the Pod "
            + "running kongsync (--pod-name, default $POD_NAME).")
    boolean events;

    @Option(names = "--pod-name", paramLabel = "NAME", description = "The Pod kongsync runs in (default: $POD_NAME).")
    String podName;

    @Option(names = "--termination-log", paramLabel = "FILE",
            description = "Write a one-line summary here (default: /dev/termination-log when it exists).")
    Path terminationLog;

}
