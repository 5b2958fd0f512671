package dev.kongsync.owners;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Files of several owners ({@code validate --owners}): grouped by their {@code _info.select_tags}, each group read
 * as one owner's configuration, as a kongsync run over those files alone would read it.
 */
public final class Owners {
    private Owners() {}

    /** The owners, and every problem reading and parsing their files. */
    public record Read(List<Owner> owners, List<Problem> problems) {}

    public static Read read(List<String> files) {
        List<Problem> problems = new ArrayList<>();
        Map<List<String>, List<SourceDocument>> groups = new LinkedHashMap<>();
        for (String f : files) {
            SourceDocument doc = ConfigParser.document(f, problems);
            if (doc != null) {
                groups.computeIfAbsent(selectTags(doc), k -> new ArrayList<>()).add(doc);
            }
        }
        List<Owner> owners = new ArrayList<>();
        groups.forEach((tags, docs) -> {
            ConfigParser.Result r = ConfigParser.parse(docs, List.of());
            problems.addAll(r.problems());
            owners.add(new Owner(tags, docs, r.state()));
        });
        return new Read(owners, problems);
    }

    /** A file's {@code _info.select_tags}, sorted; empty when it has none (the parser reports a wrong shape). */
    static List<String> selectTags(SourceDocument doc) {
        TreeSet<String> out = new TreeSet<>();
        if (doc.root() instanceof Map<?, ?> root && root.get("_info") instanceof Map<?, ?> info
                && info.get("select_tags") instanceof List<?> tags) {
            tags.forEach(t -> out.add(String.valueOf(t)));
        }
        return List.copyOf(out);
    }
}
