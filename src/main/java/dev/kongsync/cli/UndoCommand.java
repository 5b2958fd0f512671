package dev.kongsync.cli;

import dev.kongsync.apply.Journal;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.pipeline.Undoing;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "undo", mixinStandardHelpOptions = true,
        description = {"Take Kong back to where it was before the sync that wrote JOURNAL (sync --journal): delete "
                + "what it created, write back what it changed, re-create what it deleted with the same ids, in "
                + "reverse order.",
                "Refuses, writing nothing, for another Kong or when an entity the sync wrote changed since. Kong has "
                        + "no transaction: timestamps are new, and secrets Kong keeps only hashed (basic-auth "
                        + "passwords) cannot be restored; the report says which.",
                "Exit 0 when everything was restored, 1 on any error (nothing written if found before writing), 4 "
                        + "when a failed write stopped it part-way."})
public final class UndoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JOURNAL", description = "A journal written by sync --journal.")
    Path journal;

    @Mixin
    KongOptions kong;

    @Mixin
    ReportFormatOptions format;

    @Mixin
    WritePacingOptions pacing;

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("undo", kong.address, null, null, List.of(), List.of(journal.toString())));
        Timings timings = new Timings();
        KongSession opened = null;
        try (Signals signals = Signals.install()) {
            try {
                dev.kongsync.apply.Pacing writes = pacing.pacing();
                Journal.Read read = Journal.read(journal);
                try (KongSession session = KongSession.open(kong.toConfig(), pacing.reads(), timings).pacing(writes)) {
                    opened = session;
                    signals.forward(session::stop);
                    report.info(new RunInfo("undo", kong.address, session.info().version(),
                            session.info().database(), List.of(), List.of(journal.toString())));
                    Undoing.run(session, read, report);
                }
            } catch (RuntimeException e) {
                Outcome.fail(report, signals.explain(e, report));
            }
        }
        Outcome.print(report, format.output);
        Outcome.verbose(kong, timings, opened);
        if (report.result() != null && !report.result().complete() && report.result().wroteAnything()) {
            return ExitCodes.PARTIAL;
        }
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
