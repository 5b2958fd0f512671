package dev.kongsync.k8s;

import dev.kongsync.state.DesiredState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Kubernetes side of one run, used only for what was asked: reading the file from a ConfigMap, holding the
 * Lease, checking backends, and recording the result (ConfigMap, Event, termination message). With none of these
 * asked for, it never contacts the Kubernetes API.
 */
public final class ClusterRun implements AutoCloseable {

    /** What the run should do in the cluster. */
    public record Settings(Path kubeconfig, String context, String namespace, String fromConfigMap,
                           boolean verifyBackends, Duration waitBackends, String clusterDomain, boolean lock,
                           String lockName, Duration lockTimeout, Duration lockLease, String resultConfigMap,
                           boolean events, String podName, Path terminationLog, String identity) {

        boolean needsApi() {
            return !apiOptions().isEmpty();
        }

        /** The options given that need the Kubernetes API, as the user wrote them. */
        List<String> apiOptions() {
            List<String> out = new java.util.ArrayList<>();
            if (fromConfigMap != null) {
                out.add("--from-configmap");
            }
            if (verifyBackends) {
                out.add("--verify-backends");
            }
            if (lock) {
                out.add("--lock");
            }
            if (resultConfigMap != null) {
                out.add("--result-configmap");
            }
            if (events) {
                out.add("--events");
            }
            return out;
        }
    }

    private final Settings settings;
    private final Cluster cluster;
    private SyncLock lock;

    private ClusterRun(Settings settings, Cluster cluster) {
        this.settings = settings;
        this.cluster = cluster;
    }

    public static ClusterRun start(Settings settings) {
        return new ClusterRun(settings, settings.needsApi()
                ? Cluster.connect(settings.kubeconfig(), settings.context(), settings.namespace(), settings.apiOptions())
                : null);
    }

    public boolean fromConfigMap() {
        return settings.fromConfigMap() != null;
    }

    /** The file named by --from-configmap: its name for messages, and its text. */
    public Map.Entry<String, String> readConfigMapFile() {
        return ConfigMapSource.read(cluster.client(), ConfigMapSource.parse(settings.fromConfigMap(), cluster.namespace()));
    }

    /** Takes the Lease if --lock was given; released by {@link #close()}. */
    public void lock() {
        if (settings.lock()) {
            lock = SyncLock.acquire(cluster.client(), cluster.namespace(), settings.lockName(), settings.identity(),
                    settings.lockLease(), settings.lockTimeout());
        }
    }

    /**
     * With --verify-backends: checks (waiting up to --wait-backends) that every in-cluster backend exists, exposes
     * its port and has ready endpoints; throws naming each missing backend and the routes that would break.
     *
     * @return notes for the report (hosts outside the cluster, checked backends), empty without --verify-backends
     */
    public List<String> verifyBackends(DesiredState desired, Consumer<String> progress) {
        if (!settings.verifyBackends()) {
            return List.of();
        }
        BackendCheck check = new BackendCheck(settings.clusterDomain());
        List<BackendCheck.Backend> backends = BackendCheck.backends(desired);
        BackendCheck.Result r = check.waitFor(cluster.client(), backends,
                settings.waitBackends() == null ? Duration.ZERO : settings.waitBackends(), Duration.ofSeconds(2),
                pending -> progress.accept("waiting for backends: " + pending.problems().get(0).describe()));
        if (!r.passed()) {
            StringBuilder sb = new StringBuilder("backends missing in the cluster: ");
            for (int i = 0; i < r.problems().size(); i++) {
                sb.append(i > 0 ? "; " : "").append(r.problems().get(i).describe());
            }
            throw new IllegalStateException(sb.toString());
        }
        List<String> notes = new java.util.ArrayList<>();
        notes.add("backends: " + r.ok().size() + " in the cluster are ready");
        for (BackendCheck.Backend b : r.outside()) {
            notes.add("backends: " + b.host() + ":" + b.port() + " (" + b.via() + ") is outside the cluster domain "
                    + settings.clusterDomain() + "; not checked");
        }
        return notes;
    }

    /** Records the outcome where it was asked for; failures to record are reported, never fatal. */
    public void finish(ResultRecorder.Outcome outcome, Consumer<String> warn) {
        if (settings.terminationLog() != null) {
            ResultRecorder.terminationMessage(settings.terminationLog(), outcome);
        }
        if (cluster == null) {
            return;
        }
        if (settings.resultConfigMap() != null) {
            try {
                ResultRecorder.writeConfigMap(cluster.client(), cluster.namespace(), settings.resultConfigMap(), outcome);
            } catch (RuntimeException e) {
                warn.accept("cannot write ConfigMap " + cluster.namespace() + "/" + settings.resultConfigMap() + ": "
                        + e.getMessage());
            }
        }
        if (settings.events()) {
            if (settings.podName() == null) {
                warn.accept("--events: no Pod to attach Events to (set POD_NAME or --pod-name)");
            } else {
                try {
                    ResultRecorder.event(cluster.client(), cluster.namespace(), settings.podName(), outcome);
                } catch (RuntimeException e) {
                    warn.accept("cannot create an Event: " + e.getMessage());
                }
            }
        }
    }

    /** The default termination-message file of a container, when it exists. */
    public static Path defaultTerminationLog() {
        Path p = Path.of("/dev/termination-log");
        return Files.isWritable(p) ? p : null;
    }

    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
