package dev.kongsync.testkong;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the test Kong on its own, for trying kongsync by hand and for the benchmarks: {@code bench/test-kong.sh}.
 * Listens on 127.0.0.1 only. Arguments: {@code [--port N] [--delay-ms N] [--seconds N]}; it stops by itself after
 * {@code --seconds} (default 3600).
 */
public final class TestKongMain {
    private TestKongMain() {}

    public static void main(String[] args) throws Exception {
        int port = 8001;
        long delay = 0;
        long seconds = 3600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--delay-ms" -> delay = Long.parseLong(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try (TestKong kong = TestKong.start(port)) {
            kong.delay(delay);
            System.out.println("test Kong (Kong 3.9.1 Admin API double) listening on " + kong.url()
                    + (delay > 0 ? " with " + delay + " ms per request" : "") + "; stops in " + seconds + " s");
            new CountDownLatch(1).await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
