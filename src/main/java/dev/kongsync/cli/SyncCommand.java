package dev.kongsync.cli;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.OutcomeStatus;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.k8s.ClusterRun;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.Ownership;
import dev.kongsync.pipeline.RouteChecks;
import dev.kongsync.pipeline.SavedPlans;
import dev.kongsync.pipeline.SyncRun;
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

    @Mixin
    SkipOptions skip;

    @Mixin
    ReportFormatOptions format;

    @Mixin
    WritePacingOptions pacing;

    @Option(names = "--dry-run", description = "Compute and show the changes, write nothing (same as diff).")
    boolean dryRun;

    @Option(names = "--allow-empty", description = "Accept files that declare no entities, which deletes every "
            + "entity in scope.")
    boolean allowEmpty;

    @Option(names = "--plan", paramLabel = "PLAN_FILE",
            description = "Apply this saved plan (from diff --plan-out) instead of comparing FILEs.")
    Path planFile;

    @Option(names = "--max-deletes", paramLabel = "N|N%", converter = Choices.DeleteLimit.class,
            description = "Refuse, before any write, a sync that would delete more than N entities (or N%% of "
                    + "those in scope).")
    String maxDeletes;

    @Option(names = "--protect", paramLabel = "KIND", converter = Choices.Kind.class,
            completionCandidates = Choices.Kind.class,
            description = "Refuse, before any write, a sync that would delete an entity of this kind (service, "
                    + "route, plugin, upstream, target); repeatable.")
    List<String> protect = new ArrayList<>();

    @Option(names = "--allow-deletes", description = "Delete even beyond --max-deletes and --protect, certificates, "
            + "CA certificates and vaults included, and from files without select tags.")
    boolean allowDeletes;

    @Mixin
    RecoveryOptions recovery;

    @Mixin
    RouteCheckOptions routes;

    @Mixin
    StableIdOptions ids;

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
        try (Signals signals = Signals.install()) {
            try {
                dev.kongsync.apply.Pacing writes = pacing.pacing();
                dev.kongsync.apply.Pacing checks = pacing.checks();
                DeletionGuard guard = new DeletionGuard(maxDeletes, new LinkedHashSet<>(protect), allowDeletes);
                java.util.Set<dev.kongsync.kind.EntityKind> skipped = skip.kinds();
                dev.kongsync.admin.AdminConfig config = kong.toConfig();
                cluster = ClusterRun.start(clusterOptions.settings(jobOptions));
                cluster.lock();
                SyncRun.Options options = new SyncRun.Options(guard, dryRun, recovery.rollback(), recovery.journal());
                if (planFile != null) {
                    if (!input.files.isEmpty()) {
                        throw new IllegalArgumentException("give either FILEs or --plan, not both");
                    }
                    PlanFile.Saved saved = PlanFile.read(planFile);
                    try (KongSession session = KongSession.open(config, pacing.reads(), timings).pacing(writes, checks)
                            .skip(saved.skipped())) {
                        opened = session;
                        signals.forward(session::stop);
                        report.info(new RunInfo("sync", kong.address, session.info().version(),
                                session.info().database(), saved.plan().selectTags(),
                                List.copyOf(saved.files().keySet())));
                        report.plan(saved.plan());
                        Plan plan = SavedPlans.prepare(session, saved);
                        report.plan(plan);
                        SyncRun.apply(session, plan, null, options, report);
                    }
                } else {
                    try (KongSession.Prepared run = KongSession.prepare(config, pacing.reads(), timings, this::load,
                            () -> KongSession.ReadAhead.of(input.files, input.selectTags, skipped,
                                    RouteChecks.READ_WHOLE))) {
                        KongSession session = run.session().skip(skipped).ids(ids.strategy()).pacing(writes, checks);
                        opened = session;
                        signals.forward(session::stop);
                        DesiredState desired = run.desired();
                        report.info(new RunInfo("sync", kong.address, session.info().version(),
                                session.info().database(), desired.selectTags(), desired.files()));
                        if (!dryRun) {
                            session.refuseDbLess();
                        }
                        report.notes().addAll(cluster.verifyBackends(desired, System.err::println));
                        SyncRun.planAndApply(session, desired, routes.settings(ids.stableIds), options, report,
                                "sync");
                    }
                }
            } catch (RuntimeException e) {
                Outcome.fail(report, signals.explain(e, report));
            }
        }
        Outcome.print(report, format.output);
        Outcome.verbose(kong, timings, opened);
        if (cluster != null) {
            cluster.finish(Outcome.clusterOutcome(report, dryRun), w -> System.err.println("warning: " + w));
            cluster.close();
        }
        if (report.leftPartlyChanged()) {
            return ExitCodes.PARTIAL;
        }
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
