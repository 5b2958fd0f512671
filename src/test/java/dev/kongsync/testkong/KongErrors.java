package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static dev.kongsync.testkong.KongSchema.NODES;

/**
 * Kong's error bodies ({@code kong/db/errors.lua}): codes, names and messages, with the HTTP status the Admin API
 * gives each ({@code kong/api/endpoints.lua}, {@code ERRORS_HTTP_CODES}).
 */
final class KongErrors {
    private KongErrors() {}

    /** An answer other than success: HTTP status and body. */
    static final class KongError extends RuntimeException {
        final int status;
        final ObjectNode body;

        KongError(int status, ObjectNode body) {
            super(body.toString(), null, false, false);
            this.status = status;
            this.body = body;
        }
    }

    static KongError message(int status, String message) {
        return new KongError(status, NODES.objectNode().put("message", message));
    }

    /** What the Admin API answers for a database error (code 8): 500 with the generic message. */
    static KongError unexpected() {
        return message(500, "An unexpected error occurred");
    }

    private static KongError error(int code, String name, String message, String fieldsKey, JsonNode fields) {
        ObjectNode b = NODES.objectNode();
        b.put("code", code);
        b.put("name", name);
        b.put("message", message);
        if (fields != null) {
            b.set(fieldsKey, fields);
        }
        int status = switch (code) {
            case 5 -> 409;
            case 6 -> 404;
            case 12 -> 405;
            default -> 400;
        };
        return new KongError(status, b);
    }

    static KongError invalidPrimaryKey(ObjectNode errors) {
        return error(1, "invalid primary key", "invalid primary key: '" + pretty(errors, "") + "'", "fields", errors);
    }

    /** Code 2: "schema violation (a: x)" or "N schema violations (a: x; b: y)", sorted as {@code errors.lua} sorts. */
    static KongError schemaViolation(ObjectNode errors) {
        List<String> parts = new ArrayList<>();
        JsonNode entity = errors.get("@entity");
        if (entity != null) {
            entity.forEach(e -> parts.add(e.asText()));
        }
        for (String field : new TreeSet<>(fieldNames(errors))) {
            if (field.equals("@entity")) {
                continue;
            }
            JsonNode v = errors.get(field);
            if (v.isObject() || v.isArray()) {
                for (String sub : sortedKeys(v)) {
                    JsonNode sv = v.isObject() ? v.get(sub) : v.get(Integer.parseInt(sub) - 1);
                    String text = sv.isTextual() ? sv.asText() : pretty(sv, "  ");
                    parts.add(field + "." + sub + ": " + text);
                }
            } else {
                parts.add(field + ": " + v.asText());
            }
        }
        String msg = parts.size() == 1 ? "schema violation (" + parts.get(0) + ")"
                : parts.size() + " schema violations (" + String.join("; ", parts) + ")";
        return error(2, "schema violation", msg, "fields", errors);
    }

    static KongError primaryKeyViolation(ObjectNode pk) {
        return error(3, "primary key violation", "primary key violation on key '" + pretty(pk, "") + "'", "fields", pk);
    }

    static KongError foreignKeyInvalidReference(ObjectNode fk, String field, String parent) {
        return error(4, "foreign key violation", "the foreign key '" + pretty(fk, "")
                + "' does not reference an existing '" + parent + "' entity.", "fields",
                NODES.objectNode().set(field, fk));
    }

    static KongError foreignKeyRestricted(String parent, String child) {
        return error(4, "foreign key violation", "an existing '" + child + "' entity references this '" + parent
                + "' entity", "fields", NODES.objectNode().put("@referenced_by", child));
    }

    static KongError uniqueViolation(ObjectNode keys) {
        String text = pretty(keys, "").replace("\"userdata: NULL\"", "null");
        return error(5, "unique constraint violation", "UNIQUE violation detected on '" + text + "'", "fields", keys);
    }

    static KongError notFound(ObjectNode pk) {
        return error(6, "not found", "could not find the entity with primary key '" + pretty(pk, "") + "'", "fields",
                pk);
    }

    static KongError notFoundByField(ObjectNode filter) {
        return error(6, "not found", "could not find the entity with '" + pretty(filter, "") + "'", "fields", filter);
    }

    static KongError invalidOffset(String offset, String why) {
        return error(7, "invalid offset", "'" + offset + "' is not a valid offset: " + why, null, null);
    }

    static KongError invalidSize(String why) {
        return error(9, "invalid size", why, null, null);
    }

    static KongError invalidUnique(String name, String why) {
        return error(10, "invalid unique " + name, why, null, null);
    }

    static KongError invalidOptions(ObjectNode errors) {
        List<String> parts = new ArrayList<>();
        for (String k : new TreeSet<>(fieldNames(errors))) {
            parts.add(k + ": " + errors.get(k).asText());
        }
        String msg = parts.size() == 1 ? "invalid option (" + parts.get(0) + ")"
                : parts.size() + " option violations (" + String.join("; ", parts) + ")";
        return error(11, "invalid options", msg, "options", errors);
    }

    static KongError operationUnsupported(String why) {
        return error(12, "operation unsupported", why, null, null);
    }

    /**
     * Code 13: each unresolved reference is {@code {field: {key: value}}}, worded "the foreign key cannot be resolved
     * with '{key="value"}' for an existing 'services' entity".
     */
    static KongError foreignKeysUnresolved(ObjectNode unresolved, java.util.Map<String, String> parents) {
        ObjectNode fields = NODES.objectNode();
        List<String> parts = new ArrayList<>();
        for (String field : new TreeSet<>(fieldNames(unresolved))) {
            ObjectNode sub = fields.putObject(field);
            JsonNode keys = unresolved.get(field);
            for (String key : new TreeSet<>(fieldNames(keys))) {
                ObjectNode one = NODES.objectNode().set(key, keys.get(key));
                String text = "the foreign key cannot be resolved with '" + pretty(one, "") + "' for an existing '"
                        + parents.get(field) + "' entity";
                sub.put(key, text);
                parts.add(field + "." + key + ": " + text);
            }
        }
        String msg = parts.size() == 1 ? "foreign key unresolved (" + parts.get(0) + ")"
                : parts.size() + " foreign keys unresolved (" + String.join("; ", parts) + ")";
        return error(13, "foreign keys unresolved", msg, "fields", fields);
    }

    static KongError transformationError(String why) {
        return error(15, "transformation error", why, null, null);
    }

    static KongError referencedByOthers(String why) {
        return error(19, "referenced by others", why, null, null);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Keys of an error table as Lua's {@code table.sort} orders them: array positions are numbers, 1-based. */
    private static List<String> sortedKeys(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (int i = 0; i < v.size(); i++) {
                if (!v.get(i).isNull()) {
                    out.add(String.valueOf(i + 1));
                }
            }
            return out;
        }
        out.addAll(new TreeSet<>(fieldNames(v)));
        return out;
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final java.util.Set<String> LUA_KEYWORDS = java.util.Set.of("and", "break", "do", "else",
            "elseif", "end", "false", "for", "function", "goto", "if", "in", "local", "nil", "not", "or", "repeat",
            "return", "then", "true", "until", "while");

    /**
     * Penlight's {@code pl.pretty.write(value, space)}, which Kong's messages embed: {@code {id="..."}} with an empty
     * indent, one item a line with "  ". Kong's tables are Lua hashes whose order the test Kong cannot know; keys are
     * written in alphabetical order, which is what every recorded message shows. JSON null is Lua's
     * {@code ngx.null}, written as Penlight writes that userdata.
     */
    static String pretty(JsonNode value, String space) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        write(value, "", space, space.isEmpty() ? "=" : " = ", lines, line);
        eatLastComma(lines);
        return String.join(space.isEmpty() ? "" : "\n", lines);
    }

    private static void putln(List<String> lines, StringBuilder line, String s) {
        if (line.length() > 0) {
            line.append(s);
            lines.add(line.toString());
            line.setLength(0);
        } else {
            lines.add(s);
        }
    }

    private static void eatLastComma(List<String> lines) {
        int n = lines.size() - 1;
        if (n >= 0 && lines.get(n).endsWith(",")) {
            lines.set(n, lines.get(n).substring(0, lines.get(n).length() - 1));
        }
    }

    private static void write(JsonNode t, String oldIndent, String indent, String set, List<String> lines,
                              StringBuilder line) {
        String space = indent.substring(oldIndent.length());
        if (t.isObject() || (t.isArray())) {
            String newIndent = indent + space;
            putln(lines, line, "{");
            if (t.isArray()) {
                for (JsonNode v : t) {
                    line.append(indent);
                    write(v, indent, newIndent, set, lines, line);
                }
            } else {
                for (String key : new TreeSet<>(fieldNames(t))) {
                    String k = IDENTIFIER.matcher(key).matches() && !LUA_KEYWORDS.contains(key) ? key
                            : "[" + quote(key) + "]";
                    line.append(indent).append(k).append(set);
                    write(t.get(key), indent, newIndent, set, lines, line);
                }
            }
            eatLastComma(lines);
            putln(lines, line, oldIndent + "},");
        } else if (t.isTextual()) {
            putln(lines, line, quote(t.asText()) + ",");
        } else if (t.isNull()) {
            putln(lines, line, "\"userdata: NULL\",");
        } else if (t.isNumber()) {
            putln(lines, line, KongSchema.luaString(t) + ",");
        } else {
            putln(lines, line, t.asText() + ",");
        }
    }

    /** Penlight's {@code quote_string}: Lua's %q for one-line strings, a long bracket for multi-line ones. */
    private static String quote(String s) {
        if (s.contains("\n") && !s.contains("\r")) {
            String eq = "";
            while (s.contains("]" + eq + "]")) {
                eq += "=";
            }
            return "[" + eq + "[" + (s.startsWith("\n") ? "\n" : "") + s + "]" + eq + "]";
        }
        StringBuilder sb = new StringBuilder("\"");
        for (Iterator<Integer> it = s.codePoints().iterator(); it.hasNext(); ) {
            int c = it.next();
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\r' -> sb.append("\\r");
                case 0 -> sb.append("\\0");
                default -> sb.appendCodePoint(c);
            }
        }
        return sb.append('"').toString();
    }
}
