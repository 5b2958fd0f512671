package dev.kongsync.plan;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kongsync.file.Location;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.report.Redactor;
import dev.kongsync.state.Fingerprint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A plan saved for review and later application ({@code diff --plan-out}, {@code sync --plan}): plain, indented
 * JSON with every operation and its before and after, the Kong it was computed against, the select tags, the
 * digests of the input files and the fingerprint of Kong's state. Secret values are not in it: write bodies hold
 * {@code {"$secret": "<field>"}} where a secret goes, resolved again from the files (and environment) on apply.
 */
public final class PlanFile {
    public static final int FORMAT = 1;
    private static final String SECRET = "$secret";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /**
     * The plan and what it was made against.
     *
     * @param environment the salt and, per environment variable the files used, the salted SHA-256 of its value
     */
    public record Saved(Plan plan, String address, String kongVersion, Map<String, String> files, String createdAt,
                        Set<EntityKind> skipped, Environment environment) {
        public boolean needsSecrets() {
            return plan.operations().stream().anyMatch(o -> o.body() != null && hasPlaceholder(o.body()));
        }
    }

    private PlanFile() {}

    /**
     * Digests of the environment values a plan was made with: never the values, a salted SHA-256 of each, so that
     * applying the plan can refuse when a variable now holds something else.
     */
    public record Environment(String salt, Map<String, String> digests) {
        public static Environment of(Map<String, String> values) {
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            String s = java.util.HexFormat.of().formatHex(salt);
            Map<String, String> d = new java.util.TreeMap<>();
            values.forEach((k, v) -> d.put(k, digest(s, v)));
            return new Environment(s, d);
        }

        public static String digest(String salt, String value) {
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest((salt + ":" + value).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The variables whose value in {@code env} is not the one the plan was made with. */
        public List<String> changed(java.util.function.Function<String, String> env) {
            List<String> out = new ArrayList<>();
            digests.forEach((name, d) -> {
                String now = env.apply(name);
                if (now == null || !digest(salt, now).equals(d)) {
                    out.add(name + (now == null ? " (now unset)" : ""));
                }
            });
            return out;
        }
    }

    public static void write(Path path, Plan plan, String address, String kongVersion, Map<String, String> files,
                             Set<EntityKind> skipped, Map<String, String> environment) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kongsync_plan", FORMAT);
        doc.put("created_at", Instant.now().toString());
        doc.put("kong", Map.of("address", address, "version", kongVersion == null ? "unknown" : kongVersion));
        doc.put("select_tags", plan.selectTags());
        doc.put("skip", skipped.stream().map(EntityKind::name).sorted().toList());
        doc.put("files", files);
        Environment env = Environment.of(environment);
        doc.put("environment", Map.of("salt", env.salt(), "sha256", env.digests()));
        Map<String, Object> summary = new LinkedHashMap<>();
        for (Action a : Action.values()) {
            summary.put(a.word(), plan.count(a));
        }
        summary.put("total", plan.operations().size());
        doc.put("summary", summary);
        Map<String, Object> fp = new LinkedHashMap<>();
        fp.put("sha256", plan.fingerprint().sha256());
        fp.put("entity_count", plan.currentCount());
        fp.put("entities", plan.fingerprint().entities());
        fp.put("labels", plan.fingerprint().labels());
        doc.put("fingerprint", fp);
        doc.put("desired_count", plan.desiredCount());
        List<Object> ops = new ArrayList<>();
        for (Operation op : plan.operations()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", op.index());
            m.put("action", op.action().word());
            m.put("kind", op.kind().name());
            m.put("id", op.id());
            m.put("name", op.label());
            m.put("scope", op.scope());
            m.put("renamed_from", op.renamedFrom());
            m.put("parent_id", op.parentId());
            m.put("depends_on", op.dependsOn());
            m.put("changes", Redactor.changeMaps(op));
            m.put("before", Redactor.entity(op.secrets(), op.before()));
            m.put("after", Redactor.entity(op.secrets(), op.after()));
            m.put("body", op.body() == null ? null : placeholders(op.secrets(), op.body()));
            m.put("secrets", new TreeSet<>(op.secrets()));
            if (op.origin() != null) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("file", op.origin().file());
                o.put("pointer", op.origin().pointer());
                o.put("line", op.origin().location().line());
                o.put("column", op.origin().location().column());
                o.put("env", op.origin().env());
                m.put("origin", o);
            }
            ops.add(m);
        }
        doc.put("operations", ops);
        Files.writeString(path, JSON.writeValueAsString(doc) + "\n");
    }

    /** Reads a plan file; throws IllegalArgumentException with the reason if it is not one. */
    @SuppressWarnings("unchecked")
    public static Saved read(Path path) {
        Map<String, Object> doc;
        try {
            doc = JSON.readValue(path.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read plan " + path + ": " + e.getMessage());
        }
        if (!(doc.get("kongsync_plan") instanceof Number n) || n.intValue() != FORMAT) {
            throw new IllegalArgumentException(path + " is not a kongsync plan (format " + FORMAT + ")");
        }
        try {
            Map<String, Object> kong = (Map<String, Object>) doc.get("kong");
            Map<String, Object> fp = (Map<String, Object>) doc.get("fingerprint");
            Fingerprint fingerprint = new Fingerprint((String) fp.get("sha256"),
                    (Map<String, String>) fp.get("entities"), (Map<String, String>) fp.get("labels"));
            List<Operation> ops = new ArrayList<>();
            for (Object o : (List<Object>) doc.get("operations")) {
                Map<String, Object> m = (Map<String, Object>) o;
                List<FieldChange> changes = new ArrayList<>();
                for (Object c : (List<Object>) m.get("changes")) {
                    Map<String, Object> cm = (Map<String, Object>) c;
                    changes.add(new FieldChange((String) cm.get("path"), cm.get("before"), cm.get("after")));
                }
                Set<Integer> deps = new TreeSet<>();
                for (Object d : (List<Object>) m.get("depends_on")) {
                    deps.add(((Number) d).intValue());
                }
                Origin origin = null;
                if (m.get("origin") instanceof Map<?, ?> om) {
                    origin = new Origin((String) om.get("file"), (String) om.get("pointer"),
                            new Location((String) om.get("file"), ((Number) om.get("line")).intValue(),
                                    ((Number) om.get("column")).intValue()), (Map<String, String>) om.get("env"));
                }
                ops.add(new Operation(((Number) m.get("index")).intValue(), action((String) m.get("action")),
                        EntityKind.byName((String) m.get("kind")), (String) m.get("id"), (String) m.get("name"),
                        (String) m.get("scope"), (String) m.get("renamed_from"), (Map<String, Object>) m.get("before"),
                        (Map<String, Object>) m.get("after"), changes, (Map<String, Object>) m.get("body"),
                        (String) m.get("parent_id"), deps, new LinkedHashSet<>((List<String>) m.get("secrets")),
                        origin));
            }
            Plan plan = new Plan(ops, (List<String>) doc.get("select_tags"),
                    ((Number) fp.get("entity_count")).intValue(), ((Number) doc.get("desired_count")).intValue(),
                    fingerprint);
            Set<EntityKind> skipped = new LinkedHashSet<>();
            for (Object k : (List<Object>) doc.getOrDefault("skip", List.of())) {
                skipped.add(EntityKind.byName((String) k));
            }
            Map<String, Object> env = (Map<String, Object>) doc.getOrDefault("environment",
                    Map.of("salt", "", "sha256", Map.of()));
            return new Saved(plan, (String) kong.get("address"), (String) kong.get("version"),
                    (Map<String, String>) doc.get("files"), (String) doc.get("created_at"), skipped,
                    new Environment((String) env.get("salt"), (Map<String, String>) env.get("sha256")));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " is not a valid kongsync plan: " + e);
        }
    }

    private static Action action(String word) {
        for (Action a : Action.values()) {
            if (a.word().equals(word)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action " + word);
    }

    /** The body with every secret value replaced by a placeholder naming its field. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> placeholders(Set<String> secrets, Map<String, Object> body) {
        return (Map<String, Object>) replace("", body, secrets);
    }

    private static Object replace(String path, Object v, Set<String> secrets) {
        if (!path.isEmpty() && secrets.contains(path) && v != null) {
            return Map.of(SECRET, path);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put((String) k, replace(path.isEmpty() ? (String) k : path + "." + k, x, secrets)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < l.size(); i++) {
                out.add(replace(path + "." + i, l.get(i), secrets));
            }
            return out;
        }
        return v;
    }

    static boolean hasPlaceholder(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.containsKey(SECRET) || m.values().stream().anyMatch(PlanFile::hasPlaceholder);
        }
        if (v instanceof List<?> l) {
            return l.stream().anyMatch(PlanFile::hasPlaceholder);
        }
        return false;
    }

    /**
     * The body with each placeholder replaced by the value at its field in {@code fields} (the entity resolved
     * again from the files and the environment).
     */
    @SuppressWarnings("unchecked")
    public static Object resolve(Object v, Map<String, Object> fields) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get(SECRET) instanceof String p) {
                Object cur = fields;
                for (String seg : p.split("\\.")) {
                    if (cur instanceof Map<?, ?> cm) {
                        cur = cm.get(seg);
                    } else if (cur instanceof List<?> cl && seg.chars().allMatch(Character::isDigit)) {
                        cur = Integer.parseInt(seg) < cl.size() ? cl.get(Integer.parseInt(seg)) : null;
                    } else {
                        cur = null;
                    }
                }
                if (cur == null) {
                    throw new IllegalStateException("the secret " + p + " has no value in the files any more");
                }
                return cur;
            }
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, x) -> out.put(k, resolve(x, fields)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(resolve(x, fields)));
            return out;
        }
        return v;
    }
}
