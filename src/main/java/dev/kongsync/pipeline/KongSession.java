package dev.kongsync.pipeline;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.admin.AdminConfig;
import dev.kongsync.admin.KongInfo;
import dev.kongsync.apply.AdminWriter;
import dev.kongsync.apply.Applier;
import dev.kongsync.apply.ApplyResult;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.Planner;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.StateReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One run against one Kong: the Admin API client, what Kong is ({@code GET /}), its schemas (each fetched once),
 * and the pipeline stages wired together: read the current state, validate and plan against it, apply.
 */
public final class KongSession implements AutoCloseable {
    private final AdminClient client;
    private final KongInfo info;
    private final SchemaRegistry schemas;
    private final ExecutorService pool;
    private final int parallelism;
    private final Timings timings;

    private KongSession(AdminClient client, KongInfo info, int parallelism, Timings timings) {
        this.timings = timings;
        this.client = client;
        this.info = info;
        this.parallelism = parallelism;
        this.schemas = new SchemaRegistry(client::schema, "Kong " + info.version() + " at " + client.config().address());
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "kongsync-read");
            t.setDaemon(true);
            return t;
        });
    }

    /** Connects: asks Kong what it is. Throws {@link dev.kongsync.admin.AdminApiException} if it cannot. */
    public static KongSession open(AdminConfig config, int parallelism) {
        return open(config, parallelism, new Timings());
    }

    /** Connects, recording the time of each stage of the run in {@code timings}. */
    public static KongSession open(AdminConfig config, int parallelism, Timings timings) {
        AdminClient client = new AdminClient(config);
        KongInfo info = timings.time("connect", client::info);
        return new KongSession(client, info, parallelism, timings);
    }

    public Timings timings() {
        return timings;
    }

    public KongInfo info() {
        return info;
    }

    public AdminClient client() {
        return client;
    }

    public SchemaRegistry schemas() {
        return schemas;
    }

    /** Checks the files against this Kong's schemas (its plugins, its defaults). */
    public void validate(DesiredState desired) {
        timings.time("schemas", () -> prefetchPlugins(pluginNames(desired.entities().stream()
                .filter(e -> e.kind() == EntityKind.PLUGIN).map(DesiredEntity::fields).map(f -> f.get("name")).toList())));
        timings.time("validate", () -> ConfigValidator.check(desired, schemas));
    }

    private volatile CurrentState lastRead;

    /** The state the last {@link #read} or {@link #plan} found, or null. */
    public CurrentState lastRead() {
        return lastRead;
    }

    public CurrentState read(List<String> selectTags) {
        CurrentState current = timings.time("read", () -> StateReader.read(client, schemas, selectTags, pool));
        timings.time("schemas", () -> prefetchPlugins(pluginNames(current.of(EntityKind.PLUGIN).stream()
                .map(CurrentEntity::fields).map(f -> f.get("name")).toList())));
        lastRead = current;
        return current;
    }

    /**
     * Validates the files against Kong and reads Kong's state in their scope (both at once), then compares.
     * Sends no write.
     */
    public Plan plan(DesiredState desired) {
        CompletableFuture<CurrentState> reading = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                reading.complete(read(desired.selectTags()));
            } catch (Throwable t) {
                reading.completeExceptionally(t);
            }
        }, "kongsync-state");
        reader.setDaemon(true);
        reader.start();
        validate(desired);
        CurrentState current = join(reading);
        return timings.time("plan", () -> Planner.plan(desired, current, schemas));
    }

    /** The files (parsed here, on this thread) and a session to Kong (opened meanwhile, on another). */
    public record Prepared(KongSession session, DesiredState desired) implements AutoCloseable {
        @Override
        public void close() {
            session.close();
        }
    }

    /**
     * Parses the input while connecting to Kong, so neither waits for the other. If parsing fails, its error is
     * what the caller sees (and the connection is dropped, whatever became of it).
     */
    public static Prepared prepare(AdminConfig config, int parallelism, Timings timings,
                                   java.util.function.Supplier<DesiredState> parse) {
        CompletableFuture<KongSession> connecting = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                connecting.complete(open(config, parallelism, timings));
            } catch (Throwable e) {
                connecting.completeExceptionally(e);
            }
        }, "kongsync-connect");
        t.setDaemon(true);
        t.start();
        DesiredState desired;
        try {
            desired = timings.time("parse", parse);
        } catch (RuntimeException e) {
            connecting.thenAccept(KongSession::close);
            throw e;
        }
        return new Prepared(join(connecting), desired);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Applies a plan. Refuses a DB-less Kong, whose Admin API cannot take writes. */
    public ApplyResult apply(Plan plan) {
        refuseDbLess();
        return timings.time("apply", () -> new Applier(new AdminWriter(client), parallelism).apply(plan));
    }

    public void refuseDbLess() {
        if (info.dbLess()) {
            throw new IllegalStateException("Kong at " + client.config().address() + " runs without a database "
                    + "(database = off): its configuration comes from a declarative file, not the Admin API. "
                    + "kongsync writes to Kong in database mode only.");
        }
    }

    private static Set<String> pluginNames(List<Object> names) {
        Set<String> out = new TreeSet<>();
        for (Object n : names) {
            if (n instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    private void prefetchPlugins(Set<String> names) {
        List<CompletableFuture<?>> fs = new ArrayList<>();
        for (String n : names) {
            fs.add(CompletableFuture.runAsync(() -> schemas.plugin(n), pool));
        }
        join(CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])));
    }

    @Override
    public void close() {
        pool.shutdownNow();
        client.close();
    }
}
