package dev.kongsync.cli;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = "Make Kong match the files: create, update and delete entities in scope, parents before "
                + "children (children before parents for deletes), in parallel where independent. Unchanged "
                + "entities are never written. Exit 0 when Kong matches, 1 on any error.")
public final class SyncCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    KongOptions kong;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--parallelism", defaultValue = "10", paramLabel = "N",
            description = "Concurrent Admin API requests (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--dry-run", description = "Compute and show the changes, write nothing (same as diff).")
    boolean dryRun;

    @Option(names = "--allow-empty", description = "Accept files that declare no entities, which deletes every "
            + "entity in scope.")
    boolean allowEmpty;

    /** The files, refused if they declare nothing (unless --allow-empty): that would delete everything in scope. */
    private DesiredState load() {
        DesiredState desired = ConfigParser.load(input.files, input.selectTags);
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
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1");
            }
            try (KongSession.Prepared run = KongSession.prepare(kong.toConfig(), parallelism, timings, this::load)) {
                KongSession session = run.session();
                DesiredState desired = run.desired();
                opened = session;
                report.info(new RunInfo("sync", kong.address, session.info().version(), session.info().database(),
                        desired.selectTags(), desired.files()));
                if (!dryRun) {
                    session.refuseDbLess();
                }
                Plan plan = session.plan(desired);
                report.plan(plan);
                if (!dryRun) {
                    ApplyResult result = session.apply(plan);
                    report.result(result);
                    if (!result.complete()) {
                        report.error(dev.kongsync.report.Report.Error.of("sync stopped after a failed write; "
                                + result.count(dev.kongsync.apply.OutcomeStatus.APPLIED) + " of "
                                + plan.operations().size() + " changes were applied"));
                    }
                }
            }
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, output);
        Outcome.verbose(kong, timings, opened);
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
