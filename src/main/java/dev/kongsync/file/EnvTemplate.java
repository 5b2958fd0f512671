package dev.kongsync.file;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * decK-compatible environment templating: {@code ${{ env "NAME" }}}, optionally piped through {@code toBool},
 * {@code toInt} or {@code toFloat} ({@code ${{ env "DECK_MINUTE" | toInt }}}), anywhere in a file's text.
 *
 * <p>decK renders the templates over the text and then parses it. kongsync gets the same values without losing
 * track of where each came from: before parsing, each template is replaced by a placeholder that YAML and JSON read
 * as plain text (so a template may sit inside a quoted string that itself uses quotes, as decK files do); after
 * parsing, each value holding placeholders is rendered. A value that was a plain (unquoted) YAML scalar takes the
 * type YAML gives its rendered text ({@code retries: ${{ env "DECK_RETRIES" }}} with 5 is the integer 5; an
 * environment value that is itself a quoted YAML string, such as a PEM with {@code \n} escapes, is decoded); a
 * quoted one stays a string. Line numbers stay those of the file, and every value that used a variable is recorded,
 * so that it is redacted in every output.
 */
public final class EnvTemplate {
    private static final Pattern TEMPLATE = Pattern.compile(
            "\\A\\s*env\\s+\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*(?:\\|\\s*(toBool|toInt|toFloat)\\s*)?\\z");
    private static final String SYNTAX = "write ${{ env \"NAME\" }}, optionally | toBool, toInt or toFloat";
    private static final YAMLFactory SCALARS = new YAMLFactory();

    /** One template of a file: the variable, the conversion, where it was written, or why it cannot be read. */
    record Use(String variable, String function, Location location, String problem) {}

    /** A file's text with its templates replaced by placeholders {@code <prefix><n>X}, and the templates. */
    record Prepared(String text, String prefix, List<Use> uses) {
        boolean holdsPlaceholder(String s) {
            return prefix != null && s.contains(prefix);
        }
    }

    private EnvTemplate() {}

    /** Replaces every {@code ${{ ... }}} of {@code text} by a placeholder; lines stay where they were. */
    static Prepared prepare(String file, String text) {
        int start = text.indexOf("${{");
        if (start < 0) {
            return new Prepared(text, null, List.of());
        }
        String prefix;
        do {
            prefix = "KSENV" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) + "X";
        } while (text.contains(prefix));
        List<Use> uses = new ArrayList<>();
        StringBuilder out = new StringBuilder(text.length());
        int last = 0;
        while (start >= 0) {
            int lineEnd = text.indexOf('\n', start);
            int end = text.indexOf("}}", start + 3);
            Location at = location(file, text, start);
            if (end < 0 || (lineEnd >= 0 && end > lineEnd)) {
                uses.add(new Use(null, null, at, "malformed template (no closing }} on its line); " + SYNTAX));
                end = start + 1;
                out.append(text, last, start).append(prefix).append(uses.size() - 1).append('X');
                last = start + 3;
            } else {
                Matcher m = TEMPLATE.matcher(text.substring(start + 3, end));
                uses.add(m.matches() ? new Use(m.group(1), m.group(2), at, null)
                        : new Use(null, null, at, "malformed template; " + SYNTAX));
                out.append(text, last, start).append(prefix).append(uses.size() - 1).append('X');
                last = end + 2;
            }
            start = text.indexOf("${{", last);
        }
        out.append(text.substring(last));
        return new Prepared(out.toString(), prefix, uses);
    }

    private static Location location(String file, String text, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new Location(file, line, offset - lineStart + 1);
    }

    /**
     * Renders the placeholders in every value (and key) under {@code value}, in place.
     *
     * @param used receives the JSON pointer of every rendered value and the variable(s) it used
     */
    @SuppressWarnings("unchecked")
    static Object expand(SourceDocument doc, String pointer, Object value, Function<String, String> env,
                         List<Problem> problems, Map<String, String> used) {
        Prepared prep = doc.templates();
        if (prep.prefix() == null) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (map.keySet().stream().anyMatch(prep::holdsPlaceholder)) {
                Map<String, Object> renamed = new LinkedHashMap<>();
                map.forEach((k, v) -> renamed.put(prep.holdsPlaceholder(k)
                        ? String.valueOf(render(doc, pointer, k, false, env, problems, new StringBuilder())) : k, v));
                map.clear();
                map.putAll(renamed);
            }
            for (Map.Entry<String, Object> e : map.entrySet()) {
                e.setValue(expand(doc, pointer + "/" + SourceDocument.escape(e.getKey()), e.getValue(), env, problems,
                        used));
            }
            return map;
        }
        if (value instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                list.set(i, expand(doc, pointer + "/" + i, list.get(i), env, problems, used));
            }
            return list;
        }
        if (!(value instanceof String s) || !prep.holdsPlaceholder(s)) {
            return value;
        }
        StringBuilder vars = new StringBuilder();
        Object rendered = render(doc, pointer, s, doc.isPlainTemplate(pointer), env, problems, vars);
        if (vars.length() > 0) {
            used.put(pointer, vars.toString());
        }
        return rendered;
    }

    /** The value of {@code s} with its placeholders rendered; {@code s} itself when a template cannot be. */
    private static Object render(SourceDocument doc, String pointer, String s, boolean plain,
                                 Function<String, String> env, List<Problem> problems, StringBuilder vars) {
        Prepared prep = doc.templates();
        Matcher m = Pattern.compile(Pattern.quote(prep.prefix()) + "(\\d+)X").matcher(s);
        StringBuilder out = new StringBuilder();
        Object whole = null;
        int last = 0;
        boolean failed = false;
        while (m.find()) {
            Use use = prep.uses().get(Integer.parseInt(m.group(1)));
            Object converted = null;
            if (use.problem() != null) {
                problems.add(new Problem(use.location(), SourceDocument.pathOf(pointer), use.problem()));
                failed = true;
            } else {
                String v = env.apply(use.variable());
                if (v == null) {
                    problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                            "environment variable " + use.variable() + " is not set"));
                    failed = true;
                } else {
                    vars.append(vars.length() > 0 ? "," : "").append(use.variable());
                    try {
                        converted = convert(use.function(), v);
                    } catch (IllegalArgumentException e) {
                        problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                                "environment variable " + use.variable() + ": " + e.getMessage()));
                        failed = true;
                    }
                }
                if (use.function() != null && m.start() == 0 && m.end() == s.length()) {
                    whole = converted;
                }
            }
            out.append(s, last, m.start()).append(converted);
            last = m.end();
        }
        if (failed) {
            doc.unresolved().add(pointer);
            return s;
        }
        out.append(s.substring(last));
        if (whole != null && plain) {
            return whole;
        }
        return plain ? asYamlScalar(out.toString()) : out.toString();
    }

    /**
     * The value YAML gives {@code text} written as a plain scalar ({@code 5} an integer, {@code true} a boolean,
     * {@code ~} null, {@code "a\nb"} the decoded string, anything else the text itself).
     */
    static Object asYamlScalar(String text) {
        try (JsonParser p = SCALARS.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null || !t.isScalarValue()) {
                return text;
            }
            Object v = switch (t) {
                case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? text : p.getLongValue();
                case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                case VALUE_NULL -> null;
                default -> p.getText();
            };
            return p.nextToken() == null ? v : text;
        } catch (IOException e) {
            return text;
        }
    }

    private static Object convert(String fn, String v) {
        if (fn == null) {
            return v;
        }
        String t = v.trim();
        return switch (fn) {
            case "toBool" -> {
                if (!t.equalsIgnoreCase("true") && !t.equalsIgnoreCase("false")) {
                    throw new IllegalArgumentException("toBool needs true or false");
                }
                yield Boolean.parseBoolean(t);
            }
            case "toInt" -> {
                try {
                    yield Long.parseLong(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("toInt needs an integer");
                }
            }
            default -> {
                try {
                    yield Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("toFloat needs a number");
                }
            }
        };
    }
}
