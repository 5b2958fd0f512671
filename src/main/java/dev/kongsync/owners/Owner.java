package dev.kongsync.owners;

import dev.kongsync.file.SourceDocument;
import dev.kongsync.state.DesiredState;

import java.util.List;

/**
 * One owner of a shared Kong: the files that share one set of select tags ({@code _info.select_tags}), merged
 * into one desired state, as one kongsync run would take them.
 *
 * @param selectTags the owner's select tags, sorted (empty: the owner manages all of Kong)
 * @param docs       its files
 * @param state      what its files declare
 */
public record Owner(List<String> selectTags, List<SourceDocument> docs, DesiredState state) {
    public Owner {
        selectTags = List.copyOf(selectTags);
        docs = List.copyOf(docs);
    }

    /** "kong/kong.yml (select tags [banking])". */
    public String describe() {
        return String.join(", ", docs.stream().map(SourceDocument::file).toList()) + " ("
                + (selectTags.isEmpty() ? "no select tags" : "select tags " + selectTags) + ")";
    }
}
