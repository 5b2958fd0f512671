package dev.kongsync.cli;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.owners.Unmanaged;
import dev.kongsync.pipeline.OfflineDiff;
import dev.kongsync.pipeline.Ownership;
import dev.kongsync.pipeline.RouteChecks;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.plan.Attribution;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.PlanFile;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare the files with the live Kong and show what sync would change: only changed fields "
                + "for updates, creates and deletes by kind and name, then a summary. Sends no write.",
                "With --against or --against-git, compare with older files instead of Kong (no Admin API needed)."})
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    KongOptions kong;

    @Mixin
    SkipOptions skip;

    @Mixin
    ReportFormatOptions format;

    @Option(names = "--exit-code", description = "Exit 2 when changes are pending, 3 when they include deletes "
            + "(0 when in sync; 1 on any error).")
    boolean exitCode;

    @Option(names = "--parallelism", defaultValue = "10", paramLabel = "N",
            description = "Concurrent Admin API reads (default: ${DEFAULT-VALUE}); Kong's check of the entities to "
                    + "create or update follows Kong, at most 4 x N at a time (16 to 64).")
    int parallelism;

    @Option(names = "--plan-out", paramLabel = "FILE",
            description = "Save the plan (every operation, Kong's address and version, a fingerprint of its state) "
                    + "for review and for sync --plan. Secret values are not saved.")
    Path planOut;

    @Option(names = "--against", paramLabel = "OLD_FILE",
            description = "Compare with these files instead of the live Kong (repeatable).")
    List<String> against = new ArrayList<>();

    @Option(names = "--against-git", paramLabel = "REF",
            description = "Compare with the same FILEs at this git revision (e.g. origin/main) instead of Kong.")
    String againstGit;

    @Mixin
    RouteCheckOptions routes;

    @Mixin
    StableIdOptions ids;

    @Option(names = "--last-sync", paramLabel = "TIME|REPORT", converter = Choices.LastSyncTime.class,
            description = "When the last sync ended (epoch seconds, ISO-8601, or a sync's JSON report): each "
                    + "difference then says whether Kong or the files changed since.")
    Long lastSync;

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("diff", kong.address, null, null, input.selectTags, input.files));
        Plan plan = null;
        Timings timings = new Timings();
        List<CurrentEntity> unmanaged = null;
        KongSession opened = null;
        try {
            input.required();
            java.util.Set<dev.kongsync.kind.EntityKind> skipped = skip.kinds();
            if (!against.isEmpty() || againstGit != null) {
                plan = offline(report);
            } else {
                try (KongSession.Prepared run = KongSession.prepare(kong.toConfig(), Math.max(1, parallelism), timings,
                        () -> ConfigParser.load(input.files, input.selectTags), () -> KongSession.ReadAhead.of(
                                input.files, input.selectTags, skipped, RouteChecks.READ_WHOLE))) {
                    KongSession session = run.session().skip(skipped).ids(ids.strategy());
                    DesiredState desired = run.desired();
                    opened = session;
                    report.info(new RunInfo("diff", kong.address, session.info().version(),
                            session.info().database(), desired.selectTags(), desired.files()));
                    plan = session.plan(desired, dev.kongsync.state.Coverage.COMPLETE, RouteChecks.READ_WHOLE);
                    report.plan(plan);
                    dev.kongsync.pipeline.SyncRun.checkedByKong(session, plan, desired, report);
                    DesiredState scoped = desired.without(skip.kinds());
                    boolean collide = !RouteChecks.online(session, scoped, plan, routes.settings(ids.stableIds), report)
                            .errors().isEmpty();
                    Ownership.online(session, scoped, plan, report);
                    if (kong.verbose) {
                        unmanaged = Ownership.unmanaged(session, desired.selectTags());
                    }
                    if (planOut != null && collide) {
                        report.error(Report.Error.of("--plan-out: " + planOut + " is not saved: route collisions "
                                + "above are errors"));
                    }
                    if (lastSync != null) {
                        report.attribution(Attribution.of(plan, session.lastRead(), lastSync));
                    }
                    if (planOut != null && !collide) {
                        PlanFile.write(planOut, plan, session.client().config().address().toString(),
                                session.info().version(), desired.digests(), skip.kinds(), desired.environment());
                    }
                }
            }
        } catch (IOException e) {
            Outcome.fail(report, new UncheckedIOException("cannot write " + planOut + ": " + e.getMessage(), e));
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, format.output);
        Outcome.verbose(kong, timings, opened);
        if (unmanaged != null) {
            System.err.println("unmanaged: " + Unmanaged.describe(unmanaged));
        }
        return Outcome.compareExitCode(report, exitCode);
    }

    private Plan offline(Report report) {
        if (!against.isEmpty() && againstGit != null) {
            throw new IllegalArgumentException("give --against or --against-git, not both");
        }
        if (planOut != null || lastSync != null) {
            throw new IllegalArgumentException("--plan-out and --last-sync need the live Kong; drop --against");
        }
        DesiredState newer = ConfigParser.load(input.files, input.selectTags);
        DesiredState older = againstGit != null
                ? OfflineDiff.atGitRevision(againstGit, input.files, newer.selectTags())
                : ConfigParser.load(against, input.selectTags);
        String baseline = againstGit != null ? String.join(", ", input.files) + " at " + againstGit
                : String.join(", ", against);
        report.info(new RunInfo("diff", null, null, null, newer.selectTags(), newer.files(), baseline));
        Plan plan = OfflineDiff.compare(newer, older, BundledSchemas.registry());
        report.plan(plan);
        RouteChecks.offline(List.of(newer), routes.settings(false), report);
        return plan;
    }
}
