package dev.kongsync.pipeline;

import dev.kongsync.concurrent.Background;
import dev.kongsync.file.Problem;
import dev.kongsync.owners.OwnershipLint;
import dev.kongsync.owners.Unmanaged;
import dev.kongsync.plan.Plan;
import dev.kongsync.report.Report;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.StateReader;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The ownership stage: the lint's errors and warnings into the report; the entities no owner tag claims. */
public final class Ownership {
    private Ownership() {}

    /** Records a lint result: errors with their file, line and field; warnings. */
    public static void record(OwnershipLint.Result lint, Report report) {
        for (Problem p : lint.errors()) {
            report.error(Report.Error.of(p));
        }
        for (String w : lint.warnings()) {
            if (!report.warnings().contains(w)) {
                report.warnings().add(w);
            }
        }
    }

    /** The lint against Kong, for the plan just made in {@code session}. */
    public static void online(KongSession session, DesiredState desired, Plan plan, Report report) {
        CurrentState outside = session.lastOutside();
        record(OwnershipLint.online(desired, plan, outside == null ? new CurrentState(List.of()) : outside), report);
    }

    /**
     * Every entity in Kong that carries no owner tag, read without the tag filter (reused from the last read when
     * it had none).
     */
    public static List<CurrentEntity> unmanaged(KongSession session, List<String> selectTags) {
        if (selectTags.isEmpty() && session.lastRead() != null) {
            return Unmanaged.of(session.lastRead());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4, Background.daemons("kongsync-unscoped"));
        try {
            return session.timings().time("unmanaged", () -> Unmanaged.of(StateReader.read(session.client(),
                    session.schemas(), List.of(), Set.of(), pool)));
        } finally {
            pool.shutdownNow();
        }
    }
}
