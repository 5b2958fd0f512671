package dev.kongsync.testkong;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Whether a route's regex path compiles, with PCRE2's message when it does not. Kong compiles it with
 * {@code ngx.re.find("", path, "aj")} ({@code kong/db/schema/typedefs.lua}, {@code validate_path_with_regexes}); the
 * test Kong has no PCRE2, so it compiles with {@code java.util.regex} and words the common failures as PCRE2 does.
 * Unbalanced parentheses (the recorded cases) are found before Java sees the pattern, so their message is exact; other
 * syntax errors get the PCRE2 text of the same failure where Java's description identifies it.
 */
final class Pcre {
    private Pcre() {}

    /** Null when {@code regex} compiles, else what {@code ngx.re} returns: "pcre2_compile() failed: ... in \"re\"". */
    static String compileError(String regex) {
        String own = parentheses(regex);
        if (own == null) {
            try {
                Pattern.compile(literalBraces(regex));
                return null;
            } catch (PatternSyntaxException e) {
                own = translate(e.getDescription());
            }
        }
        return "pcre2_compile() failed: " + own + " in \"" + regex + "\"";
    }

    /** PCRE2's parenthesis errors, skipping escapes and character classes. */
    private static String parentheses(String re) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                if (i + 1 == re.length()) {
                    return "\\ at end of pattern";
                }
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                if (depth == 0) {
                    return "unmatched closing parenthesis";
                }
                depth--;
            }
        }
        if (inClass) {
            return "missing terminating ] for character class";
        }
        return depth > 0 ? "missing closing parenthesis" : null;
    }

    /** PCRE2 reads a '{' that does not start a {n}, {n,} or {n,m} quantifier as a literal; Java refuses it. */
    private static String literalBraces(String re) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\' && i + 1 < re.length()) {
                out.append(c).append(re.charAt(++i));
            } else if (c == '{' && !QUANTIFIER.matcher(re).region(i, re.length()).lookingAt()) {
                out.append("\\{");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static final Pattern QUANTIFIER = Pattern.compile("\\{\\d+(,\\d*)?}");

    private static String translate(String javaDescription) {
        String d = javaDescription.toLowerCase();
        if (d.contains("dangling meta character")) {
            return "quantifier does not follow a repeatable item";
        }
        if (d.contains("illegal character range")) {
            return "range out of order in character class";
        }
        if (d.contains("unknown inline modifier") || d.contains("unknown group type")) {
            return "unrecognized character after (? or (?-";
        }
        if (d.contains("look-behind")) {
            return "lookbehind assertion is not fixed length";
        }
        return javaDescription;
    }
}
