package dev.kongsync.file;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads declarative files (Kong's {@code _format_version: "3.0"} format, decK-compatible) into one
 * {@link DesiredState}: merges the files, unnests children, expands shorthands, and checks structure, references
 * and duplicates. Schema checks come after, in {@link ConfigValidator}, once the schemas are known.
 */
public final class ConfigParser {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Set<String> NOT_YET = Set.of("consumers", "consumer_groups", "certificates",
            "ca_certificates", "snis", "vaults", "partials", "keys", "key_sets", "filter_chains", "licenses",
            "rbac_roles", "custom_entities", "_plugin_configs");

    private final List<Problem> problems = new ArrayList<>();
    private final List<DesiredEntity> entities = new ArrayList<>();

    private ConfigParser() {}

    /** The outcome of reading files: the state (possibly partial) and every problem found. */
    public record Result(DesiredState state, List<Problem> problems) {}

    /** Reads and parses files ("-" is standard input); throws {@link InvalidConfigException} on any problem. */
    public static DesiredState load(List<String> files, List<String> cliSelectTags) {
        Result r = read(files, cliSelectTags);
        if (!r.problems().isEmpty()) {
            throw new InvalidConfigException(r.problems());
        }
        return r.state();
    }

    /** Parses named texts (for example files read from a ConfigMap), throwing on any problem. */
    public static DesiredState loadTexts(List<Map.Entry<String, String>> texts, List<String> cliSelectTags) {
        List<SourceDocument> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<String, String> t : texts) {
            try {
                docs.add(SourceDocument.parse(t.getKey(), t.getValue()));
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (problems.isEmpty()) {
            Result r = parse(docs, cliSelectTags);
            problems.addAll(r.problems());
            if (problems.isEmpty()) {
                return r.state();
            }
        }
        throw new InvalidConfigException(problems);
    }

    /** Reads and parses files, collecting problems instead of stopping at them. */
    public static Result read(List<String> files, List<String> cliSelectTags) {
        List<SourceDocument> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String f : files) {
            try {
                String text = f.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(f), StandardCharsets.UTF_8);
                docs.add(SourceDocument.parse(f, text));
            } catch (NoSuchFileException e) {
                problems.add(new Problem(new Location(f, 1, 1), null, "no such file"));
            } catch (IOException e) {
                problems.add(new Problem(new Location(f, 1, 1), null, "cannot read: " + e.getMessage()));
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        }
        Result r = parse(docs, cliSelectTags);
        problems.addAll(r.problems());
        return new Result(r.state(), problems);
    }

    public static Result parse(List<SourceDocument> docs, List<String> cliSelectTags) {
        return parse(docs, cliSelectTags, System::getenv);
    }

    /** Parses documents, expanding {@code ${{ env "NAME" }}} templates with {@code env}. */
    public static Result parse(List<SourceDocument> docs, List<String> cliSelectTags,
                               java.util.function.Function<String, String> env) {
        ConfigParser p = new ConfigParser();
        for (SourceDocument doc : docs) {
            EnvTemplate.expand(doc, "", doc.root(), env, p.problems, doc.envUses());
        }
        List<String> selectTags = p.document(docs, cliSelectTags);
        p.checkKeysAndReferences();
        List<String> files = docs.stream().map(SourceDocument::file).toList();
        Map<String, String> digests = new java.util.LinkedHashMap<>();
        docs.forEach(d -> digests.put(d.file(), d.digest()));
        return new Result(new DesiredState(List.copyOf(p.entities), selectTags, files, digests),
                List.copyOf(p.problems));
    }

    private void problem(SourceDocument doc, String pointer, String message) {
        problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer), message));
    }

    private List<String> document(List<SourceDocument> docs, List<String> cliSelectTags) {
        List<String> fileTags = null;
        SourceDocument tagsDoc = null;
        for (SourceDocument doc : docs) {
            if (doc.root() == null) {
                problems.add(new Problem(new Location(doc.file(), 1, 1), null,
                        "the file is empty; a configuration needs at least _format_version: \"3.0\""));
                continue;
            }
            if (!(doc.root() instanceof Map<?, ?> rootMap)) {
                problem(doc, "", "expected a mapping with _format_version, services, routes, ... at the top");
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> root = (Map<String, Object>) rootMap;
            if (!root.containsKey("_format_version")) {
                problems.add(new Problem(new Location(doc.file(), 1, 1), "_format_version",
                        "missing; add _format_version: \"3.0\""));
            }
            for (Map.Entry<String, Object> e : root.entrySet()) {
                String key = e.getKey();
                String ptr = "/" + SourceDocument.escape(key);
                Object v = e.getValue();
                switch (key) {
                    case "_format_version" -> {
                        String s = v == null ? null : Objects.toString(v);
                        if (!"3.0".equals(s)) {
                            problem(doc, ptr, "must be \"3.0\" (Kong 3.x format), got " + s);
                        }
                    }
                    case "_transform" -> {
                        if (!(v instanceof Boolean)) {
                            problem(doc, ptr, "expected a boolean");
                        }
                    }
                    case "_info" -> {
                        List<String> t = info(doc, ptr, v);
                        if (t != null) {
                            if (fileTags != null && !new TreeSet<>(fileTags).equals(new TreeSet<>(t))) {
                                problem(doc, ptr + "/select_tags", "differs from the select_tags of "
                                        + tagsDoc.file() + " " + fileTags + "; all files must use the same");
                            } else {
                                fileTags = t;
                                tagsDoc = doc;
                            }
                        }
                    }
                    case "_workspace", "_konnect" -> problem(doc, ptr,
                            "workspaces and Konnect are not supported: kongsync targets Kong Gateway OSS in DB mode");
                    default -> {
                        var kind = EntityKind.byFileKey(key);
                        if (kind.isPresent()) {
                            list(doc, ptr, v, kind.get(), null);
                        } else if (NOT_YET.contains(key)) {
                            problem(doc, ptr, "'" + key + "' are not supported by kongsync yet (supported: "
                                    + String.join(", ", EntityKind.ALL.stream().map(EntityKind::fileKey).toList()) + ")");
                        } else {
                            problem(doc, ptr, "unknown top-level key");
                        }
                    }
                }
            }
        }
        List<String> cli = cliSelectTags == null ? List.of() : cliSelectTags;
        if (fileTags != null && !cli.isEmpty() && !new TreeSet<>(fileTags).equals(new TreeSet<>(cli))) {
            problems.add(new Problem(tagsDoc.locate("/_info/select_tags"), "_info.select_tags",
                    "the files select " + fileTags + " but --select-tag gives " + cli + "; they must be equal"));
        }
        List<String> tags = fileTags != null ? fileTags : cli;
        if (tags.size() > 5) {
            problems.add(new Problem(null, "select tags", "Kong filters on at most 5 tags, got " + tags.size()));
        }
        return List.copyOf(new TreeSet<>(tags));
    }

    private List<String> info(SourceDocument doc, String ptr, Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            problem(doc, ptr, "expected a mapping");
            return null;
        }
        List<String> tags = null;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = e.getKey().toString();
            String p = ptr + "/" + SourceDocument.escape(k);
            if (k.equals("select_tags")) {
                if (!(e.getValue() instanceof List<?> l) || l.stream().anyMatch(t -> !(t instanceof String))) {
                    problem(doc, p, "expected a list of strings");
                } else {
                    tags = new ArrayList<>();
                    for (int i = 0; i < l.size(); i++) {
                        String t = (String) l.get(i);
                        if (t.isEmpty() || t.contains(",") || t.contains("/")) {
                            problem(doc, p + "/" + i, "a tag cannot be empty or contain ',' or '/'");
                        }
                        tags.add(t);
                    }
                }
            } else {
                problem(doc, p, "unknown key in _info (kongsync reads select_tags)");
            }
        }
        return tags;
    }

    private void list(SourceDocument doc, String ptr, Object v, EntityKind kind, ParentLink parent) {
        if (v == null) {
            return;
        }
        if (!(v instanceof List<?> l)) {
            problem(doc, ptr, "expected a list of " + kind.fileKey());
            return;
        }
        for (int i = 0; i < l.size(); i++) {
            entity(doc, ptr + "/" + i, l.get(i), kind, parent);
        }
    }

    private record ParentLink(String field, RefSpec spec) {}

    @SuppressWarnings("unchecked")
    private void entity(SourceDocument doc, String ptr, Object v, EntityKind kind, ParentLink parent) {
        if (!(v instanceof Map<?, ?> raw)) {
            problem(doc, ptr, "expected a " + kind.name() + " (a mapping)");
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, RefSpec> refs = new LinkedHashMap<>();
        Map<String, String> aliases = new HashMap<>();
        Map<String, EntityKind> children = new LinkedHashMap<>();
        for (Map.Entry<String, EntityKind> c : kind.nestedChildren()) {
            children.put(c.getKey(), c.getValue());
        }
        if (parent != null) {
            refs.put(parent.field, parent.spec);
        }
        for (Map.Entry<String, Object> e : ((Map<String, Object>) raw).entrySet()) {
            String k = e.getKey();
            String p = ptr + "/" + SourceDocument.escape(k);
            if (children.containsKey(k)) {
                continue;
            }
            var ref = kind.ref(k);
            if (ref.isPresent()) {
                if (parent != null && parent.field.equals(k)) {
                    problem(doc, p, "is given by nesting this " + kind.name() + " inside its " + ref.get().kind()
                            + "; remove it");
                } else if (e.getValue() != null) {
                    RefSpec spec = refSpec(doc, p, ref.get().kind(), e.getValue());
                    if (spec != null) {
                        refs.put(k, spec);
                    }
                }
                continue;
            }
            fields.put(k, e.getValue());
        }
        if (kind == EntityKind.SERVICE && fields.containsKey("url")) {
            Object url = fields.remove("url");
            String p = ptr + "/url";
            for (String f : List.of("protocol", "host", "port", "path")) {
                if (fields.containsKey(f)) {
                    problem(doc, p, "give either url or " + f + " (with protocol, host, port, path), not both");
                }
            }
            if (!(url instanceof String s)) {
                problem(doc, p, "expected a string");
            } else {
                try {
                    Map<String, Object> expanded = UrlShorthand.expand(s);
                    for (Map.Entry<String, Object> x : expanded.entrySet()) {
                        fields.put(x.getKey(), x.getValue());
                        aliases.put(x.getKey(), "url");
                    }
                } catch (IllegalArgumentException ex) {
                    problem(doc, p, ex.getMessage());
                }
            }
        }
        if (kind == EntityKind.TARGET && fields.get("target") instanceof String t) {
            fields.put("target", withDefaultTargetPort(t));
        }
        DesiredEntity entity = new DesiredEntity(kind, fields, refs, doc, ptr, aliases);
        entities.add(entity);
        for (Map.Entry<String, EntityKind> c : children.entrySet()) {
            Object nested = ((Map<String, Object>) raw).get(c.getKey());
            if (nested == null) {
                continue;
            }
            EntityKind childKind = c.getValue();
            String refField = childKind.refs().stream().filter(r -> r.kind().equals(kind.name())
                    && c.getKey().equals(r.nestedAs())).findFirst().orElseThrow().field();
            RefSpec self = new RefSpec(kind.name(), entity.explicitId(), entity.label(), ptr);
            list(doc, ptr + "/" + SourceDocument.escape(c.getKey()), nested, childKind, new ParentLink(refField, self));
        }
    }

    /** Kong stores a target without a port with port 8000; so does kongsync, so both sides compare equal. */
    static String withDefaultTargetPort(String target) {
        if (target.startsWith("[")) {
            return target.contains("]:") ? target : target + ":8000";
        }
        long colons = target.chars().filter(c -> c == ':').count();
        if (colons == 0) {
            return target + ":8000";
        }
        if (colons > 1) {
            return "[" + target + "]:8000";
        }
        return target;
    }

    private RefSpec refSpec(SourceDocument doc, String ptr, String kind, Object v) {
        if (v instanceof String s) {
            return UUID.matcher(s).matches() ? new RefSpec(kind, s, null, ptr) : new RefSpec(kind, null, s, ptr);
        }
        if (v instanceof Map<?, ?> m) {
            Object id = m.get("id");
            Object name = m.get("name");
            if (m.keySet().stream().anyMatch(k -> !k.equals("id") && !k.equals("name"))
                    || (id == null && name == null)) {
                problem(doc, ptr, "expected a " + kind + " name, or { name: ... } or { id: ... }");
                return null;
            }
            if (id != null && !(id instanceof String ids && UUID.matcher(ids).matches())) {
                problem(doc, ptr + "/id", "expected a UUID");
                return null;
            }
            if (name != null && !(name instanceof String)) {
                problem(doc, ptr + "/name", "expected a string");
                return null;
            }
            return new RefSpec(kind, (String) id, (String) name, ptr);
        }
        problem(doc, ptr, "expected a " + kind + " name, or { name: ... } or { id: ... }");
        return null;
    }

    /** Every entity has its natural key, references resolve inside the files, and nothing is declared twice. */
    private void checkKeysAndReferences() {
        Map<String, DesiredEntity> byName = new HashMap<>();
        Map<String, DesiredEntity> byId = new HashMap<>();
        for (DesiredEntity e : entities) {
            String id = e.explicitId();
            if (id != null) {
                DesiredEntity prev = byId.putIfAbsent(id, e);
                if (prev != null) {
                    problem(e.doc(), e.pointer() + "/id", "id " + id + " is already used by the " + prev.kind().name()
                            + " at " + prev.location());
                }
            }
            if (keyedByName(e.kind()) && e.fields().get("name") instanceof String) {
                DesiredEntity prev = byName.putIfAbsent(e.kind().name() + ":" + e.label(), e);
                if (prev != null) {
                    problem(e.doc(), e.pointer() + "/name", "duplicate " + e.kind().name() + " name '" + e.label()
                            + "', first defined at " + prev.location());
                }
            }
            if (keyedByName(e.kind()) && e.label() == null && id == null) {
                problem(e.doc(), e.pointer(), "a " + e.kind().name() + " needs a " + e.kind().labelField()
                        + (e.kind().labelField().equals("name") ? " (kongsync matches entities to Kong by name)" : ""));
            }
        }
        Map<String, DesiredEntity> byKey = new HashMap<>();
        for (DesiredEntity e : entities) {
            for (EntityKind.Ref r : e.kind().refs()) {
                RefSpec spec = e.refs().get(r.field());
                if (spec == null) {
                    if (r.required()) {
                        problem(e.doc(), e.pointer(), "a " + e.kind().name() + " needs a " + r.field()
                                + " (nest it inside the " + r.kind() + " or set " + r.field() + ": <name>)");
                    }
                    continue;
                }
                DesiredEntity target = spec.name() != null ? byName.get(r.kind() + ":" + spec.name())
                        : byId.get(spec.id());
                if (target == null || target.kind() != EntityKind.byName(r.kind())) {
                    if (spec.name() != null || spec.id() != null) {
                        problem(e.doc(), spec.pointer(), "references " + spec.describe()
                                + ", which no input file defines");
                    }
                }
            }
            String key = fileKey(e, byName, byId);
            if (key != null && !keyedByName(e.kind())) {
                DesiredEntity prev = byKey.putIfAbsent(key, e);
                if (prev != null) {
                    problem(e.doc(), e.pointer(), "duplicate " + e.kind().name() + " " + describeKey(e)
                            + ", first defined at " + prev.location());
                }
            }
        }
    }

    private static boolean keyedByName(EntityKind kind) {
        return kind.keyFields().equals(List.of("name"));
    }

    /** The entity's natural key within the files: key fields, with references by the referenced entity. */
    private static String fileKey(DesiredEntity e, Map<String, DesiredEntity> byName, Map<String, DesiredEntity> byId) {
        StringBuilder sb = new StringBuilder(e.kind().name());
        for (String k : e.kind().keyFields()) {
            sb.append('|');
            if (e.kind().isRefField(k)) {
                RefSpec spec = e.refs().get(k);
                if (spec != null) {
                    DesiredEntity t = spec.name() != null ? byName.get(spec.kind() + ":" + spec.name()) : byId.get(spec.id());
                    sb.append(t == null ? "?" : System.identityHashCode(t));
                }
            } else {
                Object v = e.fields().get(k);
                if (v == null) {
                    return null;
                }
                sb.append(v);
            }
        }
        return sb.toString();
    }

    private static String describeKey(DesiredEntity e) {
        StringBuilder sb = new StringBuilder("'" + e.label() + "'");
        List<String> scope = new ArrayList<>();
        for (EntityKind.Ref r : e.kind().refs()) {
            RefSpec s = e.refs().get(r.field());
            if (s != null) {
                scope.add(s.describe());
            }
        }
        sb.append(scope.isEmpty() ? " (global)" : " for " + String.join(", ", scope));
        return sb.toString();
    }
}
