package dev.kongsync.apply;

/**
 * How fast the applier may write: how many writes may be in flight now, and how long to wait before the next one
 * (a requests-per-second ceiling). Told of every write sent and answered, so that an adaptive pacing can follow
 * Kong's latency. Called from the applier's one dispatching thread only.
 */
public interface Pacing {
    /** The most writes ever in flight (sizes the worker pool). */
    int maxInFlight();

    /** Writes that may be in flight now (at least 1). */
    int inFlightAllowed();

    /** Milliseconds to wait before sending the next write (0: send now). */
    long delayBeforeNext();

    /** A write was sent. */
    void sent();

    /**
     * A write was answered after {@code nanos}: with {@code status} (200 for success, the HTTP status of a
     * failure, 0 when Kong could not be reached).
     */
    void answered(long nanos, int status);

    /**
     * Kong answered 429 or 503 to a write the client is retrying (the write is still in flight). Called from any
     * thread; a fixed pacing ignores it.
     */
    default void overloaded() {
    }

    /** At most {@code n} writes in flight. */
    static Pacing fixed(int n) {
        return limited(n, 0);
    }

    /** At most {@code n} writes in flight and, if {@code rps} &gt; 0, at most {@code rps} writes a second. */
    static Pacing limited(int n, double rps) {
        if (n < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1");
        }
        return new Pacing() {
            private final RateLimit limit = new RateLimit(rps);

            @Override
            public int maxInFlight() {
                return n;
            }

            @Override
            public int inFlightAllowed() {
                return n;
            }

            @Override
            public long delayBeforeNext() {
                return limit.delayMillis();
            }

            @Override
            public void sent() {
                limit.sent();
            }

            @Override
            public void answered(long nanos, int status) {
                // a fixed pacing does not adapt
            }
        };
    }

    /** A requests-per-second ceiling: sends are spaced evenly, {@code 1/rps} apart. */
    final class RateLimit {
        private final long spacingNanos;
        private final java.util.function.LongSupplier clock;
        private long next = Long.MIN_VALUE;

        public RateLimit(double rps) {
            this(rps, System::nanoTime);
        }

        public RateLimit(double rps, java.util.function.LongSupplier clock) {
            this.spacingNanos = rps > 0 ? (long) (1_000_000_000L / rps) : 0;
            this.clock = clock;
        }

        public long delayMillis() {
            if (spacingNanos == 0 || next == Long.MIN_VALUE) {
                return 0;
            }
            long wait = next - clock.getAsLong();
            return wait <= 0 ? 0 : Math.max(1, (wait + 999_999) / 1_000_000);
        }

        public void sent() {
            if (spacingNanos > 0) {
                long now = clock.getAsLong();
                next = (next == Long.MIN_VALUE ? now : Math.max(next, now)) + spacingNanos;
            }
        }
    }
}
