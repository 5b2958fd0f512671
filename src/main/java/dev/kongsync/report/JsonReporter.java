package dev.kongsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kongsync.apply.ApplyResult;
import dev.kongsync.apply.OutcomeStatus;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One stable JSON document per run, printed in every case, errors included. Its shape is documented in the
 * README ("JSON output"); fields are only ever added, never renamed.
 */
public final class JsonReporter implements Reporter {
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Override
    public void write(Report report, PrintStream out, PrintStream err) {
        try {
            out.println(JSON.writeValueAsString(document(report)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> document(Report report) {
        Map<String, Object> doc = new LinkedHashMap<>();
        RunInfo info = report.info();
        doc.put("format_version", FORMAT_VERSION);
        doc.put("command", info.command());
        Map<String, Object> kong = new LinkedHashMap<>();
        kong.put("address", info.address());
        kong.put("version", info.kongVersion());
        kong.put("database", info.database());
        doc.put("kong", info.address() == null ? null : kong);
        doc.put("files", info.files());
        doc.put("baseline", info.baseline());
        doc.put("select_tags", info.selectTags());
        Plan plan = report.plan();
        ApplyResult result = report.result();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("create", plan == null ? 0 : plan.count(Action.CREATE));
        summary.put("update", plan == null ? 0 : plan.count(Action.UPDATE));
        summary.put("delete", plan == null ? 0 : plan.count(Action.DELETE));
        summary.put("total", plan == null ? 0 : plan.operations().size());
        summary.put("in_sync", plan != null && report.errors().isEmpty()
                && (plan.isEmpty() || (result != null && result.complete())));
        doc.put("summary", summary);
        doc.put("ok", report.errors().isEmpty());
        List<Object> changes = new ArrayList<>();
        if (plan != null) {
            for (Operation op : plan.operations()) {
                Map<String, Object> c = change(op, result);
                if (report.attribution().containsKey(op.index())) {
                    c.put("attribution", report.attribution().get(op.index()));
                }
                changes.add(c);
            }
        }
        doc.put("changes", changes);
        if (result != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("applied", result.count(OutcomeStatus.APPLIED));
            r.put("failed", result.count(OutcomeStatus.FAILED));
            r.put("not_attempted", result.count(OutcomeStatus.NOT_ATTEMPTED));
            r.put("complete", result.complete());
            r.put("stopped_by", result.stoppedBy());
            r.put("finished_at", report.finishedAt() == null ? null : report.finishedAt().getEpochSecond());
            doc.put("result", r);
        } else {
            doc.put("result", null);
        }
        Report.Rollback rb = report.rollback();
        if (rb != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            List<Object> undo = new ArrayList<>();
            rb.plan().operations().forEach(op -> undo.add(change(op, rb.result())));
            r.put("changes", undo);
            r.put("applied", rb.result() == null ? 0 : rb.result().count(OutcomeStatus.APPLIED));
            r.put("failed", rb.result() == null ? 0 : rb.result().count(OutcomeStatus.FAILED));
            r.put("complete", rb.complete());
            r.put("notes", rb.notes());
            doc.put("rollback", r);
        } else {
            doc.put("rollback", null);
        }
        doc.put("route_check", RouteCheckJson.of(report.routeCheck()));
        doc.put("warnings", report.warnings());
        List<Object> errors = new ArrayList<>();
        for (Report.Error e : report.errors()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("message", e.message());
            m.put("file", e.file());
            m.put("line", e.line());
            m.put("column", e.column());
            m.put("field", e.field());
            errors.add(m);
        }
        doc.put("errors", errors);
        return doc;
    }

    private static Map<String, Object> change(Operation op, ApplyResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", op.action().word());
        m.put("kind", op.kind().name());
        m.put("name", op.label());
        m.put("scope", op.scope().isEmpty() ? null : op.scope());
        m.put("id", op.id());
        m.put("renamed_from", op.renamedFrom());
        m.put("fields", Redactor.changeMaps(op));
        m.put("before", Redactor.entity(op.secrets(), op.before()));
        m.put("after", Redactor.entity(op.secrets(), op.after()));
        if (op.origin() != null) {
            m.put("source", op.origin().location().toString());
        }
        if (result != null) {
            ApplyResult.Outcome o = result.outcomes().get(op.index());
            m.put("status", o.status().name().toLowerCase(Locale.ROOT));
            m.put("error", o.error());
        }
        return m;
    }
}
