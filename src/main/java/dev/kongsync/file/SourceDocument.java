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
    private static final YAMLFactory YAML = new YAMLFactory();

    private final String file;
    private final Object root;
    private final Map<String, Location> locations;
    private final String digest;
    private final Map<String, String> envUses = new java.util.TreeMap<>();

    private SourceDocument(String file, Object root, Map<String, Location> locations, String digest) {
        this.file = file;
        this.root = root;
        this.locations = locations;
        this.digest = digest;
    }

    /** SHA-256 of the file's text, as read. */
    public String digest() {
        return digest;
    }

    /** JSON pointers of values that came from environment variables, with the variable names. */
    public Map<String, String> envUses() {
        return envUses;
    }

    /** Parses every document of a multi-document YAML file (separated by ---), with absolute line numbers. */
    public static List<SourceDocument> parseAll(String file, String text) {
        List<SourceDocument> out = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            while (p.nextToken() != null) {
                Map<String, Location> locs = new HashMap<>();
                Object root = new Builder(file, p, locs, new HashMap<>()).read("");
                out.add(new SourceDocument(file, root, locs, sha256(text)));
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(new Problem(loc(file, e.getLocation()), null,
                    "cannot parse YAML: " + syntaxMessage(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new Problem(new Location(file, 1, 1), null,
                    "cannot read: " + e.getMessage())));
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
            Location l = locations.get(p);
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
        boolean json = file.toLowerCase().endsWith(".json");
        Map<String, Location> locs = new HashMap<>();
        try (JsonParser p = (json ? JSON : YAML).createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return new SourceDocument(file, null, locs, sha256(text));
            }
            Object root = new Builder(file, p, locs, new HashMap<>()).read("");
            if (p.nextToken() != null) {
                throw new InvalidConfigException(List.of(new Problem(loc(file, p.currentTokenLocation()), null,
                        "more than one document in this file; put each configuration in its own file")));
            }
            return new SourceDocument(file, root, locs, sha256(text));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigException(List.of(new Problem(loc(file, e.getLocation()), null,
                    "cannot parse " + (json ? "JSON" : "YAML") + ": " + syntaxMessage(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new InvalidConfigException(List.of(new Problem(new Location(file, 1, 1), null,
                    "cannot read: " + e.getMessage())));
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

    /** Builds plain values from the token stream; resolves YAML anchors and aliases ({@code &cors}, {@code *cors}). */
    private record Builder(String file, JsonParser p, Map<String, Location> locs, Map<String, Object> anchors) {
        Object read(String pointer) throws IOException {
            locs.putIfAbsent(pointer, loc(file, p.currentTokenLocation()));
            if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                String name = p.getText();
                if (!anchors.containsKey(name)) {
                    throw new InvalidConfigException(List.of(new Problem(loc(file, p.currentTokenLocation()),
                            pathOf(pointer), "unknown YAML alias *" + name)));
                }
                return Values.deepCopy(anchors.get(name));
            }
            String anchor = p instanceof YAMLParser y ? y.getObjectId() : null;
            Object value = value(pointer);
            if (anchor != null) {
                anchors.put(anchor, value);
            }
            return value;
        }

        private Object value(String pointer) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case START_OBJECT -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    while (p.nextToken() != JsonToken.END_OBJECT) {
                        String name = p.currentName();
                        String child = pointer + "/" + escape(name);
                        if (m.containsKey(name)) {
                            throw new InvalidConfigException(List.of(new Problem(loc(file, p.currentTokenLocation()),
                                    pathOf(child), "duplicate key '" + name + "'")));
                        }
                        locs.put(child, loc(file, p.currentTokenLocation()));
                        p.nextToken();
                        m.put(name, read(child));
                    }
                    return m;
                }
                case START_ARRAY -> {
                    List<Object> l = new ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        l.add(read(pointer + "/" + l.size()));
                    }
                    return l;
                }
                case VALUE_STRING -> {
                    return p.getText();
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
