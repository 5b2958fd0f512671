package dev.kongsync.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Translates the Lua patterns Kong schemas use ({@code match}, {@code match_none}, ...) into Java regular
 * expressions. Covers character classes (%a %d %l %s %u %w %x %p %c), escapes, sets, anchors and the quantifiers
 * * + - ?. A pattern it cannot translate yields null and the check is skipped (Kong still checks on write).
 */
public final class LuaPattern {
    private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();
    private static final Pattern UNTRANSLATABLE = Pattern.compile("\\A\\z");

    private LuaPattern() {}

    /** True if {@code value} contains a match of the Lua pattern (Lua's string.find semantics); null if unknown. */
    public static Boolean find(String luaPattern, String value) {
        Pattern p = CACHE.computeIfAbsent(luaPattern, LuaPattern::compile);
        if (p == UNTRANSLATABLE) {
            return null;
        }
        return p.matcher(value).find();
    }

    private static Pattern compile(String lua) {
        try {
            return Pattern.compile(translate(lua));
        } catch (IllegalArgumentException e) {
            return UNTRANSLATABLE;
        }
    }

    static String translate(String lua) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = lua.length();
        while (i < n) {
            char c = lua.charAt(i);
            if (c == '%') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("dangling %");
                }
                char k = lua.charAt(i + 1);
                if (k == 'b' || k == 'f' || Character.isDigit(k)) {
                    throw new IllegalArgumentException("unsupported %" + k);
                }
                out.append(luaClass(k, false));
                i += 2;
            } else if (c == '[') {
                int j = i + 1;
                StringBuilder set = new StringBuilder("[");
                if (j < n && lua.charAt(j) == '^') {
                    set.append('^');
                    j++;
                }
                boolean firstChar = true;
                while (j < n && (lua.charAt(j) != ']' || firstChar)) {
                    char s = lua.charAt(j);
                    firstChar = false;
                    if (s == '%' && j + 1 < n) {
                        set.append(luaClass(lua.charAt(j + 1), true));
                        j += 2;
                    } else {
                        if (s == '[' || s == '\\' || s == '&' || s == '^') {
                            set.append('\\');
                        }
                        set.append(s);
                        j++;
                    }
                }
                if (j >= n) {
                    throw new IllegalArgumentException("unclosed set");
                }
                set.append(']');
                out.append(set);
                i = j + 1;
            } else if (c == '-') {
                out.append("*?");
                i++;
            } else if (c == '^' && i == 0) {
                out.append('^');
                i++;
            } else if (c == '$' && i == n - 1) {
                out.append('$');
                i++;
            } else if (c == '.' || c == '*' || c == '+' || c == '?') {
                out.append(c);
                i++;
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
                i++;
            }
        }
        return out.toString();
    }

    private static String luaClass(char k, boolean inSet) {
        String cls = switch (k) {
            case 'a' -> "\\p{Alpha}";
            case 'd' -> "\\d";
            case 'l' -> "\\p{Lower}";
            case 's' -> "\\s";
            case 'u' -> "\\p{Upper}";
            case 'w' -> "\\p{Alnum}";
            case 'x' -> "\\p{XDigit}";
            case 'p' -> "\\p{Punct}";
            case 'c' -> "\\p{Cntrl}";
            case 'A' -> inSet ? "\\P{Alpha}" : "\\P{Alpha}";
            case 'D' -> "\\D";
            case 'S' -> "\\S";
            case 'W' -> "\\P{Alnum}";
            default -> null;
        };
        if (cls != null) {
            return cls;
        }
        if (Character.isLetterOrDigit(k)) {
            throw new IllegalArgumentException("unsupported class %" + k);
        }
        return "\\" + k;
    }
}
