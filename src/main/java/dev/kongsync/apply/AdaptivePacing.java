package dev.kongsync.apply;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@code --parallelism auto}: the number of writes in flight follows Kong. It starts at {@value #START}, and after
 * each window (as many answers as writes were allowed in flight, at least {@value #MIN_WINDOW}) compares the
 * window's throughput with the best seen so far:
 * <ul>
 *   <li>throughput grew by {@value #GAIN_PERCENT}% or more: grow by a quarter (while Kong's answers stay fast
 *       relative to the fastest window, doubling while far from any limit);</li>
 *   <li>latency climbed to {@value #LATENCY_FACTOR} times the fastest window's without a throughput gain: shrink
 *       by a tenth, since the extra writes only queue in Kong;</li>
 *   <li>Kong answered 429 or 503 (overloaded; the client retries the write): back off to three quarters at once,
 *       and grow no further than halfway between the last level at which Kong was calm and the level that
 *       overloaded it (just below that level when none was calm before), a ceiling raised by a tenth only after
 *       {@value #PROBE_AFTER_WINDOWS} calm windows: each overload costs the writes it refused a retry after a
 *       back-off, so the limit is found in few steps rather than approached one by one.</li>
 * </ul>
 * Never more than {@code max} in flight nor, with an {@code rps} ceiling, more than that many writes a second.
 * Driven from the applier's dispatching thread, except {@link #overloaded()}, which the client's threads call; the
 * clock is a parameter so that tests can simulate Kong.
 */
public final class AdaptivePacing implements Pacing {
    static final int START = 10;
    static final int MIN_WINDOW = 8;
    static final int GAIN_PERCENT = 5;
    static final double LATENCY_FACTOR = 2.5;
    static final int PROBE_AFTER_WINDOWS = 20;

    private final int max;
    private final Pacing.RateLimit rate;
    private final LongSupplier clock;

    private double limit;
    private int ceiling;
    /** The level of the last window in which Kong was not overloaded; 0 before the first. */
    private int calmLevel;
    private int calmWindows;

    private long windowStart = -1;
    private int windowAnswers;
    private long windowLatency;
    private boolean windowOverloaded;
    private final AtomicBoolean overloadSeen = new AtomicBoolean();

    private double bestThroughput;
    private double fastestLatency = Double.MAX_VALUE;

    /**
     * @param max   the most writes ever in flight
     * @param rps   a ceiling on writes per second (0: none)
     * @param clock nanoseconds, as {@link System#nanoTime()}
     */
    public AdaptivePacing(int max, double rps, LongSupplier clock) {
        if (max < 1) {
            throw new IllegalArgumentException("the maximum parallelism must be at least 1");
        }
        this.max = max;
        this.rate = new Pacing.RateLimit(rps, clock);
        this.clock = clock;
        this.limit = Math.min(START, max);
        this.ceiling = max;
    }

    public AdaptivePacing(int max, double rps) {
        this(max, rps, System::nanoTime);
    }

    @Override
    public int maxInFlight() {
        return max;
    }

    @Override
    public int inFlightAllowed() {
        if (overloadSeen.getAndSet(false)) {
            backOff();
        }
        return current();
    }

    private int current() {
        return Math.max(1, (int) limit);
    }

    @Override
    public long delayBeforeNext() {
        return rate.delayMillis();
    }

    @Override
    public void sent() {
        rate.sent();
        if (windowStart < 0) {
            windowStart = clock.getAsLong();
        }
    }

    @Override
    public void answered(long nanos, int status) {
        if (overloadSeen.getAndSet(false) || status == 429 || status == 503) {
            backOff();
            if (status == 429 || status == 503) {
                return;
            }
        }
        windowAnswers++;
        windowLatency += nanos;
        if (windowAnswers >= Math.max(MIN_WINDOW, current())) {
            endWindow();
        }
    }

    /** Kong answered 429 or 503 to a write that the client retries; any thread. */
    @Override
    public void overloaded() {
        overloadSeen.set(true);
    }

    /** Fewer in flight at once, once per window. */
    private void backOff() {
        if (windowOverloaded) {
            return;
        }
        windowOverloaded = true;
        int overloadedAt = current();
        ceiling = calmLevel > 0 && calmLevel < overloadedAt ? Math.max(calmLevel, (calmLevel + overloadedAt) / 2)
                : Math.max(1, overloadedAt - 1);
        limit = Math.max(1, Math.min(ceiling, Math.floor(limit * 0.75)));
        calmWindows = 0;
        bestThroughput = 0; // measured again at the lower level
    }

    private void endWindow() {
        long now = clock.getAsLong();
        double seconds = Math.max(1e-9, (now - windowStart) / 1e9);
        double throughput = windowAnswers / seconds;
        double latency = (double) windowLatency / windowAnswers;
        boolean calm = !windowOverloaded;
        windowStart = now;
        windowAnswers = 0;
        windowLatency = 0;
        windowOverloaded = false;
        if (!calm) {
            return;
        }
        calmLevel = current();
        fastestLatency = Math.min(fastestLatency, latency);
        if (++calmWindows >= PROBE_AFTER_WINDOWS && ceiling < max) {
            ceiling = Math.min(max, ceiling + Math.max(1, ceiling / 10));
            calmWindows = 0;
        }
        if (throughput >= bestThroughput * (1 + GAIN_PERCENT / 100.0)) {
            bestThroughput = throughput;
            double step = latency < 1.5 * fastestLatency ? limit : Math.max(1, limit / 4);
            limit = Math.min(ceiling, limit + step);
        } else if (latency > LATENCY_FACTOR * fastestLatency) {
            limit = Math.max(1, limit * 0.9);
            bestThroughput = Math.min(bestThroughput, throughput);
        } else {
            bestThroughput = Math.max(bestThroughput * 0.98, throughput);
        }
    }

    @Override
    public String toString() {
        return "auto (now " + current() + " of at most " + max + ")";
    }
}
