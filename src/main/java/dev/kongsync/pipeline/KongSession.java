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

    private KongSession(AdminClient client, KongInfo info, int parallelism) {
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
        AdminClient client = new AdminClient(config);
        return new KongSession(client, client.info(), parallelism);
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
        prefetchPlugins(pluginNames(desired.entities().stream().filter(e -> e.kind() == EntityKind.PLUGIN)
                .map(DesiredEntity::fields).map(f -> f.get("name")).toList()));
        ConfigValidator.check(desired, schemas);
    }

    public CurrentState read(List<String> selectTags) {
        CurrentState current = StateReader.read(client, schemas, selectTags, pool);
        prefetchPlugins(pluginNames(current.of(EntityKind.PLUGIN).stream().map(CurrentEntity::fields)
                .map(f -> f.get("name")).toList()));
        return current;
    }

    /** Validates the files against Kong, reads Kong's state in their scope and compares. Sends no write. */
    public Plan plan(DesiredState desired) {
        validate(desired);
        return Planner.plan(desired, read(desired.selectTags()), schemas);
    }

    /** Applies a plan. Refuses a DB-less Kong, whose Admin API cannot take writes. */
    public ApplyResult apply(Plan plan) {
        refuseDbLess();
        return new Applier(new AdminWriter(client), parallelism).apply(plan);
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
        try {
            CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
