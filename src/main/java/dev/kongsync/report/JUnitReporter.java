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
import java.util.ArrayList;
import java.util.List;

/**
 * JUnit XML, so that CI tools show drift as failed test cases: one failing test case per pending change (its
 * changed fields in the failure text), one passing test case per kind without changes, and an error test case per
 * error. Secret values are redacted.
 */
public final class JUnitReporter implements Reporter {

    @Override
    public void write(Report report, PrintStream out, PrintStream err) {
        Plan plan = report.plan();
        List<String> cases = new ArrayList<>();
        int failures = 0;
        int errors = 0;
        if (plan != null) {
            ApplyResult result = report.result();
            for (Operation op : plan.operations()) {
                boolean applied = result != null
                        && result.outcomes().get(op.index()).status() == dev.kongsync.apply.OutcomeStatus.APPLIED;
                StringBuilder text = new StringBuilder();
                for (FieldChange c : Redactor.changes(op)) {
                    text.append(c.path()).append(": ").append(show(c.before())).append(" -> ").append(show(c.after()))
                            .append('\n');
                }
                String who = report.attribution().get(op.index());
                if (who != null) {
                    text.append(Attribution.describe(who)).append('\n');
                }
                String message = op.action().word() + " " + op.display()
                        + (op.renamedFrom() != null ? " (was " + op.renamedFrom() + ")" : "");
                StringBuilder tc = new StringBuilder("    <testcase classname=\"kongsync.").append(xml(op.kind().name()))
                        .append("\" name=\"").append(xml(op.display())).append("\"");
                if (applied) {
                    tc.append("/>");
                } else {
                    failures++;
                    tc.append(">\n      <failure type=\"").append(op.action().word()).append("\" message=\"")
                            .append(xml(message)).append("\">").append(xml(text.toString())).append("</failure>\n")
                            .append("    </testcase>");
                }
                cases.add(tc.toString());
            }
            for (EntityKind k : EntityKind.all()) {
                if (plan.operations().stream().noneMatch(o -> o.kind() == k)) {
                    cases.add("    <testcase classname=\"kongsync." + k.name() + "\" name=\"" + k.fileKey()
                            + " match the files\"/>");
                }
            }
        }
        List<String> routeCases = RouteCheckJUnit.cases(report.routeCheck());
        cases.addAll(routeCases);
        int skipped = (int) routeCases.stream().filter(c -> c.contains("<skipped")).count();
        if (plan == null && report.errors().isEmpty()) {
            for (String note : report.notes()) {
                cases.add("    <testcase classname=\"kongsync." + xml(report.info().command()) + "\" name=\""
                        + xml(note) + "\"/>");
            }
        }
        for (Report.Error e : report.errors()) {
            errors++;
            cases.add("    <testcase classname=\"kongsync\" name=\"" + xml(report.info().command()) + "\">\n"
                    + "      <error message=\"" + xml(e.toString()) + "\"/>\n    </testcase>");
        }
        String name = "kongsync " + report.info().command()
                + (report.info().files().isEmpty() ? "" : " " + String.join(" ", report.info().files()));
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append("<testsuites name=\"kongsync\" tests=\"").append(cases.size()).append("\" failures=\"")
                .append(failures).append("\" errors=\"").append(errors).append("\">\n");
        x.append("  <testsuite name=\"").append(xml(name)).append("\" tests=\"").append(cases.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"").append(errors)
                .append(skipped > 0 ? "\" skipped=\"" + skipped : "").append("\">\n");
        cases.forEach(c -> x.append(c).append('\n'));
        x.append("  </testsuite>\n</testsuites>\n");
        out.print(x);
    }

    private static String show(Object v) {
        return Redactor.MASK.equals(v) ? Redactor.MASK : Values.render(v);
    }

    static String xml(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        sb.append(' ');
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
