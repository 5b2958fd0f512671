package dev.kongsync.owners;

import dev.kongsync.file.Location;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.plan.Action;
import dev.kongsync.plan.Operation;
import dev.kongsync.plan.Plan;
import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.RefSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks that owners of one Kong (one set of select tags each) stay out of each other's way:
 * <ul>
 * <li>no owner's select tags match another owner's entities (its sync would delete them);</li>
 * <li>a reference to an entity another owner declares goes through {@code _info.default_lookup_tags}, with tags that
 * find it;</li>
 * <li>no tag filter has more than the 5 tags Kong accepts (kong/db/dao/init.lua);</li>
 * <li>online: the entities a sync would delete that carry another owner's tags, and references by id to entities
 * outside the scope without lookup tags.</li>
 * </ul>
 */
public final class OwnershipLint {
    /** Kong refuses a tag filter of more tags ({@code kong/db/dao/init.lua}: "cannot query more than 5 tags"). */
    public static final int MAX_FILTER_TAGS = 5;

    private OwnershipLint() {}

    /** Errors (each at the file, line and field to fix) and warnings. */
    public record Result(List<Problem> errors, List<String> warnings) {}

    /** Every owner against every other, offline. */
    public static Result offline(List<Owner> owners) {
        List<Problem> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (Owner o : owners) {
            errors.addAll(filterLimits(o.docs()));
        }
        for (Owner b : owners) {
            for (Owner a : owners) {
                if (a != b) {
                    sharedScope(a, b, errors);
                }
            }
        }
        for (Owner a : owners) {
            for (DesiredEntity e : a.state().entities()) {
                for (Map.Entry<String, RefSpec> r : e.refs().entrySet()) {
                    if (e.target(r.getKey()) == null && r.getValue().nestedIn() == null && r.getValue().id() == null) {
                        crossReference(a, e, r.getValue(), owners, errors);
                    }
                }
            }
        }
        return new Result(errors, warnings);
    }

    /** Against Kong: the files' filters, the plan's deletes, and references by id outside the scope. */
    public static Result online(DesiredState desired, Plan plan, CurrentState outside) {
        Set<SourceDocument> docs = new LinkedHashSet<>();
        desired.entities().forEach(e -> docs.add(e.doc()));
        List<Problem> errors = new ArrayList<>(filterLimits(docs));
        List<String> warnings = new ArrayList<>();
        Map<List<String>, List<String>> deletesByTags = new LinkedHashMap<>();
        for (Operation op : plan.operations()) {
            if (op.action() != Action.DELETE || desired.selectTags().isEmpty() || op.before() == null) {
                continue;
            }
            List<String> extra = new ArrayList<>(OwnerTags.of(op.before().get("tags")));
            extra.removeAll(desired.selectTags());
            if (!extra.isEmpty()) {
                deletesByTags.computeIfAbsent(extra, k -> new ArrayList<>()).add(op.display());
            }
        }
        deletesByTags.forEach((tags, what) -> {
            List<String> both = new ArrayList<>(new TreeSet<>(desired.selectTags()));
            both.addAll(tags);
            warnings.add("this change deletes " + what.size() + (what.size() == 1 ? " entity" : " entities")
                    + " in the scope " + desired.selectTags() + " that also " + (what.size() == 1 ? "carries" : "carry")
                    + " the tags " + tags + " (" + String.join(", ", what) + "): if another file owns "
                    + (what.size() == 1 ? "it" : "them") + " with select tags " + both + ", both scopes match "
                    + (what.size() == 1 ? "it" : "them") + " and each sync undoes the other's");
        });
        for (DesiredEntity e : desired.entities()) {
            for (Map.Entry<String, RefSpec> r : e.refs().entrySet()) {
                RefSpec s = r.getValue();
                CurrentEntity c = s.id() == null || e.target(r.getKey()) != null ? null : outside.byId(s.id());
                EntityKind kind = EntityKind.byName(s.kind());
                if (c != null && !desired.lookupTags().containsKey(kind.fileKey())) {
                    List<String> owner = OwnerTags.of(c.fields().get("tags"));
                    warnings.add(e.kind().name() + " " + name(e) + " (" + e.location() + ") references " + kind.name()
                            + " " + (c.label() == null ? c.id() : c.label() + " (" + c.id() + ")")
                            + " by id; it is outside the select tags " + desired.selectTags() + ", owned by "
                            + (owner.isEmpty() ? "no one (no tags)" : "the tags " + owner) + ": list "
                            + (owner.isEmpty() ? "its tags" : owner) + " in _info.default_lookup_tags." + kind.fileKey()
                            + " to make the dependency on another owner explicit");
                }
            }
        }
        return new Result(errors, warnings);
    }

    /** Lookup tag lists longer than Kong's filter takes ({@code _info.select_tags} is checked by the parser). */
    public static List<Problem> filterLimits(Collection<SourceDocument> docs) {
        List<Problem> out = new ArrayList<>();
        for (SourceDocument doc : docs) {
            if (doc.root() instanceof Map<?, ?> root && root.get("_info") instanceof Map<?, ?> info
                    && info.get("default_lookup_tags") instanceof Map<?, ?> lookups) {
                for (Map.Entry<?, ?> l : lookups.entrySet()) {
                    if (l.getValue() instanceof List<?> tags && tags.size() > MAX_FILTER_TAGS) {
                        String ptr = "/_info/default_lookup_tags/" + SourceDocument.escape(l.getKey().toString());
                        out.add(new Problem(doc.locate(ptr), SourceDocument.pathOf(ptr), "Kong filters on at most "
                                + MAX_FILTER_TAGS + " tags, got " + tags.size() + ": the lookup would be refused"));
                    }
                }
            }
        }
        return out;
    }

    /** Whether {@code b}'s select tags match entities of {@code a}: b's sync would then delete or change them. */
    private static void sharedScope(Owner a, Owner b, List<Problem> errors) {
        Location at = b.docs().get(0).locate("/_info/select_tags");
        String field = b.selectTags().isEmpty() ? null : "_info.select_tags";
        List<String> matched = new ArrayList<>();
        for (DesiredEntity e : a.state().entities()) {
            Set<String> tags = new TreeSet<>(a.selectTags());
            tags.addAll(strings(e.fields().get("tags")));
            if (tags.containsAll(b.selectTags())) {
                matched.add(e.kind().name() + " " + name(e) + " (" + e.location() + ")");
            }
        }
        if (matched.isEmpty()) {
            return;
        }
        String listed = matched.size() <= 3 ? String.join(", ", matched)
                : String.join(", ", matched.subList(0, 3)) + " and " + (matched.size() - 3) + " more";
        String files = String.join(", ", b.docs().stream().map(SourceDocument::file).toList());
        String them = matched.size() == 1 ? "it" : "them";
        String entities = matched.size() + (matched.size() == 1 ? " entity" : " entities") + " of " + a.describe();
        errors.add(new Problem(at, field, b.selectTags().isEmpty()
                ? files + " has no select tags: a sync of it manages every entity in Kong, including " + entities + ": "
                + listed + "; it would delete " + them + ". Give it select tags"
                : "the select tags " + b.selectTags() + " of " + files + " also match " + entities + ": " + listed
                + "; a sync of " + files + " would delete " + them + ". Give each owner a select tag the other's "
                + "entities do not carry"));
    }

    /**
     * A reference by key from an entity of {@code a} to one the files of another owner declare: it needs lookup tags
     * that find that entity.
     */
    private static void crossReference(Owner a, DesiredEntity e, RefSpec spec, List<Owner> owners,
                                       List<Problem> errors) {
        EntityKind kind = EntityKind.byName(spec.kind());
        for (Owner b : owners) {
            if (b == a) {
                continue;
            }
            DesiredEntity target = find(b.state(), kind, spec);
            if (target == null) {
                continue;
            }
            Set<String> carried = new TreeSet<>(b.selectTags());
            carried.addAll(strings(target.fields().get("tags")));
            List<String> lookup = a.state().lookupTags().get(kind.fileKey());
            Location at = e.doc().locate(spec.pointer());
            String field = SourceDocument.pathOf(spec.pointer());
            String what = kind.name() + " " + spec.value() + ", which " + b.describe() + " declares ("
                    + target.location() + ")";
            if (lookup == null) {
                errors.add(new Problem(at, field, "references " + what + ", without _info.default_lookup_tags."
                        + kind.fileKey() + ": kongsync would not find it (add default_lookup_tags: {" + kind.fileKey()
                        + ": " + b.selectTags() + "})"));
            } else if (!carried.containsAll(lookup)) {
                errors.add(new Problem(at, field, "references " + what + ", but _info.default_lookup_tags."
                        + kind.fileKey() + " " + lookup + " does not find it: it carries " + carried));
            }
            return;
        }
    }

    private static DesiredEntity find(DesiredState state, EntityKind kind, RefSpec spec) {
        List<String> fields = spec.field() != null ? List.of(spec.field()) : kind.referenceFields();
        for (DesiredEntity d : state.of(kind)) {
            for (String f : fields) {
                if (spec.value() != null && spec.value().equals(d.fields().get(f))) {
                    return d;
                }
            }
        }
        return null;
    }

    private static String name(DesiredEntity e) {
        return e.label() != null ? e.label() : e.describeKey().isEmpty() ? "at " + e.location() : e.describeKey();
    }

    private static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
