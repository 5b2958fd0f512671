package dev.kongsync.pipeline;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Location;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.plan.Planner;
import dev.kongsync.schema.SchemaRegistry;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredState;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two desired states without Kong, with the semantics of the live diff: the older files are turned into
 * the state Kong would hold after syncing them (the bodies their sync would write), and the newer files are planned
 * against it. Used for pull-request reviews without Admin API access.
 */
public final class OfflineDiff {
    private OfflineDiff() {}

    public static Plan compare(DesiredState newer, DesiredState older, SchemaRegistry schemas) {
        List<Problem> problems = new ArrayList<>(ConfigValidator.problems(older, schemas));
        problems.addAll(ConfigValidator.problems(newer, schemas));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return Planner.planOffline(newer, asKongWouldHoldIt(older, schemas), schemas);
    }

    /** The state Kong holds after a sync of {@code desired} into an empty Kong. */
    public static CurrentState asKongWouldHoldIt(DesiredState desired, SchemaRegistry schemas) {
        return asKongWouldHoldIt(desired, schemas, (op, body) -> body);
    }

    /**
     * The same, each entity's fields passed through {@code fields} first (given the create and a copy of its body
     * that it may change): render masks secrets this way.
     */
    static CurrentState asKongWouldHoldIt(DesiredState desired, SchemaRegistry schemas,
                                          java.util.function.BiFunction<Operation, Map<String, Object>,
                                                  Map<String, Object>> fields) {
        Plan seed = Planner.planOffline(desired, new CurrentState(List.of()), schemas);
        List<CurrentEntity> entities = new ArrayList<>();
        for (Operation op : seed.operations()) {
            if (op.action() != Action.CREATE) {
                continue;
            }
            Map<String, Object> body = fields.apply(op, new LinkedHashMap<>(op.body()));
            body.put("id", op.id());
            Map<String, String> refs = new LinkedHashMap<>();
            for (EntityKind.Ref r : op.kind().refs()) {
                if (body.get(r.field()) instanceof Map<?, ?> m && m.get("id") instanceof String id) {
                    refs.put(r.field(), id);
                }
            }
            if (op.kind().parentRef() != null) {
                refs.put(op.kind().parentRef(), op.parentId());
                body.put(op.kind().parentRef(), Map.of("id", op.parentId()));
            }
            entities.add(new CurrentEntity(op.kind(), op.id(), body, refs));
        }
        return new CurrentState(entities);
    }

    /**
     * The same files as they are at a git revision: {@code git show REV:./name}, run in each file's directory, so
     * any path inside a git work tree works. A file that does not exist at that revision counts as empty.
     */
    public static DesiredState atGitRevision(String rev, List<String> files, List<String> selectTags) {
        List<SourceDocument> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String f : files) {
            java.nio.file.Path path = java.nio.file.Path.of(f).toAbsolutePath();
            String spec = rev + ":./" + path.getFileName();
            try {
                Process p = new ProcessBuilder("git", "-C", path.getParent().toString(), "show", spec).start();
                byte[] out = p.getInputStream().readAllBytes();
                String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                int code = p.waitFor();
                if (code != 0) {
                    if (err.contains("does not exist") || err.contains("exists on disk, but not in")) {
                        continue;
                    }
                    problems.add(new Problem(new Location(f, 1, 1), null, "git show " + spec + " failed: " + err));
                    continue;
                }
                docs.add(SourceDocument.parse(f + "@" + rev, new String(out, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                problems.add(new Problem(new Location(f, 1, 1), null, "cannot run git: " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running git");
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        if (docs.isEmpty()) {
            return new DesiredState(List.of(), selectTags, List.of(), Map.of(), Map.of(), Map.of());
        }
        ConfigParser.Result r = ConfigParser.parse(docs, selectTags);
        if (!r.problems().isEmpty()) {
            throw new InvalidConfigException(r.problems());
        }
        return r.state();
    }
}
