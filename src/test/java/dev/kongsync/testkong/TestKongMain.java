package dev.kongsync.testkong;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the test Kong on its own, for trying kongsync by hand and for the benchmarks: {@code bench/test-kong.sh}.
 * Listens on 127.0.0.1 only. Arguments: {@code [--port N] [--delay-ms N] [--write-delay-ms N] [--page-delay-ms N]
 * [--seconds N] [--latency-base-ms N --latency-per-inflight-ms X --max-inflight N]}; it stops by itself after
 * {@code --seconds} (default 3600).
 */
public final class TestKongMain {
    private TestKongMain() {}

    public static void main(String[] args) throws Exception {
        int port = 8001;
        long delay = 0;
        long writeDelay = 0;
        long pageDelay = 0;
        long seconds = 3600;
        long latencyBase = -1;
        double perInFlight = 0;
        int maxInFlight = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--write-delay-ms" -> writeDelay = Long.parseLong(args[++i]);
                case "--page-delay-ms" -> pageDelay = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--latency-base-ms" -> latencyBase = Long.parseLong(args[++i]);
                case "--latency-per-inflight-ms" -> perInFlight = Double.parseDouble(args[++i]);
                case "--max-inflight" -> maxInFlight = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        boolean latency = latencyBase >= 0 || perInFlight > 0 || maxInFlight > 0;
        System.out.println("test Kong (Kong 3.9.1 Admin API double) starting on 127.0.0.1:" + port);
        try (TestKong kong = TestKong.start(port)) {
            kong.delay(delay);
            kong.delayWrites(writeDelay);
            kong.delayPages(pageDelay);
            if (latency) {
                kong.latencyModel(Math.max(0, latencyBase), perInFlight, maxInFlight);
            }
            System.out.println("test Kong ready on " + kong.url()
                    + (delay > 0 ? "; " + delay + " ms per request" : "")
                    + (writeDelay > 0 ? "; " + writeDelay + " ms per write" : "")
                    + (pageDelay > 0 ? "; " + pageDelay + " ms per page of a collection" : "")
                    + (latency ? "; latency " + Math.max(0, latencyBase) + " ms + " + perInFlight
                    + " ms per request in flight" + (maxInFlight > 0 ? ", 503 beyond " + maxInFlight : "") : "")
                    + "; stops in " + seconds + " s");
            new CountDownLatch(1).await(seconds, TimeUnit.SECONDS);
        }
    }
}
