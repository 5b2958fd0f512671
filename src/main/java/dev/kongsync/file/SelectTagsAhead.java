package dev.kongsync.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The select tags the files will give, found before they are parsed, so that Kong can be read while they are: only
 * the {@code _info} block of each file is looked at (a YAML file's lines from a top-level {@code _info:} key to the
 * next top-level key; a JSON file's top-level {@code "_info"} member, the rest skipped unparsed).
 *
 * <p>This is a guess that is always checked: the caller compares it with the parsed files' select tags and reads
 * again if they differ. It is empty ("not sure") for standard input (which can be read once only), for an unreadable
 * file, for an {@code _info} that holds a template or an alias, and for files whose {@code _info} blocks disagree.
 */
public final class SelectTagsAhead {
    private static final JsonFactory JSON = new JsonFactory();
    /** A top-level {@code _info} key (plain or quoted) and the lines under it: indented, blank or comments. */
    private static final Pattern YAML_INFO = Pattern.compile(
            "^(?:_info|\"_info\"|'_info')[ \\t]*:[^\\n]*\\n?(?:(?:[ \\t#][^\\n]*)?(?:\\n|$))*", Pattern.MULTILINE);

    private SelectTagsAhead() {}

    /**
     * The sorted select tags of {@code files} under {@code --select-tag} values {@code cli}, or empty when they cannot
     * be known without parsing the files (none named: they come from elsewhere, a ConfigMap).
     */
    public static Optional<List<String>> of(List<String> files, List<String> cli) {
        if (!cli.isEmpty()) {
            // The files either select the same tags or are refused before Kong is read further.
            return filterable(List.copyOf(new TreeSet<>(cli)));
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        List<String> found = null;
        for (String f : files) {
            if (f.equals("-")) {
                return Optional.empty();
            }
            List<String> tags;
            try {
                tags = inText(Files.readString(Path.of(f), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
            if (tags == null || found != null && !tags.isEmpty() && !found.equals(tags)) {
                return Optional.empty();
            }
            if (!tags.isEmpty()) {
                found = tags;
            }
        }
        return filterable(found == null ? List.of() : found);
    }

    /** More tags than Kong filters on are refused once the files are parsed: nothing to read ahead for. */
    private static Optional<List<String>> filterable(List<String> tags) {
        return tags.size() > 5 ? Optional.empty() : Optional.of(tags);
    }

    /** The sorted select tags one file's text gives (none: an empty list), or null when unsure. */
    static List<String> inText(String text) {
        String start = text.stripLeading();
        if (start.startsWith("{") || start.startsWith("[")) {
            return inJson(text);
        }
        List<String> found = null;
        Matcher m = YAML_INFO.matcher(text);
        while (m.find()) {
            String block = m.group();
            if (block.contains("${{") || block.contains("*") || block.contains("&")) {
                return null;
            }
            List<String> tags;
            try {
                tags = tags(SourceDocument.parse("_info", block).root());
            } catch (RuntimeException e) {
                return null;
            }
            if (tags == null || found != null && !found.equals(tags)) {
                return null;
            }
            found = tags;
        }
        return found == null ? List.of() : found;
    }

    private static List<String> inJson(String text) {
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken info = member(p, "_info");
            if (info == null) {
                return List.of();
            }
            if (info != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken v = member(p, "select_tags");
            if (v == null) {
                return List.of();
            }
            if (v != JsonToken.START_ARRAY) {
                return null;
            }
            List<String> tags = new ArrayList<>();
            while (p.nextToken() == JsonToken.VALUE_STRING) {
                if (p.getText().contains("${{")) {
                    return null;
                }
                tags.add(p.getText());
            }
            // A JSON file has one top-level object: its _info is all there is to find.
            return p.currentToken() == JsonToken.END_ARRAY ? List.copyOf(new TreeSet<>(tags)) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Moves {@code p}, inside an object, to the value of its member {@code name}, the others skipped: that value's
     * first token, or null when the object has no such member.
     */
    private static JsonToken member(JsonParser p, String name) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (key.equals(name)) {
                return value;
            }
            p.skipChildren();
        }
        return null;
    }

    /** The sorted select tags of a parsed {@code _info} block (none: empty), or null when unsure. */
    private static List<String> tags(Object root) {
        if (!(root instanceof Map<?, ?> m) || !(m.get("_info") instanceof Map<?, ?> info)) {
            return null;
        }
        if (!info.containsKey("select_tags")) {
            return List.of();
        }
        if (!(info.get("select_tags") instanceof List<?> l)) { // null too: the parser refuses it
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Object t : l) {
            if (!(t instanceof String s)) {
                return null;
            }
            out.add(s);
        }
        return List.copyOf(new TreeSet<>(out));
    }
}
