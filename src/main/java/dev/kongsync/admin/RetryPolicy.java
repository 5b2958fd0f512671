package dev.kongsync.admin;

import java.time.Duration;

/**
 * Retries of transient Admin API failures (5xx, 429, connection errors and timeouts): exponential backoff from
 * {@code initialDelay}, doubled each time up to {@code maxDelay}, at most {@code maxRetries} times and never
 * beyond {@code maxTotal} of waiting for one request. A 429's {@code Retry-After} replaces the computed delay.
 */
public record RetryPolicy(int maxRetries, Duration initialDelay, Duration maxDelay, Duration maxTotal) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(250), Duration.ofSeconds(8),
            Duration.ofSeconds(60));
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public RetryPolicy withMaxRetries(int n) {
        return new RetryPolicy(n, initialDelay, maxDelay, maxTotal);
    }

    /** Delay before retry number {@code attempt} (1-based). */
    Duration backoff(int attempt) {
        long ms = initialDelay.toMillis() << Math.min(attempt - 1, 20);
        return Duration.ofMillis(Math.min(ms, maxDelay.toMillis()));
    }
}
