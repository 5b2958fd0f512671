package dev.kongsync.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Serializes runs against the same Kong with a {@code coordination.k8s.io} Lease: the holder writes its identity,
 * renews the Lease while it runs and releases it at the end; a Lease not renewed for its duration (its holder died)
 * is taken over. Built on fabric8's leader election.
 */
public final class SyncLock implements AutoCloseable {
    private final LeaderElector elector;
    private final CompletableFuture<?> running;

    private SyncLock(LeaderElector elector, CompletableFuture<?> running) {
        this.elector = elector;
        this.running = running;
    }

    /**
     * Waits up to {@code timeout} for the Lease {@code namespace/name}.
     *
     * @param leaseDuration how long the Lease stays valid without renewal (a crashed holder blocks others this long)
     * @throws IllegalStateException if another holder keeps it past the timeout
     */
    public static SyncLock acquire(KubernetesClient client, String namespace, String name, String identity,
                                   Duration leaseDuration, Duration timeout) {
        CountDownLatch leading = new CountDownLatch(1);
        Duration renew = leaseDuration.multipliedBy(2).dividedBy(3);
        Duration retry = leaseDuration.dividedBy(5).compareTo(Duration.ofMillis(200)) < 0 ? Duration.ofMillis(200)
                : leaseDuration.dividedBy(5);
        LeaderElector elector = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName("kongsync")
                .withLock(new LeaseLock(namespace, name, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renew)
                .withRetryPeriod(retry)
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(leading::countDown, () -> { }, newLeader -> { }))
                .build()).build();
        CompletableFuture<?> running = elector.start();
        try {
            if (!leading.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                running.cancel(true);
                throw new IllegalStateException("Lease " + namespace + "/" + name + " is held by another run; gave up "
                        + "after --lock-timeout " + timeout.toSeconds() + "s. Nothing was written.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            throw new IllegalStateException("interrupted while waiting for Lease " + namespace + "/" + name);
        }
        return new SyncLock(elector, running);
    }

    /** Stops renewing and releases the Lease. */
    @Override
    public void close() {
        running.cancel(true);
        try {
            running.handle((v, t) -> null).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // release is best effort: an unreleased Lease expires after its duration
        }
    }
}
