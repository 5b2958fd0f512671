package dev.kongsync.kind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One kind of Kong entity, declared once in {@link Kinds}: where it lives in the file and in the Admin API, what
 * identifies it, what it references, how Kong creates, replaces and deletes it, and what of it is secret. Every
 * stage (parsing, reading Kong, comparing, ordering, writing, reporting, dumping) asks the kind instead of knowing
 * about it, so that a new kind is one declaration.
 */
public final class EntityKind {

    /**
     * A reference from this kind to another.
     *
     * @param field    the field in Kong ("service")
     * @param kind     the referenced kind's name ("service")
     * @param nestedAs the key under which entities of this kind nest inside the referenced one in a file ("routes"
     *                 inside a service), or null if they never nest
     * @param required every entity of this kind must reference one
     * @param many     the field holds a list of ids (a service's {@code ca_certificates}), compared as a value
     */
    public record Ref(String field, String kind, String nestedAs, boolean required, boolean many) {
        /** An optional reference to one entity of {@code kind}, written {@code field: <name or id>}. */
        public static Ref to(String field, String kind) {
            return new Ref(field, kind, null, false, false);
        }

        /** Entities of the declaring kind may also be written inside the referenced entity, under {@code key}. */
        public Ref nestedAs(String key) {
            return new Ref(field, kind, key, required, many);
        }

        /** Every entity of the declaring kind references one. */
        public Ref mandatory() {
            return new Ref(field, kind, nestedAs, true, many);
        }

        /** A field holding a list of ids of entities of {@code kind}, written {@code field: [<id>, ...]}. */
        public static Ref toMany(String field, String kind) {
            return new Ref(field, kind, null, false, true);
        }
    }

    /** The method of a write request. */
    public enum Method { PUT, POST, PATCH, DELETE }

    /**
     * One write request: its method, whether it goes to the entity ({@code /services/{id}}) or to the collection
     * with the id in the body ({@code POST /upstreams/{u}/targets}), whether through the parent's nested path, and
     * whether Kong merges the body into what it has (so that every field must be sent, unset ones as null) instead
     * of replacing the entity.
     */
    public record Write(Method method, boolean toEntity, boolean viaParent, boolean merges) {
        /** {@code PUT /{collection}/{id}}: creates the entity with this id or replaces it entirely. */
        public static final Write PUT_BY_ID = new Write(Method.PUT, true, false, false);
        /** {@code DELETE /{collection}/{id}}. */
        public static final Write DELETE_BY_ID = new Write(Method.DELETE, true, false, false);
        /** {@code POST /{parent}/{pid}/{nested}} with the id in the body. */
        public static final Write POST_UNDER_PARENT = new Write(Method.POST, false, true, false);
        /** {@code PUT /{parent}/{pid}/{nested}/{id}}, which Kong treats as a partial update. */
        public static final Write PUT_UNDER_PARENT_MERGING = new Write(Method.PUT, true, true, true);
        /** {@code DELETE /{parent}/{pid}/{nested}/{id}}. */
        public static final Write DELETE_UNDER_PARENT = new Write(Method.DELETE, true, true, false);
        /** {@code PATCH /{collection}/{id}} with every field, unset ones as null: a replace that leaves alone what
         * Kong keeps beside the entity (a certificate's SNIs, which a {@code PUT} without them deletes). */
        public static final Write PATCH_BY_ID_MERGING = new Write(Method.PATCH, true, false, true);
    }

    /** How Kong creates, replaces and deletes one entity (recorded in the write matrix of Kong 3.9.1). */
    public record Writes(Write create, Write replace, Write delete) {
        /** Most kinds: {@code PUT} by id creates or replaces, {@code DELETE} by id deletes. */
        public static final Writes BY_ID = new Writes(Write.PUT_BY_ID, Write.PUT_BY_ID, Write.DELETE_BY_ID);
    }

    /**
     * What identifies an entity when the file gives no id: its own fields (references compared by the id of the
     * entity they point at), tried in order when a kind has several (a consumer by username, else by custom_id); or a
     * value derived from its content (a certificate by the digest of its certificate), computed the same way for the
     * files and for Kong.
     *
     * @param fields      the fields that make the key (for a derived key, the fields it is derived from)
     * @param description how the key reads in messages ("name", "certificate digest")
     * @param derive      computes a derived key from the entity's fields (null if it cannot), or null
     */
    public record NaturalKey(List<String> fields, String description, Function<Map<String, Object>, Object> derive) {
        public static NaturalKey of(String... fields) {
            return new NaturalKey(List.of(fields), String.join(" + ", fields), null);
        }

        /** The key's value: null when a part is missing. {@code refValue} gives a reference field's identity. */
        public String value(Map<String, Object> entity, Function<String, Object> refValue, EntityKind kind) {
            if (derive != null) {
                Object v = derive.apply(entity);
                return v == null ? null : description + "=" + v;
            }
            StringBuilder sb = new StringBuilder();
            for (String f : fields) {
                Object v = kind.isRefField(f) ? refValue.apply(f) : entity.get(f);
                if (v == null && !kind.isRefField(f)) {
                    return null;
                }
                sb.append(f).append('=').append(v instanceof String str ? str : dev.kongsync.schema.Values.render(v))
                        .append('|');
            }
            return sb.toString();
        }

        /** A key of one field of the entity itself, by which references may name it ("name", "username"). */
        public boolean byOwnField(EntityKind kind) {
            return derive == null && fields.size() == 1 && !kind.isRefField(fields.get(0));
        }
    }

    /**
     * How to tell whether a file's value of a secret is the one Kong stores, when Kong stores a hash of it (a
     * basic-auth password).
     */
    @FunctionalInterface
    public interface SecretForm {
        /**
         * TRUE when {@code file} is the secret {@code stored} was made from, FALSE when it is not, null when it cannot
         * be told (an unknown hash).
         *
         * @param storedEntity the entity as Kong holds it (canonical)
         * @param refIds       the entity's references by id ("consumer" to the consumer's id)
         */
        Boolean sameSecret(Object file, Object stored, Map<String, Object> storedEntity, Map<String, String> refIds);
    }

    /** A violation of a check Kong makes in code: the field path (empty for the entity as a whole) and the message. */
    public record CheckFailure(List<String> path, String message) {}

    /** A check Kong makes in code rather than in its schema, over the entity's fields (defaults filled). */
    @FunctionalInterface
    public interface CodeCheck {
        List<CheckFailure> check(Map<String, Object> fields);
    }

    /** A change the file format allows that Kong's schema does not take as such (a service's {@code url}). */
    public interface FileShorthand {
        /**
         * Rewrites {@code fields} in place. {@code derivedFrom} receives each field that was not written as such,
         * mapped to the key it came from (for error locations); problems go to {@code problems} as (key, message).
         */
        void apply(Map<String, Object> fields, Map<String, String> derivedFrom, Map<String, String> problems);
    }

    private final String name;
    private final String fileKey;
    private final String schemaName;
    private final String collection;
    private final String nestedCollection;
    private final String parentRef;
    private final List<NaturalKey> keys;
    private final List<String> labelFields;
    private final Function<Map<String, Object>, String> labeler;
    private final String scalarForm;
    private final boolean guardedDeletes;
    private final List<Ref> refs;
    private final Map<String, Ref> refsByField;
    private final List<String> referenceFields;
    private final Writes writes;
    private final Set<String> readOnly;
    private final Set<String> secretFields;
    private final String subschemaField;
    private final String subschemaPath;
    private final List<FileShorthand> shorthands;
    private final Map<String, Function<Object, Object>> storedForms;
    private final Set<String> outOfScopeRefs;
    private final Map<String, SecretForm> secretForms;
    private final List<CodeCheck> checks;

    private EntityKind(Builder b) {
        this.name = b.name;
        this.fileKey = b.fileKey;
        this.schemaName = b.schemaName;
        this.collection = b.collection;
        this.nestedCollection = b.nestedCollection;
        this.parentRef = b.parentRef;
        this.keys = List.copyOf(b.keys);
        this.labelFields = b.unlabeled || b.keys.get(0).derive() != null ? List.of()
                : !b.labelFields.isEmpty() ? List.copyOf(b.labelFields) : b.keys.get(0).fields().stream()
                .filter(f -> b.refs.stream().noneMatch(r -> r.field().equals(f))).limit(1).toList();
        this.labeler = b.labeler;
        this.scalarForm = b.scalarForm;
        this.guardedDeletes = b.guardedDeletes;
        this.refs = List.copyOf(b.refs);
        Map<String, Ref> byField = new java.util.HashMap<>();
        for (Ref r : this.refs) {
            byField.putIfAbsent(r.field, r);
        }
        this.refsByField = Map.copyOf(byField);
        this.referenceFields = this.keys.stream().filter(k -> k.byOwnField(this)).map(k -> k.fields().get(0))
                .toList();
        this.writes = b.writes;
        this.readOnly = Set.copyOf(b.readOnly);
        this.secretFields = Set.copyOf(b.secretFields);
        this.subschemaField = b.subschemaField;
        this.subschemaPath = b.subschemaPath;
        this.shorthands = List.copyOf(b.shorthands);
        this.storedForms = Map.copyOf(b.storedForms);
        this.outOfScopeRefs = Set.copyOf(b.outOfScopeRefs);
        this.secretForms = Map.copyOf(b.secretForms);
        this.checks = List.copyOf(b.checks);
    }

    /** Starts the declaration of a kind named {@code name} in output ("route"). */
    public static Builder define(String name) {
        return new Builder(name);
    }

    /** The declaration of one kind, part by part; see {@link Kinds} for every kind. */
    public static final class Builder {
        private final String name;
        private String fileKey;
        private String schemaName;
        private String collection;
        private String nestedCollection;
        private String parentRef;
        private final List<NaturalKey> keys = new ArrayList<>();
        private final List<String> labelFields = new ArrayList<>();
        private Function<Map<String, Object>, String> labeler;
        private boolean unlabeled;
        private String scalarForm;
        private boolean guardedDeletes;
        private final List<Ref> refs = new ArrayList<>();
        private Writes writes = Writes.BY_ID;
        private final Set<String> readOnly = new LinkedHashSet<>(Set.of("id", "created_at", "updated_at"));
        private final Set<String> secretFields = new LinkedHashSet<>();
        private String subschemaField;
        private String subschemaPath;
        private final List<FileShorthand> shorthands = new ArrayList<>();
        private final Map<String, Function<Object, Object>> storedForms = new LinkedHashMap<>();
        private final Set<String> outOfScopeRefs = new LinkedHashSet<>();
        private final Map<String, SecretForm> secretForms = new LinkedHashMap<>();
        private final List<CodeCheck> checks = new ArrayList<>();

        private Builder(String name) {
            this.name = name;
        }

        /** The key in a declarative file ("routes"); also the schema name and the Admin API collection. */
        public Builder fileKey(String key) {
            this.fileKey = key;
            this.schemaName = schemaName == null ? key : schemaName;
            this.collection = collection == null ? key : collection;
            return this;
        }

        /** The schema at {@code GET /schemas/{name}}, when it differs from the file key. */
        public Builder schema(String schema) {
            this.schemaName = schema;
            return this;
        }

        /** The top-level Admin API collection ({@code /key-auths}), when it differs from the file key. */
        public Builder collection(String path) {
            this.collection = path;
            return this;
        }

        /** Kong serves this kind only under its parent: {@code /{parent}/{id}/{nested}}, never at the top level. */
        public Builder onlyUnder(String ref, String nested) {
            this.collection = null;
            this.parentRef = ref;
            this.nestedCollection = nested;
            return this;
        }

        /** A natural key; a second call adds an alternative tried when the first is not set. */
        public Builder key(String... fields) {
            keys.add(NaturalKey.of(fields));
            return this;
        }

        /** A natural key derived from the entity's content (from {@code fields}), the same way for files and Kong. */
        public Builder keyDerived(String description, Function<Map<String, Object>, Object> derive, String... fields) {
            keys.add(new NaturalKey(List.of(fields), description, derive));
            return this;
        }

        /** The fields that name one entity in output, first set one wins (default: the first key's own field). */
        public Builder label(String... fields) {
            labelFields.addAll(List.of(fields));
            return this;
        }

        /** No field names an entity in output (a key-auth's key is its secret): it reads by its id and scope. */
        public Builder unlabeled() {
            this.unlabeled = true;
            return this;
        }

        /** How an entity without a naming field reads in output (a certificate by its subject). */
        public Builder labelBy(Function<Map<String, Object>, String> labeler) {
            this.labeler = labeler;
            return this;
        }

        /** In a file, a bare string in a list of this kind stands for {@code {field: string}} (a certificate's SNIs). */
        public Builder scalarForm(String field) {
            this.scalarForm = field;
            return this;
        }

        /**
         * Deleting an entity of this kind can take traffic down (a vault, a certificate): a sync refuses it unless
         * {@code --allow-deletes} is given.
         */
        public Builder guardDeletes() {
            this.guardedDeletes = true;
            return this;
        }

        public Builder ref(Ref ref) {
            refs.add(ref);
            return this;
        }

        public Builder writes(Writes w) {
            this.writes = w;
            return this;
        }

        /**
         * A field kongsync never compares or writes: Kong computes it (a CA certificate's {@code cert_digest}) or
         * keeps it beside the entity (a certificate's {@code snis}, managed as SNI entities).
         */
        public Builder readOnly(String field) {
            readOnly.add(field);
            return this;
        }

        /** A field whose value is never printed (the schema's {@code encrypted} fields are secret anyway). */
        public Builder secret(String dottedPath) {
            secretFields.add(dottedPath);
            return this;
        }

        /** The entity's schema is Kong's subschema named by this field: {@code GET /schemas/{path}/{value}}. */
        public Builder subschema(String field, String path) {
            this.subschemaField = field;
            this.subschemaPath = path;
            return this;
        }

        /** A check Kong makes in code (a certificate matches its key), made offline too. */
        public Builder check(CodeCheck c) {
            checks.add(c);
            return this;
        }

        public Builder shorthand(FileShorthand s) {
            shorthands.add(s);
            return this;
        }

        /** Kong stores {@code field} hashed: a secret compared through {@code form}, never printed. */
        public Builder hashed(String field, SecretForm form) {
            secretForms.put(field, form);
            secretFields.add(field);
            return this;
        }

        /**
         * Kong stores {@code field} in the form {@code form} gives it (a target's address with the default port), or
         * kongsync compares it in that form on both sides (a PEM certificate re-encoded): equal values in another
         * form never show as a change.
         */
        public Builder storedAs(String field, Function<Object, Object> form) {
            storedForms.put(field, form);
            return this;
        }

        /**
         * A reference to a kind kongsync does not manage: an entity that has it set is outside what the files can
         * declare, so it is never read, compared or deleted.
         */
        public Builder outOfScopeIf(String field) {
            outOfScopeRefs.add(field);
            return this;
        }

        public EntityKind build() {
            if (fileKey == null || keys.isEmpty()) {
                throw new IllegalStateException("kind " + name + " needs a file key and a natural key");
            }
            return new EntityKind(this);
        }
    }

    // ---- the table -------------------------------------------------------------------------------------------

    /** All kinds, parents before children. */
    public static List<EntityKind> all() {
        return Kinds.ALL;
    }

    public static EntityKind byName(String name) {
        return Kinds.byName(name);
    }

    public static Optional<EntityKind> byFileKey(String fileKey) {
        return Kinds.ALL.stream().filter(k -> k.fileKey.equals(fileKey)).findFirst();
    }

    /**
     * The kinds left alone when {@code names} are: those, and every kind that cannot exist without one of them (a
     * credential without its consumer).
     */
    public static java.util.Set<EntityKind> skipped(java.util.Collection<String> names) {
        java.util.Set<EntityKind> out = new java.util.LinkedHashSet<>();
        names.forEach(n -> out.add(byName(n)));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (EntityKind k : all()) {
                if (!out.contains(k) && k.refs.stream().anyMatch(r -> r.required() && out.contains(byName(r.kind())))) {
                    out.add(k);
                    grew = true;
                }
            }
        }
        return out;
    }

    /**
     * Whether an entity of this kind that has {@code setRefs} set is outside what kongsync manages: it references a
     * kind kongsync does not manage or one that is skipped ({@code --skip consumer} leaves consumer plugins alone).
     */
    public boolean outOfScope(java.util.Collection<String> setRefs, java.util.Set<EntityKind> skipped) {
        for (String f : setRefs) {
            if (outOfScopeRefs.contains(f)) {
                return true;
            }
            Optional<Ref> r = ref(f);
            if (r.isPresent() && skipped.contains(byName(r.get().kind()))) {
                return true;
            }
        }
        return false;
    }

    // ---- what a kind says --------------------------------------------------------------------------------------

    /** Singular name used in output ("route"). */
    public String name() {
        return name;
    }

    /** The key in a declarative file ("routes"). */
    public String fileKey() {
        return fileKey;
    }

    /** The schema at {@code GET /schemas/{schemaName}}. */
    public String schemaName() {
        return schemaName;
    }

    /** The top-level Admin API collection ({@code services}), or null when Kong serves the kind only nested. */
    public String collection() {
        return collection;
    }

    /** The path segment under the parent's entity ({@code targets}), or null. */
    public String nestedCollection() {
        return nestedCollection;
    }

    /** The reference whose entity owns the nested collection ("upstream" for targets), or null. */
    public String parentRef() {
        return parentRef;
    }

    /** The kind of the entity that owns the nested collection, or null. */
    public EntityKind parentKind() {
        return parentRef == null ? null : byName(ref(parentRef).orElseThrow().kind());
    }

    public List<NaturalKey> keys() {
        return keys;
    }

    /** Every field of every natural key. */
    public Set<String> keyFields() {
        Set<String> out = new LinkedHashSet<>();
        keys.forEach(k -> out.addAll(k.fields()));
        return out;
    }

    /** True when a reference is part of the natural key: the entity is attached to something (a plugin). */
    public boolean scopedByRefs() {
        return keyFields().stream().anyMatch(this::isRefField);
    }

    /** The fields that name one entity in output, in order of preference. */
    public List<String> labelFields() {
        return labelFields;
    }

    /** How one entity reads in output: its naming field, else its derived label, else null. */
    public String label(Map<String, Object> fields) {
        for (String f : labelFields) {
            Object v = fields.get(f);
            if (v != null) {
                return v.toString();
            }
        }
        return labeler == null ? null : labeler.apply(fields);
    }

    /** The field a bare string stands for when the file writes an entity of this kind as one, or null. */
    public String scalarForm() {
        return scalarForm;
    }

    /** True if deletes of this kind need {@code --allow-deletes}. */
    public boolean guardedDeletes() {
        return guardedDeletes;
    }

    /** The keys by which a reference may name an entity of this kind ({@code username}, {@code custom_id}). */
    public List<String> referenceFields() {
        return referenceFields;
    }

    public List<Ref> refs() {
        return refs;
    }

    public Writes writes() {
        return writes;
    }

    /** Fields Kong sets itself; never compared, never written. */
    public Set<String> readOnly() {
        return readOnly;
    }

    /** Dotted paths whose values are never printed; schemas add the fields they mark {@code encrypted}. */
    public Set<String> secretFields() {
        return secretFields;
    }

    /** The field that names the entity's subschema ("name" for plugins), or null. */
    public String subschemaField() {
        return subschemaField;
    }

    /** Where subschemas live below {@code /schemas/} ("plugins"), or null. */
    public String subschemaPath() {
        return subschemaPath;
    }

    public List<FileShorthand> shorthands() {
        return shorthands;
    }

    /** Fields Kong rewrites on write, with the rewrite, so that the files compare with what Kong stores. */
    public Map<String, Function<Object, Object>> storedForms() {
        return storedForms;
    }

    /** The checks Kong makes in code for this kind. */
    public List<CodeCheck> checks() {
        return checks;
    }

    /** Fields Kong stores hashed, with how a file's value is compared with the stored one. */
    public Map<String, SecretForm> secretForms() {
        return secretForms;
    }

    /** References to kinds kongsync does not manage; an entity with one set is never read or deleted. */
    public Set<String> outOfScopeRefs() {
        return outOfScopeRefs;
    }

    /** Dependency level: 0 for kinds that reference nothing; a kind's level is above every kind it references. */
    public int level() {
        return Kinds.level(this);
    }

    public Optional<Ref> ref(String field) {
        return Optional.ofNullable(refsByField.get(field));
    }

    public boolean isRefField(String field) {
        return refsByField.containsKey(field);
    }

    /** Kinds whose entities may nest inside an entity of this kind in a file, with the key they nest under. */
    public List<Map.Entry<String, EntityKind>> nestedChildren() {
        List<Map.Entry<String, EntityKind>> known = nestedChildren;
        if (known == null) {
            known = List.copyOf(findNestedChildren());
            nestedChildren = known;
        }
        return known;
    }

    /** Computed once, when the table is complete (every kind is asked for its children per entity of a file). */
    private volatile List<Map.Entry<String, EntityKind>> nestedChildren;

    private List<Map.Entry<String, EntityKind>> findNestedChildren() {
        List<Map.Entry<String, EntityKind>> out = new ArrayList<>();
        for (EntityKind child : Kinds.ALL) {
            for (Ref r : child.refs) {
                if (r.kind.equals(name) && r.nestedAs != null) {
                    out.add(Map.entry(r.nestedAs, child));
                }
            }
        }
        return out;
    }

    /**
     * The Admin API path of a write: {@code /services/{id}}, or through the parent ({@code /upstreams/{pid}/targets})
     * for kinds Kong serves only there.
     */
    public String path(Write write, String id, String parentId) {
        String base = write.viaParent() ? "/" + parentKind().collection() + "/" + parentId + "/" + nestedCollection
                : "/" + collection;
        return write.toEntity() ? base + "/" + id : base;
    }

    /** The write that performs {@code create}, {@code update} (replace) or {@code delete}. */
    public Write write(String action) {
        return switch (action) {
            case "create" -> writes.create();
            case "update" -> writes.replace();
            case "delete" -> writes.delete();
            default -> throw new IllegalArgumentException("unknown action " + action);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
