package dev.kongsync.cli;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.OutcomeStatus;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.k8s.ClusterRun;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.SavedPlans;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.plan.DeletionGuard;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.PlanFile;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Make Kong match the files: create, update and delete entities in scope, parents before "
                + "children (children before parents for deletes), in parallel where independent. Unchanged "
                + "entities are never written.",
                "With --plan, apply exactly a plan saved by diff --plan-out, refusing if Kong changed since.",
                "Exit 0 when Kong matches, 1 on any error (nothing written if found before writing), "
                        + "4 when a failed write stopped the sync part-way."})
public final class SyncCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    KongOptions kong;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, markdown or junit (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--parallelism", defaultValue = "10", paramLabel = "N",
            description = "Concurrent Admin API requests (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--dry-run", description = "Compute and show the changes, write nothing (same as diff).")
    boolean dryRun;

    @Option(names = "--allow-empty", description = "Accept files that declare no entities, which deletes every "
            + "entity in scope.")
    boolean allowEmpty;

    @Option(names = "--plan", paramLabel = "PLAN_FILE",
            description = "Apply this saved plan (from diff --plan-out) instead of comparing FILEs.")
    Path planFile;

    @Option(names = "--max-deletes", paramLabel = "N|N%",
            description = "Refuse, before any write, a sync that would delete more than N entities (or N% of "
                    + "those in scope).")
    String maxDeletes;

    @Option(names = "--protect", paramLabel = "KIND",
            description = "Refuse, before any write, a sync that would delete an entity of this kind (service, "
                    + "route, plugin, upstream, target); repeatable.")
    List<String> protect = new ArrayList<>();

    @Option(names = "--allow-deletes", description = "Delete even beyond --max-deletes and --protect.")
    boolean allowDeletes;

    @Mixin
    ClusterOptions clusterOptions;

    @Mixin
    JobOptions jobOptions;

    private ClusterRun cluster;

    /** The files, refused if they declare nothing (unless --allow-empty): that would delete everything in scope. */
    private DesiredState load() {
        DesiredState desired;
        if (cluster.fromConfigMap()) {
            if (!input.files.isEmpty()) {
                throw new IllegalArgumentException("give either FILEs or --from-configmap, not both");
            }
            desired = ConfigParser.loadTexts(List.of(cluster.readConfigMapFile()), input.selectTags);
        } else {
            desired = ConfigParser.load(input.required(), input.selectTags);
        }
        if (desired.isEmpty() && !allowEmpty) {
            throw new IllegalArgumentException("the files declare no entities: a sync would delete every entity "
                    + "in scope" + (desired.selectTags().isEmpty() ? " (all of Kong's services, routes, plugins, "
                    + "upstreams and targets)" : " (tags " + desired.selectTags() + ")")
                    + ". Pass --allow-empty if that is what you want.");
        }
        return desired;
    }

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("sync", kong.address, null, null, input.selectTags, input.files));
        Timings timings = new Timings();
        KongSession opened = null;
        try {
            cluster = ClusterRun.start(clusterOptions.settings(jobOptions));
            cluster.lock();
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1");
            }
            for (String k : protect) {
                dev.kongsync.kind.EntityKind.byName(k);
            }
            DeletionGuard guard = new DeletionGuard(allowDeletes ? null : maxDeletes,
                    allowDeletes ? java.util.Set.of() : new LinkedHashSet<>(protect));
            if (planFile != null) {
                if (!input.files.isEmpty()) {
                    throw new IllegalArgumentException("give either FILEs or --plan, not both");
                }
                PlanFile.Saved saved = PlanFile.read(planFile);
                try (KongSession session = KongSession.open(kong.toConfig(), parallelism, timings)) {
                    opened = session;
                    report.info(new RunInfo("sync", kong.address, session.info().version(), session.info().database(),
                            saved.plan().selectTags(), List.copyOf(saved.files().keySet())));
                    report.plan(saved.plan());
                    Plan plan = SavedPlans.prepare(session, saved);
                    report.plan(plan);
                    apply(session, plan, guard, report);
                }
            } else {
                try (KongSession.Prepared run = KongSession.prepare(kong.toConfig(), parallelism, timings, this::load)) {
                    KongSession session = run.session();
                    DesiredState desired = run.desired();
                    opened = session;
                    report.info(new RunInfo("sync", kong.address, session.info().version(), session.info().database(),
                            desired.selectTags(), desired.files()));
                    if (!dryRun) {
                        session.refuseDbLess();
                    }
                    report.notes().addAll(cluster.verifyBackends(desired, System.err::println));
                    Plan plan = session.plan(desired);
                    report.plan(plan);
                    apply(session, plan, guard, report);
                }
            }
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, output);
        Outcome.verbose(kong, timings, opened);
        if (cluster != null) {
            cluster.finish(Outcome.clusterOutcome(report, dryRun), w -> System.err.println("warning: " + w));
            cluster.close();
        }
        if (report.result() != null && !report.result().complete()) {
            return ExitCodes.PARTIAL;
        }
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private void apply(KongSession session, Plan plan, DeletionGuard guard, Report report) {
        String refused = guard.check(plan);
        if (refused != null) {
            throw new IllegalStateException(refused);
        }
        if (dryRun) {
            return;
        }
        ApplyResult result = session.apply(plan);
        report.result(result);
        report.finishedAt(Instant.now());
        if (!result.complete()) {
            report.error(Report.Error.of("sync stopped after a failed write; " + result.count(OutcomeStatus.APPLIED)
                    + " of " + plan.operations().size() + " changes were applied"));
        }
    }
}
