package dev.kongsync.file;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.schema.Values;
import dev.kongsync.state.Coverage;
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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads declarative files (Kong's {@code _format_version: "3.0"} format, decK-compatible) into one
 * {@link DesiredState}: merges the files, unnests children, applies the file's shorthands and defaults
 * ({@code _info.defaults}, {@code _plugin_configs}), resolves references, and checks structure, references and
 * duplicates. Schema checks come after, in {@link ConfigValidator}, once the schemas are known.
 */
public final class ConfigParser {
    /** Top-level keys of decK files for things Kong Gateway OSS in DB mode does not have. */
    private static final Map<String, String> NOT_OSS = Map.of(
            "consumer_groups", "consumer groups are a Kong Enterprise feature",
            "partials", "partials are a Kong Enterprise feature",
            "licenses", "licenses are a Kong Enterprise feature",
            "rbac_roles", "RBAC roles are a Kong Enterprise feature",
            "custom_entities", "custom entities are a Kong Enterprise feature",
            "filter_chains", "filter chains need Kong's WebAssembly support (wasm = on), which kongsync does not manage",
            "_workspace", "workspaces are a Kong Enterprise feature: kongsync targets Kong Gateway OSS in DB mode",
            "_konnect", "Konnect is not supported: kongsync targets Kong Gateway OSS in DB mode");

    private final List<Problem> problems = new ArrayList<>();
    private final List<DesiredEntity> entities = new ArrayList<>();
    /** Per document: _info.defaults by kind name, and _plugin_configs by name. */
    private final Map<SourceDocument, Map<String, Map<String, Object>>> defaults = new IdentityHashMap<>();
    private final Map<SourceDocument, Map<String, Object>> pluginConfigs = new IdentityHashMap<>();
    private final Coverage coverage;

    private ConfigParser(Coverage coverage) {
        this.coverage = coverage;
    }

    /** The outcome of reading files: the state (possibly partial) and every problem found. */
    public record Result(DesiredState state, List<Problem> problems) {}

    /** Reads and parses files ("-" is standard input); throws {@link InvalidConfigException} on any problem. */
    public static DesiredState load(List<String> files, List<String> cliSelectTags) {
        return load(files, cliSelectTags, Coverage.COMPLETE);
    }

    /**
     * Reads and parses files that cover Kong's scope as {@code coverage} says: a partial file's references by key
     * may name entities only Kong has. Throws {@link InvalidConfigException} on any problem.
     */
    public static DesiredState load(List<String> files, List<String> cliSelectTags, Coverage coverage) {
        Result r = read(files, cliSelectTags, coverage);
        if (!r.problems().isEmpty()) {
            throw new InvalidConfigException(r.problems());
        }
        return r.state();
    }

    /** Parses named texts (for example files read from a ConfigMap), throwing on any problem. */
    public static DesiredState loadTexts(List<Map.Entry<String, String>> texts, List<String> cliSelectTags) {
        return loadTexts(texts, cliSelectTags, Coverage.COMPLETE);
    }

    /** Parses named texts that cover Kong's scope as {@code coverage} says, throwing on any problem. */
    public static DesiredState loadTexts(List<Map.Entry<String, String>> texts, List<String> cliSelectTags,
                                         Coverage coverage) {
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
            Result r = parse(docs, cliSelectTags, System::getenv, coverage);
            problems.addAll(r.problems());
            if (problems.isEmpty()) {
                return r.state();
            }
        }
        throw new InvalidConfigException(problems);
    }

    /** Reads and parses files, collecting problems instead of stopping at them. */
    public static Result read(List<String> files, List<String> cliSelectTags) {
        return read(files, cliSelectTags, Coverage.COMPLETE);
    }

    /**
     * One file ({@code -}: standard input) read and parsed as YAML with locations, or null with the reason added to
     * {@code problems} (no such file, unreadable, not YAML).
     */
    public static SourceDocument document(String f, List<Problem> problems) {
        try {
            String text = f.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(f), StandardCharsets.UTF_8);
            return SourceDocument.parse(f, text);
        } catch (NoSuchFileException e) {
            problems.add(new Problem(new Location(f, 1, 1), null, "no such file"));
        } catch (IOException e) {
            problems.add(new Problem(new Location(f, 1, 1), null, "cannot read: " + e.getMessage()));
        } catch (InvalidConfigException e) {
            problems.addAll(e.problems());
        }
        return null;
    }

    /** Reads and parses files that cover Kong's scope as {@code coverage} says, collecting problems. */
    public static Result read(List<String> files, List<String> cliSelectTags, Coverage coverage) {
        List<SourceDocument> docs = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (String f : files) {
            SourceDocument doc = document(f, problems);
            if (doc != null) {
                docs.add(doc);
            }
        }
        Result r = parse(docs, cliSelectTags, System::getenv, coverage);
        problems.addAll(r.problems());
        return new Result(r.state(), problems);
    }

    public static Result parse(List<SourceDocument> docs, List<String> cliSelectTags) {
        return parse(docs, cliSelectTags, System::getenv);
    }

    /** Parses documents, expanding {@code ${{ env "NAME" }}} templates with {@code env}. */
    public static Result parse(List<SourceDocument> docs, List<String> cliSelectTags, Function<String, String> env) {
        return parse(docs, cliSelectTags, env, Coverage.COMPLETE);
    }

    /** Parses documents that cover Kong's scope as {@code coverage} says. */
    public static Result parse(List<SourceDocument> docs, List<String> cliSelectTags, Function<String, String> env,
                               Coverage coverage) {
        ConfigParser p = new ConfigParser(coverage);
        for (SourceDocument doc : docs) {
            EnvTemplate.expand(doc, "", doc.root(), env, p.problems, doc.envUses());
        }
        int templateProblems = p.problems.size();
        List<SourceDocument> usable = new ArrayList<>();
        Header header = new Header();
        for (SourceDocument doc : docs) {
            if (p.header(doc, header)) {
                usable.add(doc);
            }
        }
        for (SourceDocument doc : usable) {
            p.entities(doc);
        }
        List<String> selectTags = p.selectTags(header, cliSelectTags);
        p.checkKeysAndReferences(header.lookupTags);
        List<String> files = docs.stream().map(SourceDocument::file).toList();
        Map<String, String> digests = new LinkedHashMap<>();
        docs.forEach(d -> digests.put(d.file(), d.digest()));
        Map<String, String> environment = new java.util.TreeMap<>();
        for (SourceDocument doc : docs) {
            for (String vars : doc.envUses().values()) {
                for (String v : vars.split(",")) {
                    String value = env.apply(v);
                    if (value != null) {
                        environment.put(v, value);
                    }
                }
            }
        }
        List<Problem> problems = new ArrayList<>(p.problems.subList(0, templateProblems));
        problems.addAll(UnknownValues.withoutConsequences(p.problems.subList(templateProblems, p.problems.size()),
                p.entities));
        return new Result(new DesiredState(List.copyOf(p.entities), selectTags, files, digests,
                Map.copyOf(header.lookupTags), environment), List.copyOf(problems));
    }

    private void problem(SourceDocument doc, String pointer, String message) {
        problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer), message));
    }

    // ---- the document's header: _format_version, _info, _plugin_configs ------------------------------------------

    /** What the headers of all files say together. */
    private static final class Header {
        List<String> selectTags;
        SourceDocument tagsDoc;
        final Map<String, List<String>> lookupTags = new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    private boolean header(SourceDocument doc, Header header) {
        if (doc.root() == null) {
            problems.add(new Problem(new Location(doc.file(), 1, 1), null,
                    "the file is empty; a configuration needs at least _format_version: \"3.0\""));
            return false;
        }
        if (!(doc.root() instanceof Map<?, ?> rootMap)) {
            problem(doc, "", "expected a mapping with _format_version, services, routes, ... at the top");
            return false;
        }
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
                case "_info" -> info(doc, ptr, v, header);
                case "_plugin_configs" -> {
                    if (v instanceof Map<?, ?> m && m.values().stream().allMatch(c -> c instanceof Map)) {
                        pluginConfigs.put(doc, (Map<String, Object>) m);
                    } else if (v != null) {
                        problem(doc, ptr, "expected a mapping of names to plugin configurations");
                    }
                }
                default -> {
                    if (NOT_OSS.containsKey(key)) {
                        problem(doc, ptr, "not supported: " + NOT_OSS.get(key));
                    } else if (EntityKind.byFileKey(key).isEmpty()) {
                        problem(doc, ptr, "unknown top-level key (kongsync reads " + String.join(", ",
                                EntityKind.all().stream().filter(k -> k.collection() != null)
                                        .map(EntityKind::fileKey).toList()) + ")");
                    }
                }
            }
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private void info(SourceDocument doc, String ptr, Object v, Header header) {
        if (!(v instanceof Map<?, ?> m)) {
            problem(doc, ptr, "expected a mapping");
            return;
        }
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String k = e.getKey().toString();
            String p = ptr + "/" + SourceDocument.escape(k);
            switch (k) {
                case "select_tags" -> {
                    List<String> tags = tags(doc, p, e.getValue());
                    if (tags == null) {
                        continue;
                    }
                    if (header.selectTags != null && !new TreeSet<>(header.selectTags).equals(new TreeSet<>(tags))) {
                        problem(doc, p, "differs from the select_tags of " + header.tagsDoc.file() + " "
                                + header.selectTags + "; all files must use the same");
                    } else {
                        header.selectTags = tags;
                        header.tagsDoc = doc;
                    }
                }
                case "defaults" -> {
                    if (!(e.getValue() instanceof Map<?, ?> byKind)) {
                        problem(doc, p, "expected a mapping of kinds (service, route, ...) to default fields");
                        continue;
                    }
                    Map<String, Map<String, Object>> mine = defaults.computeIfAbsent(doc, d -> new HashMap<>());
                    for (Map.Entry<?, ?> d : byKind.entrySet()) {
                        String kindName = d.getKey().toString();
                        String dp = p + "/" + SourceDocument.escape(kindName);
                        EntityKind kind = EntityKind.all().stream().filter(x -> x.name().equals(kindName))
                                .findFirst().orElse(null);
                        if (kind == null) {
                            problem(doc, dp, "unknown kind; defaults are given per kind: " + String.join(", ",
                                    EntityKind.all().stream().map(EntityKind::name).toList()));
                        } else if (!(d.getValue() instanceof Map<?, ?> fields)) {
                            problem(doc, dp, "expected a mapping of fields to default values");
                        } else {
                            for (Object f : fields.keySet()) {
                                String field = f.toString();
                                if (kind.readOnly().contains(field) || kind.keyFields().contains(field)
                                        || kind.isRefField(field)) {
                                    problem(doc, dp + "/" + SourceDocument.escape(field), "cannot have a default: "
                                            + "it identifies or references an entity");
                                }
                            }
                            mine.put(kindName, (Map<String, Object>) fields);
                        }
                    }
                }
                case "default_lookup_tags" -> {
                    if (!(e.getValue() instanceof Map<?, ?> byKind)) {
                        problem(doc, p, "expected a mapping of kinds (services, consumers, ...) to tags");
                        continue;
                    }
                    for (Map.Entry<?, ?> d : byKind.entrySet()) {
                        String key = d.getKey().toString();
                        String dp = p + "/" + SourceDocument.escape(key);
                        if (EntityKind.byFileKey(key).isEmpty()) {
                            problem(doc, dp, "unknown kind; lookup tags are given per kind: services, consumers, ...");
                            continue;
                        }
                        List<String> tags = tags(doc, dp, d.getValue());
                        if (tags != null) {
                            header.lookupTags.put(key, tags);
                        }
                    }
                }
                default -> problem(doc, p, "unknown key in _info (kongsync reads select_tags, defaults and "
                        + "default_lookup_tags)");
            }
        }
    }

    private List<String> tags(SourceDocument doc, String p, Object v) {
        if (!(v instanceof List<?> l) || l.stream().anyMatch(t -> !(t instanceof String))) {
            problem(doc, p, "expected a list of strings");
            return null;
        }
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            String t = (String) l.get(i);
            if (t.isEmpty() || t.contains(",") || t.contains("/")) {
                problem(doc, p + "/" + i, "a tag cannot be empty or contain ',' or '/'");
            }
            tags.add(t);
        }
        return tags;
    }

    private List<String> selectTags(Header header, List<String> cliSelectTags) {
        List<String> cli = cliSelectTags == null ? List.of() : cliSelectTags;
        if (header.selectTags != null && !cli.isEmpty()
                && !new TreeSet<>(header.selectTags).equals(new TreeSet<>(cli))) {
            problems.add(new Problem(header.tagsDoc.locate("/_info/select_tags"), "_info.select_tags",
                    "the files select " + header.selectTags + " but --select-tag gives " + cli
                            + "; they must be equal"));
        }
        List<String> tags = header.selectTags != null ? header.selectTags : cli;
        if (tags.size() > 5) {
            problems.add(new Problem(null, "select tags", "Kong filters on at most 5 tags, got " + tags.size()));
        }
        return List.copyOf(new TreeSet<>(tags));
    }

    // ---- entities -------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void entities(SourceDocument doc) {
        for (Map.Entry<String, Object> e : ((Map<String, Object>) doc.root()).entrySet()) {
            EntityKind.byFileKey(e.getKey()).ifPresent(kind ->
                    list(doc, "/" + SourceDocument.escape(e.getKey()), e.getValue(), kind, null));
        }
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

    private record ParentLink(String field, DesiredEntity parent) {}

    @SuppressWarnings("unchecked")
    private void entity(SourceDocument doc, String ptr, Object v, EntityKind kind, ParentLink parent) {
        if (v instanceof String s && kind.scalarForm() != null) {
            v = new LinkedHashMap<>(Map.of(kind.scalarForm(), s));
        }
        if (!(v instanceof Map<?, ?> raw)) {
            problem(doc, ptr, "expected a " + kind.name() + " (a mapping)");
            return;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        Map<String, RefSpec> refs = new LinkedHashMap<>();
        Map<String, String> origins = new HashMap<>();
        Map<String, EntityKind> children = new LinkedHashMap<>();
        for (Map.Entry<String, EntityKind> c : kind.nestedChildren()) {
            children.put(c.getKey(), c.getValue());
        }
        if (parent != null) {
            refs.put(parent.field, RefSpec.nesting(parent.parent));
        }
        String sharedConfig = null;
        for (Map.Entry<String, Object> e : ((Map<String, Object>) raw).entrySet()) {
            String k = e.getKey();
            String p = ptr + "/" + SourceDocument.escape(k);
            if (children.containsKey(k)) {
                continue;
            }
            if (k.equals("_config") && kind.subschemaField() != null) {
                if (e.getValue() instanceof String name) {
                    sharedConfig = name;
                } else {
                    problem(doc, p, "expected the name of an entry of _plugin_configs");
                }
                continue;
            }
            var ref = kind.ref(k);
            if (ref.isPresent() && !ref.get().many()) {
                if (parent != null && parent.field.equals(k)) {
                    problem(doc, p, "is given by nesting this " + kind.name() + " inside its " + ref.get().kind()
                            + "; remove it");
                } else if (e.getValue() != null) {
                    RefSpec spec = refSpec(doc, p, EntityKind.byName(ref.get().kind()), e.getValue());
                    if (spec != null) {
                        refs.put(k, spec);
                    }
                }
                continue;
            }
            fields.put(k, e.getValue());
        }
        for (EntityKind.FileShorthand shorthand : kind.shorthands()) {
            Map<String, String> derivedFrom = new LinkedHashMap<>();
            Map<String, String> wrong = new LinkedHashMap<>();
            shorthand.apply(fields, derivedFrom, wrong);
            derivedFrom.forEach((field, key) -> origins.put(field, ptr + "/" + SourceDocument.escape(key)));
            wrong.forEach((key, message) -> problem(doc, ptr + "/" + SourceDocument.escape(key), message));
        }
        if (sharedConfig != null) {
            sharedConfig(doc, ptr, sharedConfig, fields, origins);
        }
        Map<String, Object> kindDefaults = defaults.getOrDefault(doc, Map.of()).get(kind.name());
        if (kindDefaults != null) {
            for (Map.Entry<String, Object> d : kindDefaults.entrySet()) {
                if (!fields.containsKey(d.getKey())) {
                    fields.put(d.getKey(), Values.deepCopy(d.getValue()));
                    origins.put(d.getKey(), "/_info/defaults/" + SourceDocument.escape(kind.name()) + "/"
                            + SourceDocument.escape(d.getKey()));
                }
            }
        }
        kind.storedForms().forEach((field, form) -> {
            if (fields.containsKey(field)) {
                fields.put(field, form.apply(fields.get(field)));
            }
        });
        DesiredEntity entity = new DesiredEntity(kind, fields, refs, doc, ptr, origins);
        entities.add(entity);
        for (Map.Entry<String, EntityKind> c : children.entrySet()) {
            Object nested = ((Map<String, Object>) raw).get(c.getKey());
            if (nested == null) {
                continue;
            }
            EntityKind childKind = c.getValue();
            String refField = childKind.refs().stream().filter(r -> r.kind().equals(kind.name())
                    && c.getKey().equals(r.nestedAs())).findFirst().orElseThrow().field();
            list(doc, ptr + "/" + SourceDocument.escape(c.getKey()), nested, childKind, new ParentLink(refField, entity));
        }
    }

    /**
     * decK's {@code _config: NAME}: the plugin's config is {@code _plugin_configs.NAME} of the same file, with the
     * plugin's own config merged over it (its values win, at every depth).
     */
    @SuppressWarnings("unchecked")
    private void sharedConfig(SourceDocument doc, String ptr, String name, Map<String, Object> fields,
                              Map<String, String> origins) {
        Object shared = pluginConfigs.getOrDefault(doc, Map.of()).get(name);
        if (!(shared instanceof Map<?, ?> base)) {
            problem(doc, ptr + "/_config", "no entry '" + name + "' in this file's _plugin_configs");
            return;
        }
        Object own = fields.get("config");
        if (own != null && !(own instanceof Map)) {
            return;
        }
        Map<String, Object> merged = (Map<String, Object>) Values.deepCopy(base);
        mergeInto(merged, own == null ? Map.of() : (Map<String, Object>) own, "config",
                "/_plugin_configs/" + SourceDocument.escape(name), ptr + "/config", origins);
        fields.put("config", merged);
    }

    @SuppressWarnings("unchecked")
    private static void mergeInto(Map<String, Object> merged, Map<String, Object> own, String path, String sharedPtr,
                                  String ownPtr, Map<String, String> origins) {
        for (String k : new ArrayList<>(merged.keySet())) {
            String sub = path + "." + k;
            String subShared = sharedPtr + "/" + SourceDocument.escape(k);
            if (!own.containsKey(k)) {
                origins.put(sub, subShared);
            } else if (merged.get(k) instanceof Map<?, ?> m && own.get(k) instanceof Map<?, ?> o) {
                mergeInto((Map<String, Object>) m, (Map<String, Object>) o, sub, subShared,
                        ownPtr + "/" + SourceDocument.escape(k), origins);
            }
        }
        for (Map.Entry<String, Object> e : own.entrySet()) {
            if (!(merged.get(e.getKey()) instanceof Map && e.getValue() instanceof Map)) {
                merged.put(e.getKey(), Values.deepCopy(e.getValue()));
            }
        }
    }

    /** A reference as written: a UUID is an id, another string a key; {@code {id: }} or {@code {<key>: }}. */
    private RefSpec refSpec(SourceDocument doc, String ptr, EntityKind kind, Object v) {
        if (v instanceof String s) {
            return dev.kongsync.schema.Validator.isUuid(s) ? RefSpec.byId(kind.name(), s, ptr) : RefSpec.byKey(kind.name(), null, s, ptr);
        }
        String forms = kind.name() + " " + String.join(" or ", kind.referenceFields()) + ", or { "
                + String.join(": ... }, { ", kind.referenceFields()) + ": ... } or { id: ... }";
        if (v instanceof Map<?, ?> m && !m.isEmpty() && m.keySet().stream()
                .allMatch(k -> k.equals("id") || kind.referenceFields().contains(String.valueOf(k)))) {
            if (m.containsKey("id")) {
                // decK also writes {id: ..., name: ...}: the id names the entity
                if (!(m.get("id") instanceof String id && dev.kongsync.schema.Validator.isUuid(id))) {
                    problem(doc, ptr + "/id", "expected a UUID");
                    return null;
                }
                return RefSpec.byId(kind.name(), id, ptr);
            }
            if (m.size() == 1) {
                Map.Entry<?, ?> only = m.entrySet().iterator().next();
                String field = only.getKey().toString();
                if (!(only.getValue() instanceof String value)) {
                    problem(doc, ptr + "/" + SourceDocument.escape(field), "expected a string");
                    return null;
                }
                return RefSpec.byKey(kind.name(), field, value, ptr);
            }
        }
        problem(doc, ptr, "expected a " + forms);
        return null;
    }

    // ---- keys and references across all files ---------------------------------------------------------------

    /**
     * Every entity has a natural key (or an id), references to entities of the files resolve, and nothing is
     * declared twice. References the files cannot resolve are left to Kong when they are by id, or by key to a kind
     * with {@code _info.default_lookup_tags} (entities another file owns); else they are errors.
     */
    private void checkKeysAndReferences(Map<String, List<String>> lookupTags) {
        Map<String, DesiredEntity> byId = new HashMap<>();
        Map<String, DesiredEntity> byOwnKey = new HashMap<>();
        for (DesiredEntity e : entities) {
            String id = e.explicitId();
            if (id != null) {
                DesiredEntity prev = byId.putIfAbsent(id, e);
                if (prev != null) {
                    problem(e.doc(), e.pointer() + "/id", "id " + id + " is already used by the "
                            + prev.kind().name() + " at " + prev.location());
                }
            }
            for (String field : e.kind().referenceFields()) {
                if (e.fields().get(field) instanceof String value) {
                    DesiredEntity prev = byOwnKey.putIfAbsent(e.kind().name() + "|" + field + "=" + value, e);
                    if (prev != null) {
                        String shown = e.kind().secretFields().contains(field) ? "(a secret, not shown)"
                                : "'" + value + "'";
                        problem(e.doc(), e.pointer() + "/" + SourceDocument.escape(field), "duplicate "
                                + e.kind().name() + " " + field + " " + shown + ", first defined at "
                                + prev.location());
                    }
                }
            }
        }
        for (DesiredEntity e : entities) {
            for (EntityKind.Ref r : e.kind().refs()) {
                if (r.many()) {
                    continue;
                }
                RefSpec spec = e.refs().get(r.field());
                if (spec == null) {
                    if (r.required()) {
                        problem(e.doc(), e.pointer(), "a " + e.kind().name() + " needs a " + r.field()
                                + " (nest it inside the " + r.kind() + " or set " + r.field() + ": <"
                                + String.join(" or ", EntityKind.byName(r.kind()).referenceFields()) + ">)");
                    }
                    continue;
                }
                DesiredEntity target = resolve(spec, byId, byOwnKey);
                if (target != null) {
                    e.resolve(r.field(), target);
                } else if (spec.id() == null && spec.nestedIn() == null && coverage == Coverage.COMPLETE
                        && !lookupTags.containsKey(EntityKind.byName(r.kind()).fileKey())) {
                    problem(e.doc(), spec.pointer(), "references " + spec.describe() + ", which no input file "
                            + "defines (to use one another file owns, list its tags in _info.default_lookup_tags."
                            + EntityKind.byName(r.kind()).fileKey() + "; kongsync apply, for partial files, finds it "
                            + "in Kong, and validate --partial checks such files)");
                }
            }
        }
        Map<String, DesiredEntity> byKey = new HashMap<>();
        for (DesiredEntity e : entities) {
            if (e.explicitId() == null && e.kind().keys().stream().allMatch(k -> e.keyValue(k) == null)) {
                List<String> own = e.kind().keys().stream().filter(k -> k.derive() == null)
                        .flatMap(k -> k.fields().stream()).filter(f -> !e.kind().isRefField(f)).toList();
                if (!own.isEmpty()) {
                    problem(e.doc(), e.pointer(), "a " + e.kind().name() + " needs a " + String.join(" or ", own)
                            + " (or an id): kongsync matches entities to Kong by it");
                }
                continue;
            }
            for (EntityKind.NaturalKey k : e.kind().keys()) {
                if (k.byOwnField(e.kind())) {
                    continue;
                }
                String value = e.keyValue(k);
                if (value != null) {
                    DesiredEntity prev = byKey.putIfAbsent(e.kind().name() + "|" + value, e);
                    if (prev != null) {
                        problem(e.doc(), e.pointer(), "duplicate " + e.kind().name() + " " + e.describeKey()
                                + ", first defined at " + prev.location());
                    }
                }
            }
        }
    }

    private static DesiredEntity resolve(RefSpec spec, Map<String, DesiredEntity> byId,
                                         Map<String, DesiredEntity> byOwnKey) {
        if (spec.nestedIn() != null) {
            return spec.nestedIn();
        }
        if (spec.id() != null) {
            DesiredEntity t = byId.get(spec.id());
            return t != null && t.kind().name().equals(spec.kind()) ? t : null;
        }
        EntityKind kind = EntityKind.byName(spec.kind());
        for (String field : spec.field() != null ? List.of(spec.field()) : kind.referenceFields()) {
            DesiredEntity t = byOwnKey.get(kind.name() + "|" + field + "=" + spec.value());
            if (t != null) {
                return t;
            }
        }
        return null;
    }
}
