package dev.kongsync.apply;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.FieldChange;
import dev.kongsync.plan.Operation;
import dev.kongsync.state.CurrentEntity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sync changed, kept so that {@code kongsync undo} can take Kong back later: every applied operation with
 * the entity as it was before (the pre-image kongsync read) and as Kong answered the write (the post-image, to
 * refuse an undo when Kong changed since). Pre-images hold secret values as Kong stores them, so the file is created
 * readable by its owner only.
 */
public final class Journal {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    /** One applied operation: the operation, and the entity before and after it (null where there is none). */
    public record Entry(Operation operation, Map<String, Object> before, Map<String, String> beforeRefs,
                        Map<String, Object> after) {}

    /** A journal as read back. */
    public record Read(String address, String createdAt, List<Entry> entries) {}

    private Journal() {}

    /** Writes the applied operations of {@code result} with their pre- and post-images. */
    public static void write(Path path, String address, ApplyResult result, Map<String, CurrentEntity> preImages)
            throws IOException {
        List<Object> entries = new ArrayList<>();
        for (ApplyResult.Outcome o : result.outcomes()) {
            if (o.status() != OutcomeStatus.APPLIED) {
                continue;
            }
            Operation op = o.operation();
            CurrentEntity before = preImages.get(op.id());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", op.action().word());
            m.put("kind", op.kind().name());
            m.put("id", op.id());
            m.put("name", op.label());
            m.put("scope", op.scope());
            m.put("parent_id", op.parentId());
            m.put("index", op.index());
            m.put("depends_on", op.dependsOn());
            m.put("changes", op.changes().stream().map(c -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("path", c.path());
                f.put("before", c.before());
                f.put("after", c.after());
                return f;
            }).toList());
            m.put("body", op.body());
            m.put("secrets", new java.util.TreeSet<>(op.secrets()));
            m.put("before", before == null ? null : before.fields());
            m.put("before_refs", before == null ? null : before.refs());
            m.put("after", o.answer());
            entries.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kongsync_journal", FORMAT);
        doc.put("created_at", Instant.now().toString());
        doc.put("kong", Map.of("address", address));
        doc.put("applied", entries);
        writePrivate(path, JSON.writeValueAsString(doc) + "\n");
    }

    /** Writes text to a file only its owner can read (mode 0600 where the file system has modes). */
    public static void writePrivate(Path path, String text) throws IOException {
        Files.deleteIfExists(path);
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(path);
        }
        Files.writeString(path, text);
    }

    @SuppressWarnings("unchecked")
    public static Read read(Path path) {
        Map<String, Object> doc;
        try {
            doc = JSON.readValue(path.toFile(), new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read journal " + path + ": " + e.getMessage());
        }
        if (!(doc.get("kongsync_journal") instanceof Number n) || n.intValue() != FORMAT) {
            throw new IllegalArgumentException(path + " is not a kongsync journal (format " + FORMAT + ")");
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (Object o : (List<Object>) doc.get("applied")) {
                Map<String, Object> m = (Map<String, Object>) o;
                List<FieldChange> changes = new ArrayList<>();
                for (Object c : (List<Object>) m.get("changes")) {
                    Map<String, Object> cm = (Map<String, Object>) c;
                    changes.add(new FieldChange((String) cm.get("path"), cm.get("before"), cm.get("after")));
                }
                Set<Integer> deps = new LinkedHashSet<>();
                ((List<Object>) m.get("depends_on")).forEach(d -> deps.add(((Number) d).intValue()));
                Action action = switch ((String) m.get("action")) {
                    case "create" -> Action.CREATE;
                    case "update" -> Action.UPDATE;
                    case "delete" -> Action.DELETE;
                    default -> throw new IllegalArgumentException("unknown action " + m.get("action"));
                };
                EntityKind kind = EntityKind.byName((String) m.get("kind"));
                Operation op = new Operation(((Number) m.get("index")).intValue(), action, kind, (String) m.get("id"),
                        (String) m.get("name"), (String) m.get("scope"), null, null, null, changes,
                        (Map<String, Object>) m.get("body"), (String) m.get("parent_id"), deps,
                        new LinkedHashSet<>((List<String>) m.get("secrets")), null);
                entries.add(new Entry(op, (Map<String, Object>) m.get("before"),
                        (Map<String, String>) m.get("before_refs"), (Map<String, Object>) m.get("after")));
            }
            Map<String, Object> kong = (Map<String, Object>) doc.get("kong");
            return new Read((String) kong.get("address"), (String) doc.get("created_at"), entries);
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + " is not a valid kongsync journal: " + e);
        }
    }
}
