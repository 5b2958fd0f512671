package dev.kongsync.cli;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.pipeline.SyncRun;
import dev.kongsync.pipeline.Timings;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.DeletionGuard;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Counts;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Delete every entity in scope (with --select-tag, those carrying all the tags; else all of "
                + "Kong's), children before parents. The deletion guard applies (--max-deletes, --protect; "
                + "certificates, CA certificates and vaults only with --allow-deletes).",
                "Asks for confirmation on a terminal; --yes skips the question. Without a terminal (CI, a pipe) and "
                        + "without --yes it refuses and deletes nothing.",
                "Exit 0 when everything in scope was deleted, 1 on any error (nothing deleted if found before "
                        + "writing), 4 when a failed delete stopped it part-way."})
public final class ResetCommand implements Callable<Integer> {
    @Mixin
    KongOptions kong;

    @Mixin
    SkipOptions skip;

    @Option(names = "--select-tag", paramLabel = "TAG", split = ",",
            description = "Delete only entities carrying all these tags (repeatable; max 5).")
    List<String> selectTags = new ArrayList<>();

    @Option(names = "--yes", description = "Delete without asking (needed where there is no terminal to ask on).")
    boolean yes;

    @Mixin
    ReportFormatOptions format;

    @Mixin
    WritePacingOptions pacing;

    @Option(names = "--dry-run", description = "Show what would be deleted, delete nothing (no question asked).")
    boolean dryRun;

    @Option(names = "--max-deletes", paramLabel = "N|N%", converter = Choices.DeleteLimit.class,
            description = "Refuse, before any delete, to delete more than N entities (or N%% of those in scope).")
    String maxDeletes;

    @Option(names = "--protect", paramLabel = "KIND", converter = Choices.Kind.class,
            completionCandidates = Choices.Kind.class,
            description = "Refuse, before any delete, when an entity of this kind would be deleted; repeatable.")
    List<String> protect = new ArrayList<>();

    @Option(names = "--allow-deletes", description = "Delete even beyond --max-deletes and --protect, certificates, "
            + "CA certificates and vaults included.")
    boolean allowDeletes;

    @Option(names = "--journal", paramLabel = "FILE",
            description = "Keep what was deleted, for kongsync undo FILE (created readable by its owner only: it holds "
                    + "secret values as Kong stores them).")
    Path journal;

    @Override
    public Integer call() {
        List<String> tags = List.copyOf(new TreeSet<>(selectTags));
        Report report = new Report(new RunInfo("reset", kong.address, null, null, tags, List.of()));
        Timings timings = new Timings();
        KongSession opened = null;
        try {
            dev.kongsync.apply.Pacing writes = pacing.pacing();
            if (tags.size() > 5) {
                throw new IllegalArgumentException("--select-tag: Kong filters on at most 5 tags, got " + tags.size());
            }
            DeletionGuard guard = new DeletionGuard(maxDeletes, new LinkedHashSet<>(protect), allowDeletes, true);
            Set<EntityKind> skipped = skip.kinds();
            dev.kongsync.admin.AdminConfig config = kong.toConfig();
            DesiredState nothing = new DesiredState(List.of(), tags, List.of(), Map.of(), Map.of(), Map.of());
            try (KongSession session = KongSession.open(config, pacing.reads(), timings).pacing(writes).skip(skipped)) {
                opened = session;
                report.info(new RunInfo("reset", kong.address, session.info().version(), session.info().database(),
                        tags, List.of()));
                if (!dryRun) {
                    session.refuseDbLess();
                }
                Plan plan = session.plan(nothing);
                report.plan(plan);
                String refused = guard.check(plan);
                if (refused != null) {
                    throw new IllegalStateException(refused + " Nothing was deleted.");
                }
                if (!dryRun && !plan.isEmpty() && !yes) {
                    confirm(plan, session); // Ctrl-C at the question ends kongsync as usual
                }
                try (Signals signals = Signals.install()) {
                    signals.forward(session::stop);
                    SyncRun.apply(session, plan, nothing, new SyncRun.Options(guard, dryRun, false, journal), report);
                }
            }
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, format.output);
        Outcome.verbose(kong, timings, opened);
        if (report.leftPartlyChanged()) {
            return ExitCodes.PARTIAL;
        }
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** Asks on the terminal; throws when there is none, or when the answer is not yes. */
    private void confirm(Plan plan, KongSession session) {
        String what = "reset deletes " + Counts.entities(plan.operations().size()) + " (" + byKind(plan)
                + ") from Kong at " + session.client().config().address()
                + (selectTags.isEmpty() ? ", all of its configuration (no --select-tag)"
                : ", those tagged " + String.join(", ", new TreeSet<>(selectTags))) + ".";
        Confirmation.Terminal terminal = Confirmation.system();
        if (terminal == null) {
            throw new IllegalStateException(what + " There is no terminal to confirm on (standard input or output is "
                    + "not one), so nothing was deleted: pass --yes to reset without a question.");
        }
        if (!Confirmation.confirmed(terminal, what)) {
            throw new IllegalStateException("reset not confirmed: nothing was deleted.");
        }
    }

    private static String byKind(Plan plan) {
        Map<Integer, Map<String, Integer>> byLevel = new TreeMap<>();
        for (Operation op : plan.operations()) {
            if (op.action() == Action.DELETE) {
                byLevel.computeIfAbsent(op.kind().level(), k -> new TreeMap<>()).merge(op.kind().name(), 1,
                        Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        byLevel.values().forEach(m -> m.forEach((kind, n) -> parts.add(Counts.of(n, EntityKind.byName(kind)))));
        return String.join(", ", parts);
    }
}
