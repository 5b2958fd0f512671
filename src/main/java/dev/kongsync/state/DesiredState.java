package dev.kongsync.state;

import dev.kongsync.kind.EntityKind;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the input files declare, merged, with the select tags that scope it, the SHA-256 of each file, the
 * tags that find entities other files own ({@code _info.default_lookup_tags}, by file key), and the environment
 * variables the files' templates used with their values (so that a saved plan can tell if one changed).
 */
public record DesiredState(List<DesiredEntity> entities, List<String> selectTags, List<String> files,
                           java.util.Map<String, String> digests, java.util.Map<String, List<String>> lookupTags,
                           java.util.Map<String, String> environment) {

    public List<DesiredEntity> of(EntityKind kind) {
        return entities.stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    public boolean isEmpty() {
        return entities.isEmpty();
    }

    /**
     * The state without the entities of {@code skipped} kinds, nor those that reference one (a plugin on a skipped
     * consumer): kongsync leaves them alone, in the files and in Kong.
     */
    public DesiredState without(java.util.Set<EntityKind> skipped) {
        if (skipped.isEmpty()) {
            return this;
        }
        List<DesiredEntity> kept = entities.stream().filter(e -> !skipped.contains(e.kind())
                && !e.kind().outOfScope(e.refs().keySet(), skipped)).toList();
        return new DesiredState(kept, selectTags, files, digests, lookupTags, environment);
    }
}
