package dev.kongsync.report;

import dev.kongsync.apply.ApplyResult;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Attribution;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.schema.Values;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;

/**
 * Markdown for a pull-request comment: a headline, a summary table per kind, the deletes called out first, then
 * each changed entity with only its changed fields. Secret values are redacted.
 */
public final class MarkdownReporter implements Reporter {

    @Override
    public void write(Report report, PrintStream out, PrintStream err) {
        RunInfo info = report.info();
        Plan plan = report.plan();
        StringBuilder md = new StringBuilder();
        String what = info.address() != null ? "Kong " + info.kongVersion() + " at `" + info.address() + "`"
                : info.baseline() != null ? code(info.baseline()) : "the previous version of the files";
        if (plan == null) {
            md.append("### kongsync ").append(info.command()).append(report.errors().isEmpty() ? ": passed\n\n"
                    : ": failed\n\n");
            report.notes().forEach(n -> md.append(escape(n)).append("\n\n"));
        } else if (plan.isEmpty()) {
            md.append("### kongsync ").append(info.command()).append(": no changes\n\n")
                    .append(String.join(", ", info.files())).append(" match ").append(what).append(".\n");
        } else {
            md.append("### kongsync ").append(info.command()).append(": ").append(plan.operations().size())
                    .append(plan.operations().size() == 1 ? " change" : " changes").append("\n\n");
            md.append("Compared ").append(code(String.join(", ", info.files()))).append(" with ").append(what);
            if (!info.selectTags().isEmpty()) {
                md.append(", select tags ").append(code(String.join(", ", info.selectTags())));
            }
            md.append(".\n\n| kind | create | update | delete |\n| --- | ---: | ---: | ---: |\n");
            for (EntityKind k : EntityKind.all()) {
                long c = count(plan, k, Action.CREATE);
                long u = count(plan, k, Action.UPDATE);
                long d = count(plan, k, Action.DELETE);
                if (c + u + d > 0) {
                    md.append("| ").append(k.fileKey()).append(" | ").append(c).append(" | ").append(u).append(" | ")
                            .append(d).append(" |\n");
                }
            }
            md.append("| **total** | **").append(plan.count(Action.CREATE)).append("** | **")
                    .append(plan.count(Action.UPDATE)).append("** | **").append(plan.count(Action.DELETE)).append("** |\n");
            List<Operation> ordered = plan.operations().stream()
                    .sorted(Comparator.comparingInt((Operation o) -> o.action() == Action.DELETE ? 0 : 1)
                            .thenComparingInt(Operation::index)).toList();
            long deletes = plan.count(Action.DELETE);
            if (deletes > 0) {
                md.append("\n> [!WARNING]\n> **").append(deletes).append(deletes == 1 ? " delete" : " deletes")
                        .append("**: ");
                md.append(String.join(", ", ordered.stream().filter(o -> o.action() == Action.DELETE)
                        .map(o -> code(o.display())).toList())).append("\n");
            }
            md.append('\n');
            ApplyResult result = report.result();
            for (Operation op : ordered) {
                md.append("#### ").append(op.action().symbol()).append(' ').append(op.action().word()).append(' ')
                        .append(code(op.display()));
                if (op.renamedFrom() != null) {
                    md.append(" (was ").append(code(op.renamedFrom())).append(')');
                }
                md.append('\n');
                String who = report.attribution().get(op.index());
                if (who != null) {
                    md.append('\n').append("_").append(Attribution.describe(who)).append("_\n");
                }
                if (result != null) {
                    ApplyResult.Outcome o = result.outcomes().get(op.index());
                    md.append("\n").append(switch (o.status()) {
                        case APPLIED -> "applied";
                        case FAILED -> "**failed**: " + escape(o.error());
                        case NOT_ATTEMPTED -> "not attempted";
                    }).append('\n');
                }
                List<FieldChange> created = CreatedFields.of(op, plan.selectTags());
                if (!created.isEmpty()) {
                    md.append("\n| field | value |\n| --- | --- |\n");
                    for (FieldChange c : created) {
                        md.append("| ").append(code(c.path())).append(" | ").append(value(c.after())).append(" |\n");
                    }
                }
                if (op.action() == Action.UPDATE) {
                    md.append("\n| field | before | after |\n| --- | --- | --- |\n");
                    for (FieldChange c : Redactor.changes(op)) {
                        md.append("| ").append(code(c.path())).append(" | ").append(value(c.before())).append(" | ")
                                .append(value(c.after())).append(" |\n");
                    }
                }
                md.append('\n');
            }
        }
        RouteCheckMarkdown.append(md, report.routeCheck());
        for (Report.Error e : report.errors()) {
            md.append("> [!CAUTION]\n> ").append(escape(e.toString())).append("\n\n");
        }
        out.print(md.toString().stripTrailing() + "\n");
    }

    private static long count(Plan plan, EntityKind k, Action a) {
        return plan.operations().stream().filter(o -> o.kind() == k && o.action() == a).count();
    }

    private static String value(Object v) {
        return Redactor.MASK.equals(v) ? "_redacted_" : code(Values.render(v));
    }

    private static String code(String s) {
        String t = s.replace("|", "\\|").replace("\n", " ");
        return t.contains("`") ? "`` " + t + " ``" : "`" + t + "`";
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }
}
