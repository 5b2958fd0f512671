package dev.kongsync.cli;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.k8s.ClusterRun;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.RouteChecks;
import dev.kongsync.pipeline.SyncRun;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.plan.DeletionGuard;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.state.Coverage;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Create and update what the files declare, and delete nothing (decK's gateway apply): for "
                + "teams that own part of a shared Kong. References by name may point at entities only Kong has: "
                + "within _info.default_lookup_tags when the files give them, else anywhere in Kong.",
                "Same validation (offline, then Kong's own), plan, report and exit codes as sync.",
                "Exit 0 when Kong holds what the files declare, 1 on any error (nothing written if found before "
                        + "writing), 4 when a failed write stopped it part-way."})
public final class ApplyCommand implements Callable<Integer> {
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

    @Option(names = "--dry-run", description = "Compute and show the changes, write nothing.")
    boolean dryRun;

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

    private DesiredState load() {
        if (cluster.fromConfigMap()) {
            if (!input.files.isEmpty()) {
                throw new IllegalArgumentException("give either FILEs or --from-configmap, not both");
            }
            return ConfigParser.loadTexts(List.of(cluster.readConfigMapFile()), input.selectTags, Coverage.PARTIAL);
        }
        return ConfigParser.load(input.required(), input.selectTags, Coverage.PARTIAL);
    }

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("apply", kong.address, null, null, input.selectTags, input.files));
        Timings timings = new Timings();
        KongSession opened = null;
        try (Signals signals = Signals.install()) {
            try {
                dev.kongsync.apply.Pacing writes = pacing.pacing();
                dev.kongsync.apply.Pacing checks = pacing.checks();
                Set<dev.kongsync.kind.EntityKind> skipped = skip.kinds();
                dev.kongsync.admin.AdminConfig config = kong.toConfig();
                if (clusterOptions.fromConfigMap == null) {
                    input.required();
                }
                cluster = ClusterRun.start(clusterOptions.settings(jobOptions));
                cluster.lock();
                SyncRun.Options options = new SyncRun.Options(new DeletionGuard(null, Set.of(), false), dryRun,
                        recovery.rollback(), recovery.journal(), Coverage.PARTIAL);
                try (KongSession.Prepared run = KongSession.prepare(config, pacing.reads(), timings, this::load,
                        () -> KongSession.ReadAhead.of(input.files, input.selectTags, skipped,
                                RouteChecks.READ_WHOLE))) {
                    KongSession session = run.session().skip(skipped).ids(ids.strategy()).pacing(writes, checks);
                    opened = session;
                    signals.forward(session::stop);
                    DesiredState desired = run.desired();
                    report.info(new RunInfo("apply", kong.address, session.info().version(),
                            session.info().database(), desired.selectTags(), desired.files()));
                    if (!dryRun) {
                        session.refuseDbLess();
                    }
                    report.notes().addAll(cluster.verifyBackends(desired, System.err::println));
                    SyncRun.planAndApply(session, desired, routes.settings(ids.stableIds), options, report, "apply");
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
