package dev.kongsync.cli;

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

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare the files with the live Kong and show what sync would change: only changed fields "
                + "for updates, creates and deletes by kind and name, then a summary. Sends no write.")
public final class DiffCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    KongOptions kong;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "text or json (default: ${DEFAULT-VALUE}). JSON is one document, printed in every case.")
    String output;

    @Option(names = "--exit-code", description = "Exit 2 when changes are pending (0 when in sync; 1 on any error).")
    boolean exitCode;

    @Option(names = "--parallelism", defaultValue = "10", paramLabel = "N",
            description = "Concurrent Admin API reads (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("diff", kong.address, null, null, input.selectTags, input.files));
        Plan plan = null;
        Timings timings = new Timings();
        KongSession opened = null;
        try {
            try (KongSession.Prepared run = KongSession.prepare(kong.toConfig(), Math.max(1, parallelism), timings,
                    () -> ConfigParser.load(input.files, input.selectTags))) {
                KongSession session = run.session();
                DesiredState desired = run.desired();
                opened = session;
                report.info(new RunInfo("diff", kong.address, session.info().version(), session.info().database(),
                        desired.selectTags(), desired.files()));
                plan = session.plan(desired);
                report.plan(plan);
            }
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, output);
        Outcome.verbose(kong, timings, opened);
        if (!report.errors().isEmpty()) {
            return ExitCodes.ERROR;
        }
        return exitCode && !plan.isEmpty() ? ExitCodes.CHANGES : ExitCodes.OK;
    }
}
