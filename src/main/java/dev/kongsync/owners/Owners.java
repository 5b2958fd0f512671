package dev.kongsync.owners;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Location;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
            try {
                String text = f.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                        : Files.readString(Path.of(f), StandardCharsets.UTF_8);
                SourceDocument doc = SourceDocument.parse(f, text);
                groups.computeIfAbsent(selectTags(doc), k -> new ArrayList<>()).add(doc);
            } catch (NoSuchFileException e) {
                problems.add(new Problem(new Location(f, 1, 1), null, "no such file"));
            } catch (IOException e) {
                problems.add(new Problem(new Location(f, 1, 1), null, "cannot read: " + e.getMessage()));
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
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
