package dev.kongsync.pipeline;

import dev.kongsync.admin.AdminClient;
import dev.kongsync.admin.AdminConfig;
import dev.kongsync.admin.KongInfo;
import dev.kongsync.apply.AdminWriter;
import dev.kongsync.apply.Applier;
import dev.kongsync.apply.ApplyResult;
import dev.kongsync.concurrent.Background;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Operation;
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
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
    private volatile dev.kongsync.apply.Pacing pacing;
    private volatile dev.kongsync.apply.Pacing checks;
    private final Timings timings;
    private volatile java.util.Set<EntityKind> skipped = java.util.Set.of();
    private volatile dev.kongsync.plan.IdStrategy ids = dev.kongsync.plan.IdStrategy.RANDOM;

    private KongSession(AdminClient client, KongInfo info, int parallelism, Timings timings) {
        this.timings = timings;
        this.client = client;
        this.info = info;
        this.pacing = dev.kongsync.apply.Pacing.fixed(parallelism);
        this.checks = new dev.kongsync.apply.AdaptivePacing(checksInFlight(parallelism), 0);
        this.schemas = new SchemaRegistry(client::schema, "Kong " + info.version() + " at " + client.config().address());
        this.pool = Executors.newFixedThreadPool(parallelism, Background.daemons("kongsync-read"));
    }

    /** Connects: asks Kong what it is. Throws {@link dev.kongsync.admin.AdminApiException} if it cannot. */
    public static KongSession open(AdminConfig config, int parallelism) {
        return open(config, parallelism, new Timings());
    }

    /** Connects, recording the time of each stage of the run in {@code timings}. */
    public static KongSession open(AdminConfig config, int parallelism, Timings timings) {
        AdminClient client = new AdminClient(config);
        try {
            KongInfo info = timings.time("connect", client::info);
            return new KongSession(client, info, parallelism, timings);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public Timings timings() {
        return timings;
    }

    /** How writes are paced (in flight, per second); by default at most the session's parallelism in flight. */
    public KongSession pacing(dev.kongsync.apply.Pacing p) {
        this.pacing = p;
        return this;
    }

    /**
     * How writes and Kong's validation before them ({@link #checkWithKong}) are paced. By default the writes keep
     * the session's parallelism, and the validation follows Kong ({@link dev.kongsync.apply.AdaptivePacing}) with
     * at most {@link #checksInFlight} in flight.
     */
    public KongSession pacing(dev.kongsync.apply.Pacing writes, dev.kongsync.apply.Pacing checks) {
        this.pacing = writes;
        this.checks = checks;
        return this;
    }

    /**
     * The most of Kong's validation requests in flight at a fixed {@code parallelism}: four times as many (16 to
     * 64), since they are answered without touching Kong's database and there are as many as there are entities to
     * write.
     */
    public static int checksInFlight(int parallelism) {
        return Math.min(64, Math.max(16, parallelism * 4));
    }

    /** Leaves these kinds alone (and what cannot exist without them): not read, not compared, not written. */
    public KongSession skip(java.util.Set<EntityKind> kinds) {
        this.skipped = java.util.Set.copyOf(kinds);
        return this;
    }

    /** The kinds this session leaves alone (--skip). */
    public java.util.Set<EntityKind> skipped() {
        return skipped;
    }

    /**
     * How the plans of this session choose the ids of created entities; with any strategy but the random one, a
     * create whose id Kong already holds outside the scope refuses the plan.
     */
    public KongSession ids(dev.kongsync.plan.IdStrategy strategy) {
        this.ids = strategy;
        return this;
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
        timings.time("schemas", () -> prefetchSubschemas(desired.entities().stream()
                .map(e -> Map.entry(e.kind(), e.fields())).toList()));
        timings.time("validate", () -> ConfigValidator.check(desired, schemas));
    }

    private volatile CurrentState lastRead;

    private volatile CurrentState lastOutside;

    /** The entities outside the scope that the files of the last {@link #plan} reference, or null. */
    public CurrentState lastOutside() {
        return lastOutside;
    }

    /** The state the last {@link #read} or {@link #plan} found, or null. */
    public CurrentState lastRead() {
        return lastRead;
    }

    public CurrentState read(List<String> selectTags) {
        return read(selectTags, skipped, java.util.Set.of());
    }

    private CurrentState read(List<String> selectTags, Set<EntityKind> skip, Set<EntityKind> whole) {
        CurrentState current = timings.time("read", () -> StateReader.read(client, schemas, selectTags, skip,
                whole, pool));
        timings.time("schemas", () -> prefetchSubschemas(current.all().stream()
                .map(e -> Map.entry(e.kind(), e.fields())).toList()));
        lastRead = current;
        return current;
    }

    /**
     * Validates the files against Kong and reads Kong's state in their scope (both at once), then compares.
     * Sends no write.
     */
    public Plan plan(DesiredState files) {
        return plan(files, dev.kongsync.state.Coverage.COMPLETE);
    }

    /** The same for files that cover the scope as {@code coverage} says (partial files plan no deletes). */
    public Plan plan(DesiredState files, dev.kongsync.state.Coverage coverage) {
        return plan(files, coverage, java.util.Set.of());
    }

    /**
     * The same, reading the kinds in {@code readWhole} without the tag filter and keeping them in
     * {@link #lastRead()} ({@link CurrentState#whole}): for a later check that needs all of Kong's entities of a kind.
     */
    public Plan plan(DesiredState files, dev.kongsync.state.Coverage coverage, java.util.Set<EntityKind> readWhole) {
        return plan(files, coverage, readWhole, true);
    }

    /**
     * Reads Kong again and compares it with files this session has already validated (the convergence check after a
     * sync): the files are not checked against the schemas a second time.
     */
    public Plan replan(DesiredState files, dev.kongsync.state.Coverage coverage) {
        return plan(files, coverage, java.util.Set.of(), false);
    }

    private Plan plan(DesiredState files, dev.kongsync.state.Coverage coverage, java.util.Set<EntityKind> readWhole,
                      boolean validate) {
        DesiredState desired = files.without(skipped);
        ReadAhead wanted = new ReadAhead(desired.selectTags(), skipped, readWhole);
        CompletableFuture<CurrentState> reading = validate ? takeReadAhead(wanted) : null;
        if (reading == null) {
            reading = startRead(wanted, "kongsync-state").task().outcome();
        }
        if (validate) {
            validate(desired);
        }
        // what the plan needs of the files alone is made while Kong is still being read
        Map<DesiredEntity, Map<String, Object>> canonical = timings.time("canonical",
                () -> Planner.canonicalForms(desired, schemas));
        CurrentState current = Background.join(reading);
        CurrentState outside = timings.time("outside", () -> StateReader.outside(client, schemas, desired, current, pool,
                coverage));
        lastOutside = outside;
        Plan plan = timings.time("plan", () -> Planner.plan(desired, current, outside, schemas, coverage, ids,
                canonical));
        if (ids != dev.kongsync.plan.IdStrategy.RANDOM && !desired.selectTags().isEmpty()) {
            timings.time("ids", () -> TakenIds.refuse(client, plan, pool));
        }
        return plan;
    }

    /**
     * A read of Kong started before the files are parsed, under a guess of what they will select: used by the first
     * {@link #plan} if its select tags, skipped kinds and kinds read whole are these, else waited for and dropped.
     */
    public record ReadAhead(List<String> selectTags, Set<EntityKind> skipped, Set<EntityKind> whole) {
        public ReadAhead {
            selectTags = List.copyOf(selectTags);
            skipped = Set.copyOf(skipped);
            whole = Set.copyOf(whole);
        }

        /**
         * The read ahead for {@code files} under {@code --select-tag} values {@code cliTags}, or empty when their
         * select tags cannot be known before they are parsed ({@link dev.kongsync.file.SelectTagsAhead}).
         */
        public static java.util.Optional<ReadAhead> of(List<String> files, List<String> cliTags,
                                                       Set<EntityKind> skipped, Set<EntityKind> whole) {
            return dev.kongsync.file.SelectTagsAhead.of(files, cliTags == null ? List.of() : cliTags)
                    .map(tags -> new ReadAhead(tags, skipped, whole));
        }
    }

    /** A read of Kong on a thread of its own, and what it reads. */
    private record Reading(ReadAhead of, Background.Task<CurrentState> task) {}

    private volatile Reading readAhead;

    private Reading startRead(ReadAhead what, String threadName) {
        return new Reading(what, Background.start(threadName, () -> read(what.selectTags(), what.skipped(),
                what.whole())));
    }

    /** The read ahead if it is {@code wanted}; else null, once a read ahead of something else has ended. */
    private CompletableFuture<CurrentState> takeReadAhead(ReadAhead wanted) {
        Reading r = readAhead;
        readAhead = null;
        if (r == null) {
            return null;
        }
        if (r.of().equals(wanted)) {
            return r.task().outcome();
        }
        r.task().awaitEnd();
        return null;
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
     * what the caller sees, and the connection attempt is stopped and waited for before this returns: nothing of it
     * may outlive the command.
     */
    public static Prepared prepare(AdminConfig config, int parallelism, Timings timings,
                                   java.util.function.Supplier<DesiredState> parse) {
        return prepare(config, parallelism, timings, parse, java.util.Optional::empty);
    }

    /**
     * The same, and once connected, reads Kong as {@code ahead} says (worked out on the connecting thread) while the
     * files are still being parsed: the first {@link #plan} uses that read if the files select what was guessed.
     */
    public static Prepared prepare(AdminConfig config, int parallelism, Timings timings,
                                   java.util.function.Supplier<DesiredState> parse,
                                   java.util.function.Supplier<java.util.Optional<ReadAhead>> ahead) {
        AdminClient client = new AdminClient(config);
        Background.Task<KongSession> connecting = Background.start("kongsync-connect", () -> {
            KongInfo info = timings.time("connect", client::info);
            KongSession session = new KongSession(client, info, parallelism, timings);
            ahead.get().ifPresent(a -> session.readAhead = session.startRead(a, "kongsync-read-ahead"));
            return session;
        });
        DesiredState desired;
        try {
            desired = timings.time("parse", parse);
        } catch (RuntimeException e) {
            client.close();
            connecting.awaitEnd();
            connecting.outcome().thenAccept(KongSession::close);
            throw e;
        }
        try {
            return new Prepared(connecting.join(), desired);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /**
     * Kong's own check of every entity the plan creates or updates ({@code POST /schemas/.../validate}, which stores
     * nothing), before anything is written: what Kong checks in code that kongsync cannot (PCRE2 regexes, among
     * others). Returns every refusal, placed in the files where the entity was written. Sent as the validation's
     * pacing allows ({@link #pacing(dev.kongsync.apply.Pacing, dev.kongsync.apply.Pacing)}).
     */
    public List<dev.kongsync.file.Problem> checkWithKong(Plan plan, DesiredState desired) {
        List<Operation> ops = plan.operations().stream().filter(o -> o.body() != null).toList();
        if (ops.isEmpty()) {
            return List.of();
        }
        return timings.time("kong-validation", () -> checkWithKong(ops, desired));
    }

    private List<dev.kongsync.file.Problem> checkWithKong(List<Operation> ops, DesiredState desired) {
        Map<String, DesiredEntity> sources = new java.util.HashMap<>();
        desired.entities().forEach(e -> sources.put(e.doc().file() + "#" + e.pointer(), e));
        // Kong's validation is a function of the body alone (it reads no database: references are not looked
        // up, ids are only checked to be UUIDs), so bodies that differ only in their ids get one request: the
        // same plugin configuration on 4,000 routes is checked once, and its refusal reported at each of them
        Map<List<Object>, Integer> distinct = new java.util.HashMap<>();
        List<String> schemaOf = new ArrayList<>();
        List<Map<String, Object>> bodyOf = new ArrayList<>();
        int[] requestOf = new int[ops.size()];
        for (int o = 0; o < ops.size(); o++) {
            Operation op = ops.get(o);
            EntityKind kind = op.kind();
            Map<String, Object> body = new java.util.LinkedHashMap<>(op.body());
            if (kind.parentRef() != null && op.parentId() != null) {
                body.put(kind.parentRef(), Map.of("id", op.parentId()));
            }
            body.put("id", op.id());
            String schema = kind.subschemaField() != null ? kind.subschemaPath() : kind.schemaName();
            requestOf[o] = distinct.computeIfAbsent(List.of(schema, withoutIds(kind, body)), k -> {
                schemaOf.add(schema);
                bodyOf.add(body);
                return bodyOf.size() - 1;
            });
        }
        // sent at their own pace: Kong overloaded now tells it, not the writes' pacing (a stop closes the client:
        // the requests not yet sent then fail, and the first failure ends the run)
        dev.kongsync.apply.Pacing paced = checks;
        dev.kongsync.apply.Dispatcher.Results answers = overloadsTold(paced, () ->
                new dev.kongsync.apply.Dispatcher(paced, "kongsync-check").run(bodyOf.size(), i -> List.of(),
                        i -> client.validate(schemaOf.get(i), bodyOf.get(i))));
        Throwable failure = answers.firstFailure();
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        List<dev.kongsync.file.Problem> out = new ArrayList<>();
        for (int o = 0; o < ops.size(); o++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> refusal = (Map<String, Object>) answers.answer(requestOf[o]);
            if (refusal != null) {
                Operation op = ops.get(o);
                DesiredEntity src = op.origin() == null ? null
                        : sources.get(op.origin().file() + "#" + op.origin().pointer());
                out.addAll(KongRefusals.problems(op, src, refusal));
            }
        }
        return out;
    }

    /** Runs {@code work} with the 429 and 503 answers Kong gives meanwhile told to {@code paced}, and to none after. */
    private <T> T overloadsTold(dev.kongsync.apply.Pacing paced, java.util.function.Supplier<T> work) {
        client.onOverload(paced::overloaded);
        try {
            return work.get();
        } finally {
            client.onOverload(null);
        }
    }

    /**
     * What Kong's validation of {@code body} depends on: the body with its id and the ids its references name
     * replaced by whether they are UUIDs (the only thing Kong checks of them there).
     */
    static Map<String, Object> withoutIds(EntityKind kind, Map<String, Object> body) {
        Map<String, Object> key = new java.util.HashMap<>(body);
        key.computeIfPresent("id", (f, v) -> idShape(v));
        for (EntityKind.Ref ref : kind.refs()) {
            key.computeIfPresent(ref.field(), (f, v) -> v instanceof Map<?, ?> m && m.size() == 1
                    && m.containsKey("id") ? Map.of("id", idShape(m.get("id"))) : v);
        }
        return key;
    }

    private static Object idShape(Object id) {
        return id instanceof String s && dev.kongsync.schema.Validator.isUuid(s) ? "<uuid>" : id;
    }

    private volatile Applier applying;
    private volatile String stoppedBy;

    /**
     * Applies a plan. Refuses a DB-less Kong, whose Admin API cannot take writes.
     *
     * @param answers keep Kong's answer to each write in the result (a journal needs them; nothing else does)
     */
    public ApplyResult apply(Plan plan, boolean answers) {
        refuseDbLess();
        return timings.time("apply", () -> {
            dev.kongsync.apply.Pacing writes = pacing;
            Applier applier = new Applier(new AdminWriter(client, answers), writes);
            applying = applier;
            try {
                // a 429 or 503 to the requests before the writes does not reach their pacing (the reads are not
                // paced; Kong's validation tells its own): taken for the writes', one such answer to the validation
                // started a sync's writes backed off, below 10 in flight
                return overloadsTold(writes, () -> {
                    if (stoppedBy != null) {
                        applier.stop(stoppedBy);
                    }
                    return applier.apply(plan);
                });
            } finally {
                applying = null;
            }
        });
    }

    /**
     * Asks the run to stop (a signal): an apply under way stops dispatching and lets the writes in flight finish;
     * before the apply, nothing more is sent.
     */
    public void stop(String why) {
        stoppedBy = why;
        Applier a = applying;
        if (a != null) {
            a.stop(why);
        } else {
            client.close();
        }
    }

    /** What asked the run to stop, or null. */
    public String stoppedBy() {
        return stoppedBy;
    }

    /**
     * The entities of this Kong that the plan's writes will change, as they were before (pre-images, for undo and
     * the journal): from the state the plan was computed against.
     */
    public Map<String, CurrentEntity> preImages() {
        Map<String, CurrentEntity> out = new java.util.HashMap<>();
        CurrentState last = lastRead;
        if (last != null) {
            last.all().forEach(e -> out.put(e.id(), e));
        }
        return out;
    }

    public void refuseDbLess() {
        if (info.dbLess()) {
            throw new IllegalStateException("Kong at " + client.config().address() + " runs without a database "
                    + "(database = off): its configuration comes from a declarative file, not the Admin API. "
                    + "kongsync writes to Kong in database mode only.");
        }
    }

    /** Fetches, in parallel, the subschemas (plugins, vaults) the entities use, once each. */
    private void prefetchSubschemas(List<Map.Entry<EntityKind, Map<String, Object>>> entities) {
        Set<Map.Entry<EntityKind, String>> wanted = new LinkedHashSet<>();
        for (Map.Entry<EntityKind, Map<String, Object>> e : entities) {
            EntityKind kind = e.getKey();
            if (kind.subschemaField() != null && e.getValue().get(kind.subschemaField()) instanceof String name) {
                wanted.add(Map.entry(kind, name));
            }
        }
        List<CompletableFuture<?>> fs = new ArrayList<>();
        for (Map.Entry<EntityKind, String> w : wanted) {
            fs.add(CompletableFuture.runAsync(() -> schemas.subschema(w.getKey(), w.getValue()), pool));
        }
        Background.join(CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])));
    }

    /** Stops: requests on the wire are waited for (bounded by the request timeout), no new one is sent. */
    @Override
    public void close() {
        client.close();
        Reading r = readAhead;
        if (r != null) {
            r.task().awaitEnd();
        }
        pool.shutdownNow();
    }
}
