package dev.kongsync.file;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * decK-compatible environment templating in values: {@code ${{ env "NAME" }}}, optionally piped through
 * {@code toBool}, {@code toInt} or {@code toFloat} ({@code ${{ env "DECK_MINUTE" | toInt }}}). Values are expanded
 * after parsing, so line numbers stay those of the file, and every place a variable was used is recorded: such
 * values are redacted in every output.
 */
public final class EnvTemplate {
    static final Pattern TEMPLATE = Pattern.compile(
            "\\$\\{\\{\\s*env\\s+\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*(?:\\|\\s*(toBool|toInt|toFloat)\\s*)?}}");

    private EnvTemplate() {}

    /**
     * Expands templates in every string value under {@code root}, in place.
     *
     * @param used receives the JSON pointer of every expanded value and the variable(s) it used
     */
    @SuppressWarnings("unchecked")
    static Object expand(SourceDocument doc, String pointer, Object value, Function<String, String> env,
                         List<Problem> problems, Map<String, String> used) {
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<String, Object> e : ((Map<String, Object>) m).entrySet()) {
                e.setValue(expand(doc, pointer + "/" + SourceDocument.escape(e.getKey()), e.getValue(), env, problems,
                        used));
            }
            return m;
        }
        if (value instanceof List<?> l) {
            List<Object> list = (List<Object>) l;
            for (int i = 0; i < list.size(); i++) {
                list.set(i, expand(doc, pointer + "/" + i, list.get(i), env, problems, used));
            }
            return list;
        }
        if (!(value instanceof String s) || !s.contains("${{")) {
            return value;
        }
        Matcher m = TEMPLATE.matcher(s);
        StringBuilder out = new StringBuilder();
        StringBuilder vars = new StringBuilder();
        Object whole = null;
        int last = 0;
        int count = 0;
        while (m.find()) {
            count++;
            String name = m.group(1);
            String v = env.apply(name);
            if (v == null) {
                problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                        "environment variable " + name + " is not set"));
                return value;
            }
            vars.append(vars.length() > 0 ? "," : "").append(name);
            Object converted;
            try {
                converted = convert(m.group(2), v);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                        "environment variable " + name + ": " + e.getMessage()));
                return value;
            }
            if (m.start() == 0 && m.end() == s.length()) {
                whole = converted;
            }
            out.append(s, last, m.start()).append(converted);
            last = m.end();
        }
        if (count == 0) {
            problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                    "malformed template; write ${{ env \"NAME\" }}, optionally | toBool, toInt or toFloat"));
            return value;
        }
        out.append(s.substring(last));
        if (out.indexOf("${{") >= 0) {
            problems.add(new Problem(doc.locate(pointer), SourceDocument.pathOf(pointer),
                    "malformed template; write ${{ env \"NAME\" }}, optionally | toBool, toInt or toFloat"));
            return value;
        }
        used.put(pointer, vars.toString());
        return whole != null ? whole : out.toString();
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
