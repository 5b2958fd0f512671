package dev.kongsync.pipeline;

import dev.kongsync.file.Location;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.plan.Operation;
import dev.kongsync.report.Redactor;
import dev.kongsync.state.DesiredEntity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Kong's refusal of an entity (a schema-violation document) as problems placed where the files wrote it. */
final class KongRefusals {
    private KongRefusals() {}

    static List<Problem> problems(Operation op, DesiredEntity source, Map<String, Object> refusal) {
        List<Problem> out = new ArrayList<>();
        Object fields = refusal.get("fields");
        if (fields instanceof Map<?, ?> m && !m.isEmpty()) {
            flatten(List.of(), m, op, source, out);
        }
        if (out.isEmpty()) {
            out.add(problem(op, source, List.of(), "Kong refuses it: " + refusal.getOrDefault("message", refusal)));
        }
        return out;
    }

    private static void flatten(List<String> path, Object v, Operation op, DesiredEntity source, List<Problem> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = String.valueOf(e.getKey());
                if (k.equals("@entity")) {
                    if (e.getValue() instanceof List<?> l) {
                        l.forEach(msg -> out.add(problem(op, source, path, "Kong refuses it: " + msg)));
                    } else {
                        out.add(problem(op, source, path, "Kong refuses it: " + e.getValue()));
                    }
                    continue;
                }
                List<String> sub = new ArrayList<>(path);
                sub.add(k);
                flatten(sub, e.getValue(), op, source, out);
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                if (l.get(i) != null) {
                    List<String> sub = new ArrayList<>(path);
                    sub.add(String.valueOf(i));
                    flatten(sub, l.get(i), op, source, out);
                }
            }
        } else if (v != null) {
            out.add(problem(op, source, path, "Kong refuses it: " + v));
        }
    }

    private static Problem problem(Operation op, DesiredEntity source, List<String> path, String message) {
        String dotted = String.join(".", path);
        String shown = Redactor.isSecret(op.secrets(), dotted)
                ? message.replaceFirst(":.*", "") + " (" + Redactor.MASK + ": the value is secret)"
                : Redactor.text(op, message);
        if (source == null) {
            return new Problem(op.origin() == null ? null : op.origin().location(),
                    op.display() + (dotted.isEmpty() ? "" : "." + dotted), shown);
        }
        String ptr = source.pointerOf(path);
        Location at = source.doc().locate(ptr);
        return new Problem(at, SourceDocument.pathOf(ptr), shown);
    }
}
