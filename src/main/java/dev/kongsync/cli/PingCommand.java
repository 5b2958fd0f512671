package dev.kongsync.cli;

import dev.kongsync.admin.AdminApiException;
import dev.kongsync.admin.AdminClient;
import dev.kongsync.admin.AdminConfig;
import dev.kongsync.admin.KongInfo;
import dev.kongsync.admin.RetryPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ping", mixinStandardHelpOptions = true,
        description = "Check that Kong answers (GET /) and that its database is reachable (GET /status); print the "
                + "version and database. With --wait, keep trying until both hold or the time is up.")
public final class PingCommand implements Callable<Integer> {
    @Mixin
    KongOptions kong;

    @Option(names = "--wait", paramLabel = "DURATION", converter = Durations.class,
            description = "Keep trying for this long (e.g. 2m) before giving up; default: try once.")
    Duration wait;

    @Option(names = "--interval", defaultValue = "2s", paramLabel = "DURATION", converter = Durations.class,
            description = "Pause between tries with --wait (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        AdminConfig config;
        try {
            config = kong.toConfig().withRetry(RetryPolicy.NONE);
        } catch (RuntimeException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.ERROR;
        }
        try (AdminClient client = new AdminClient(config)) {
            return ping(client, config);
        }
    }

    @SuppressWarnings("unchecked")
    private int ping(AdminClient client, AdminConfig config) {
        long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
        String last;
        while (true) {
            try {
                KongInfo info = client.info();
                Map<String, Object> status = client.status();
                Object db = status.get("database");
                boolean reachable = db instanceof Map<?, ?> m && Boolean.TRUE.equals(((Map<String, Object>) m).get("reachable"));
                if (info.dbLess()) {
                    System.out.println("Kong " + info.version() + " (" + info.edition() + ") at " + config.address()
                            + ": DB-less (database = off); kongsync can read but not write it");
                    return ExitCodes.OK;
                }
                if (reachable) {
                    System.out.println("Kong " + info.version() + " (" + info.edition() + ") at " + config.address()
                            + ": database " + info.database() + " reachable");
                    return ExitCodes.OK;
                }
                last = "Kong " + info.version() + " answers but its database (" + info.database() + ") is not reachable";
            } catch (AdminApiException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() + interval.toNanos() > deadline) {
                System.err.println("error: " + last);
                return ExitCodes.ERROR;
            }
            System.err.println("waiting for Kong: " + last);
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.ERROR;
            }
        }
    }
}
