package dev.kongsync.file;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kongsync.schema.Values;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One parsed input file (YAML or JSON) as plain values, with the line and column of every value and key,
 * addressed by JSON pointer ({@code /services/0/routes/1/paths}).
 */
public final class SourceDocument {
    private static final JsonFactory JSON = new JsonFactory();
    private static final YAMLFactory YAML = new PlainScalarYaml.Factory();

    private final String file;
    private final Object root;
    private final Positions locations;
    private final String digest;
    private final Map<String, String> envUses = new java.util.TreeMap<>();
    private final EnvTemplate.Prepared templates;
    private final java.util.Set<String> plainTemplates;
    private final java.util.Set<String> unresolved = new java.util.TreeSet<>();

    private SourceDocument(String file, Object root, Positions locations, String digest,
                           EnvTemplate.Prepared templates, java.util.Set<String> plainTemplates) {
        this.file = file;
        this.root = root;
        this.locations = locations;
        this.digest = digest;
        this.templates = templates;
        this.plainTemplates = plainTemplates;
    }

    /** The file's {@code ${{ ... }}} templates, which its values hold as placeholders until they are rendered. */
    EnvTemplate.Prepared templates() {
        return templates;
    }

    /**
     * Whether the value at {@code pointer} is a plain (unquoted) YAML scalar holding a {@code ${{ ... }}} template:
     * rendered, it takes the type YAML gives its text (as in decK, which renders templates over the text before
     * parsing it), while a quoted template stays a string.
     */
    public boolean isPlainTemplate(String pointer) {
        return plainTemplates.contains(pointer);
    }

    /** SHA-256 of the file's text, as read. */
    public String digest() {
        return digest;
    }

    /** JSON pointers of values that came from environment variables, with the variable names. */
    public Map<String, String> envUses() {
        return envUses;
    }

    /**
     * JSON pointers of values whose template could not be rendered (an unset variable, a malformed template): their
     * value is unknown, and so is whatever follows from it.
     */
    public java.util.Set<String> unresolved() {
        return unresolved;
    }

    /** Whether the file writes a value (or key) at {@code pointer}. */
    public boolean writes(String pointer) {
        return locations.contains(pointer);
    }

    /**
     * Parses every document of a multi-document YAML file (separated by ---), with absolute line numbers: plain
     * YAML such as Kubernetes manifests, whose {@code ${{ ... }}} (a GitHub Actions expression) is text, not a
     * template.
     */
    public static List<SourceDocument> parseAll(String file, String text) {
        tooLarge(file, text);
        List<SourceDocument> out = new ArrayList<>();
        EnvTemplate.Prepared prep = new EnvTemplate.Prepared(text, null, List.of());
        try (JsonParser p = YAML.createParser(prep.text())) {
            while (p.nextToken() != null) {
                Positions locs = new Positions();
                java.util.Set<String> plain = new java.util.HashSet<>();
                Object root = new Builder(file, p, locs, plain, prep).read("");
                out.add(new SourceDocument(file, root, locs.trimmed(), sha256(text), prep, plain));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(syntaxProblem(file, text, e, "YAML")));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new Problem(new Location(file, 1, 1), null,
                    "cannot read: " + e.getMessage())));
        }
    }

    private static void tooLarge(String file, String text) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidConfigException(List.of(new Problem(new Location(file, 1, 1), null, "the file has "
                    + text.length() / (1024 * 1024) + " MB; kongsync reads files of up to " + MAX_CHARS / (1024 * 1024)
                    + " MB (Kong's Admin API takes bodies of 10 MB)")));
        }
    }

    static String sha256(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String file() {
        return file;
    }

    public Object root() {
        return root;
    }

    /** Location of the value (or key) at {@code pointer}, or of its nearest ancestor that has one. */
    public Location locate(String pointer) {
        String p = pointer;
        while (true) {
            Location l = locations.get(file, p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return new Location(file, 1, 1);
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /**
     * Parses {@code text} as JSON if the name ends in .json, else as YAML (which also reads JSON).
     *
     * @throws InvalidConfigException on a syntax error or a duplicate key, with its location
     */
    public static SourceDocument parse(String file, String text) {
        tooLarge(file, text);
        boolean json = file.toLowerCase().endsWith(".json");
        EnvTemplate.Prepared prep = EnvTemplate.prepare(file, text);
        try {
            return parse(json ? JSON : YAML, file, text, prep);
        } catch (JsonProcessingException e) {
            if (json) {
                // YAML is a superset of JSON: like decK and Kong, read a .json file that holds YAML as YAML
                try {
                    return parse(YAML, file, text, prep);
                } catch (IOException ignored) {
                    // not YAML either: the JSON error is the one to show
                }
            }
            throw new InvalidConfigException(List.of(syntaxProblem(file, text, e, json ? "JSON" : "YAML")));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new Problem(new Location(file, 1, 1), null,
                    "cannot read: " + e.getMessage())));
        }
    }

    /**
     * A syntax error where the user sees it: a tab used for indentation is reported on the line that holds it
     * (the YAML scanner only notices it at the end of the line before).
     */
    private static Problem syntaxProblem(String file, String text, JsonProcessingException e, String format) {
        String message = syntaxMessage(e.getOriginalMessage());
        Location at = loc(file, e.getLocation());
        if (message.contains("TAB")) {
            String[] lines = text.split("\n", -1);
            for (int i = Math.max(0, at.line() - 1); i < lines.length; i++) {
                String indent = lines[i].substring(0, lines[i].length() - lines[i].stripLeading().length());
                if (indent.contains("\t")) {
                    return new Problem(new Location(file, i + 1, indent.indexOf('\t') + 1), null,
                            "cannot parse " + format + ": a tab in the indentation (YAML indents with spaces only)");
                }
            }
        }
        return new Problem(at, null, "cannot parse " + format + ": " + message);
    }

    private static SourceDocument parse(JsonFactory factory, String file, String text, EnvTemplate.Prepared prep)
            throws IOException {
        Positions locs = new Positions();
        try (JsonParser p = factory.createParser(prep.text())) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new SourceDocument(file, null, locs, sha256(text), prep, java.util.Set.of());
            }
            java.util.Set<String> plain = new java.util.HashSet<>();
            Object root = new Builder(file, p, locs, plain, prep).read("");
            if (p.nextToken() != null) {
                throw new InvalidConfigException(List.of(new Problem(loc(file, p.currentTokenLocation()), null,
                        "more than one document in this file; put each configuration in its own file")));
            }
            return new SourceDocument(file, root, locs.trimmed(), sha256(text), prep, plain);
        }
    }

    /** The parser's message without its echo of the source (snippets, carets, "in 'reader'" lines). */
    private static String syntaxMessage(String msg) {
        StringBuilder sb = new StringBuilder();
        for (String line : msg.split("\n")) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("in 'reader'") || t.startsWith("at [Source") || t.equals("^")
                    || line.startsWith("    ")) {
                continue;
            }
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(t);
        }
        return sb.toString();
    }

    static Location loc(String file, JsonLocation l) {
        if (l == null) {
            return new Location(file, 1, 1);
        }
        return new Location(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    public static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Nesting deeper than this is refused: no configuration needs it, and it costs a parser its stack. */
    static final int MAX_DEPTH = 64;
    /** Values that YAML aliases may add by copying anchored ones; an alias "bomb" reaches billions. */
    static final int MAX_ALIAS_VALUES = 1_000_000;
    /** Files longer than this are refused before parsing. */
    static final int MAX_CHARS = 64 * 1024 * 1024;

    /**
     * Builds plain values from the token stream; resolves YAML anchors and aliases ({@code &cors}, {@code *cors}),
     * within the limits of depth and alias expansion above (each a clear error with its line, reached in far less
     * than a second).
     */
    private static final class Builder {
        private record Anchored(Object value, String pointer, long size) {}

        private final String file;
        private final JsonParser p;
        private final Positions locs;
        private final java.util.Set<String> plainTemplates;
        private final EnvTemplate.Prepared templates;
        private final Map<String, Anchored> anchors = new HashMap<>();
        /** One String per distinct key: a file repeats a few dozen keys thousands of times, each kept in the tree. */
        private final Map<String, String> keys = new HashMap<>();
        private long aliasValues;
        private int depth;

        Builder(String file, JsonParser p, Positions locs, java.util.Set<String> plainTemplates,
                EnvTemplate.Prepared templates) {
            this.file = file;
            this.p = p;
            this.locs = locs;
            this.plainTemplates = plainTemplates;
            this.templates = templates;
        }

        /** Records where the current token is, as the place of {@code pointer} (of a key: replacing its value's). */
        private void record(String pointer, boolean replace) {
            Location l = loc(file, p.currentTokenLocation());
            locs.put(pointer, l.line(), l.column(), replace);
        }

        private InvalidConfigException problem(String pointer, String message) {
            return new InvalidConfigException(List.of(new Problem(loc(file, p.currentTokenLocation()),
                    pathOf(pointer), message)));
        }

        Object read(String pointer) throws IOException {
            record(pointer, false);
            if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                String name = p.getText();
                Anchored a = anchors.get(name);
                if (a == null) {
                    throw problem(pointer, "unknown YAML alias *" + name);
                }
                aliasValues += a.size();
                if (aliasValues > MAX_ALIAS_VALUES) {
                    throw problem(pointer, "YAML aliases expand to more than " + MAX_ALIAS_VALUES + " values (at *"
                            + name + "); a configuration never needs that many: is this an alias bomb?");
                }
                for (String t : List.copyOf(plainTemplates)) {
                    if (t.equals(a.pointer()) || t.startsWith(a.pointer() + "/")) {
                        plainTemplates.add(pointer + t.substring(a.pointer().length()));
                    }
                }
                return Values.deepCopy(a.value());
            }
            String anchor = p instanceof PlainScalarYaml.Parser y ? y.currentAnchor() : null;
            long before = aliasValues;
            Object value = value(pointer);
            if (anchor != null) {
                anchors.put(anchor, new Anchored(value, pointer, size(value) + (aliasValues - before)));
            }
            return value;
        }

        /** Values in a tree, not counting what aliases inside it added (counted apart). */
        private static long size(Object v) {
            if (v instanceof Map<?, ?> m) {
                long n = 1;
                for (Object x : m.values()) {
                    n += size(x);
                }
                return n;
            }
            if (v instanceof List<?> l) {
                long n = 1;
                for (Object x : l) {
                    n += size(x);
                }
                return n;
            }
            return 1;
        }

        private Object value(String pointer) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    enter(pointer);
                    Map<String, Object> m = new LinkedHashMap<>();
                    while (p.nextToken() != JsonToken.END_OBJECT) {
                        String name = keys.computeIfAbsent(p.currentName(), k -> k);
                        String child = pointer + "/" + escape(name);
                        if (m.containsKey(name)) {
                            throw problem(child, "duplicate key '" + name + "'");
                        }
                        record(child, true);
                        p.nextToken();
                        m.put(name, read(child));
                    }
                    depth--;
                    return m;
                }
                case START_ARRAY -> {
                    enter(pointer);
                    List<Object> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(read(pointer + "/" + l.size()));
                    }
                    depth--;
                    return l;
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    if (templates.holdsPlaceholder(text) && p instanceof PlainScalarYaml.Parser y
                            && y.currentScalarIsPlain()) {
                        plainTemplates.add(pointer);
                    }
                    return text;
                }
                case VALUE_NUMBER_INT -> {
                    return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getNumberValue().doubleValue()
                            : p.getLongValue();
                }
                case VALUE_NUMBER_FLOAT -> {
                    return p.getDoubleValue();
                }
                case VALUE_TRUE -> {
                    return Boolean.TRUE;
                }
                case VALUE_FALSE -> {
                    return Boolean.FALSE;
                }
                case VALUE_NULL -> {
                    return null;
                }
                default -> {
                    return p.getText();
                }
            }
        }

        private void enter(String pointer) {
            if (++depth > MAX_DEPTH) {
                throw problem(pointer, "nested more than " + MAX_DEPTH + " levels deep; a configuration never "
                        + "needs that");
            }
        }
    }

    /** A JSON pointer shown the way users read paths: {@code services[0].routes[1].paths}. */
    public static String pathOf(String pointer) {
        StringBuilder sb = new StringBuilder();
        for (String seg : pointer.split("/")) {
            if (seg.isEmpty()) {
                continue;
            }
            seg = seg.replace("~1", "/").replace("~0", "~");
            if (seg.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(seg).append(']');
            } else {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(seg);
            }
        }
        return sb.toString();
    }
}
