package dev.kongsync.report;

import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Replaces secret values by {@value #MASK} before anything is printed. Which fields are secret comes from the
 * plan (the entity-kind table and the schemas' {@code encrypted} marks), never from matching strings.
 */
public final class Redactor {
    public static final String MASK = "[redacted]";

    private Redactor() {}

    /** True if the value at {@code path} is, is inside, or contains a secret value. */
    public static boolean isSecret(Set<String> secrets, String path) {
        for (String s : secrets) {
            if (path.equals(s) || path.startsWith(s + ".") || s.startsWith(path + ".")) {
                return true;
            }
        }
        return false;
    }

    public static Object value(Set<String> secrets, String path, Object v) {
        return v != null && isSecret(secrets, path) ? MASK : v;
    }

    public static List<FieldChange> changes(Operation op) {
        List<FieldChange> out = new ArrayList<>();
        for (FieldChange c : op.changes()) {
            out.add(new FieldChange(c.path(), value(op.secrets(), c.path(), c.before()),
                    value(op.secrets(), c.path(), c.after())));
        }
        return out;
    }

    /** The changed fields, redacted, as plain maps {path, before, after} for JSON documents. */
    public static List<Map<String, Object>> changeMaps(Operation op) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (FieldChange c : changes(op)) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", c.path());
            f.put("before", c.before());
            f.put("after", c.after());
            out.add(f);
        }
        return out;
    }

    /**
     * Kong's text about an operation (an error message) with the operation's own secret values masked: Kong echoes
     * the value it refused ({@code UNIQUE violation detected on '{key="..."}'}), and that value may be a secret.
     */
    public static String text(Operation op, String text) {
        if (text == null || op.secrets().isEmpty()) {
            return text;
        }
        List<String> values = new ArrayList<>();
        for (Map<String, Object> fields : java.util.Arrays.asList(op.body(), op.after(), op.before())) {
            collectSecretValues(op.secrets(), "", fields, values);
        }
        values.sort((a, b) -> b.length() - a.length());
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    private static void collectSecretValues(Set<String> secrets, String prefix, Object v, List<String> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey();
                if (isSecret(secrets, p)) {
                    collectStrings(e.getValue(), out);
                }
            }
        }
    }

    private static void collectStrings(Object v, List<String> out) {
        if (v instanceof String s && !s.isEmpty()) {
            out.add(s);
        } else if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> collectStrings(x, out));
        } else if (v instanceof List<?> l) {
            l.forEach(x -> collectStrings(x, out));
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> entity(Set<String> secrets, Map<String, Object> fields) {
        if (fields == null) {
            return null;
        }
        return (Map<String, Object>) walk(secrets, "", fields);
    }

    private static Object walk(Set<String> secrets, String prefix, Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey();
                out.put(e.getKey().toString(), isSecret(secrets, p) && e.getValue() != null ? MASK
                        : walk(secrets, p, e.getValue()));
            }
            return out;
        }
        return v;
    }
}
