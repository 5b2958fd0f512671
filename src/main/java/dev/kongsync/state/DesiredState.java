package dev.kongsync.state;

import dev.kongsync.kind.EntityKind;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything the input files declare, merged, with the select tags that scope it and the SHA-256 of each file.
 */
public record DesiredState(List<DesiredEntity> entities, List<String> selectTags, List<String> files,
                           java.util.Map<String, String> digests) {

    public List<DesiredEntity> of(EntityKind kind) {
        return entities.stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    public boolean isEmpty() {
        return entities.isEmpty();
    }
}
