package dev.kongsync.router;

/** Static reading of a regex's source: what every match must start with, and whether matches survive extension. */
final class Regexes {
    private static final String SPECIAL_AFTER_BACKSLASH_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private Regexes() {
    }

    /**
     * The literal text every match of {@code source} starts with, read up to the first construct that is not a
     * plain character; empty when the regex has a top-level alternation or starts with a group or class.
     */
    static String literalPrefix(String source) {
        if (hasTopLevelAlternation(source)) {
            return "";
        }
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            char literal;
            int next;
            if (c == '\\') {
                if (i + 1 >= source.length() || SPECIAL_AFTER_BACKSLASH_LETTERS.indexOf(source.charAt(i + 1)) >= 0) {
                    break;
                }
                literal = source.charAt(i + 1);
                next = i + 2;
            } else if (".[](){}*+?^$|".indexOf(c) >= 0) {
                break;
            } else {
                literal = c;
                next = i + 1;
            }
            if (next < source.length()) {
                char q = source.charAt(next);
                if (q == '*' || q == '?' || q == '{') {
                    break;
                }
                if (q == '+') {
                    lit.append(literal);
                    break;
                }
            }
            lit.append(literal);
            i = next;
        }
        return lit.toString();
    }

    /** Whether the regex has a {@code |} outside every group and class. */
    static boolean hasTopLevelAlternation(String source) {
        int depth = 0;
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a match on a path is also a match on every extension of that path: true unless the regex looks past
     * what it consumes ({@code $}, {@code \b}, {@code \B}, {@code \z}, {@code \Z}, lookahead or lookbehind).
     */
    static boolean isPrefixMonotone(String source) {
        boolean inClass = false;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '\\') {
                if (i + 1 < source.length() && !inClass && "bBzZ".indexOf(source.charAt(i + 1)) >= 0) {
                    return false;
                }
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                if (i + 1 < source.length() && source.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '$') {
                return false;
            } else if (c == '(' && (source.startsWith("(?=", i) || source.startsWith("(?!", i)
                    || source.startsWith("(?<=", i) || source.startsWith("(?<!", i))) {
                return false;
            }
        }
        return true;
    }
}
