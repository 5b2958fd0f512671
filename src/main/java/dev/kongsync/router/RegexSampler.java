package dev.kongsync.router;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Makes example strings for a regex, for the common subset Kong paths and header regexes use: literals, escapes,
 * {@code . \d \w \s}, classes, groups, alternation and quantifiers. Anything else (lookarounds, back-references,
 * Unicode properties) yields no examples. Examples are candidates only: callers check them against the real pattern.
 */
final class RegexSampler {
    private static final int VARIANTS = 4;

    private final String src;
    private int pos;

    private RegexSampler(String src) {
        this.src = src;
    }

    /** Up to a few distinct examples; empty when the regex uses constructs this sampler does not read. */
    static List<String> examples(String regex) {
        Node root;
        try {
            RegexSampler p = new RegexSampler(regex);
            root = p.alternation();
            if (p.pos != regex.length()) {
                return List.of();
            }
        } catch (IllegalStateException unsupported) {
            return List.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (int v = 0; v < VARIANTS; v++) {
            StringBuilder sb = new StringBuilder();
            root.emit(sb, v);
            out.add(sb.toString());
        }
        return new ArrayList<>(out);
    }

    private interface Node {
        void emit(StringBuilder sb, int variant);
    }

    private record Lit(char c) implements Node {
        public void emit(StringBuilder sb, int variant) {
            sb.append(c);
        }
    }

    private record Choice(String chars) implements Node {
        public void emit(StringBuilder sb, int variant) {
            sb.append(chars.charAt(variant % chars.length()));
        }
    }

    private record Seq(List<Node> items) implements Node {
        public void emit(StringBuilder sb, int variant) {
            items.forEach(n -> n.emit(sb, variant));
        }
    }

    private record Alt(List<Node> branches) implements Node {
        public void emit(StringBuilder sb, int variant) {
            branches.get(variant % branches.size()).emit(sb, variant);
        }
    }

    private record Repeat(Node item, int min, int max) implements Node {
        public void emit(StringBuilder sb, int variant) {
            int n = variant == 0 ? min : Math.min(max, min + (variant == 1 ? 1 : 3));
            for (int i = 0; i < n; i++) {
                item.emit(sb, variant);
            }
        }
    }

    private record Empty() implements Node {
        public void emit(StringBuilder sb, int variant) {
        }
    }

    private Node alternation() {
        List<Node> branches = new ArrayList<>();
        branches.add(sequence());
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            branches.add(sequence());
        }
        return branches.size() == 1 ? branches.get(0) : new Alt(branches);
    }

    private Node sequence() {
        List<Node> items = new ArrayList<>();
        while (pos < src.length() && src.charAt(pos) != '|' && src.charAt(pos) != ')') {
            Node atom = atom();
            items.add(quantified(atom));
        }
        return new Seq(items);
    }

    private Node quantified(Node atom) {
        if (pos >= src.length()) {
            return atom;
        }
        char c = src.charAt(pos);
        int min;
        int max;
        if (c == '*') {
            min = 0;
            max = Integer.MAX_VALUE;
            pos++;
        } else if (c == '+') {
            min = 1;
            max = Integer.MAX_VALUE;
            pos++;
        } else if (c == '?') {
            min = 0;
            max = 1;
            pos++;
        } else if (c == '{' && src.indexOf('}', pos) > pos) {
            String body = src.substring(pos + 1, src.indexOf('}', pos));
            if (!body.matches("\\d+(,\\d*)?")) {
                throw new IllegalStateException("quantifier");
            }
            String[] parts = body.split(",", -1);
            min = Integer.parseInt(parts[0]);
            max = parts.length == 1 ? min : (parts[1].isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(parts[1]));
            pos = src.indexOf('}', pos) + 1;
        } else {
            return atom;
        }
        if (pos < src.length() && (src.charAt(pos) == '?' || src.charAt(pos) == '+')) {
            pos++;
        }
        return new Repeat(atom, min, max);
    }

    private Node atom() {
        char c = src.charAt(pos++);
        switch (c) {
            case '.':
                return new Choice("xa1");
            case '^':
            case '$':
                return new Empty();
            case '(':
                return group();
            case '[':
                return charClass();
            case '\\':
                return escape();
            case '*':
            case '+':
            case '?':
            case '{':
                throw new IllegalStateException("dangling quantifier");
            default:
                return new Lit(c);
        }
    }

    private Node group() {
        if (src.startsWith("?:", pos)) {
            pos += 2;
        } else if (src.startsWith("?<", pos) && !src.startsWith("?<=", pos) && !src.startsWith("?<!", pos)) {
            pos = src.indexOf('>', pos) + 1;
        } else if (src.startsWith("?P<", pos)) {
            pos = src.indexOf('>', pos) + 1;
        } else if (src.startsWith("?", pos)) {
            throw new IllegalStateException("group kind");
        }
        if (pos <= 0) {
            throw new IllegalStateException("group name");
        }
        Node inner = alternation();
        if (pos >= src.length() || src.charAt(pos) != ')') {
            throw new IllegalStateException("unclosed group");
        }
        pos++;
        return inner;
    }

    private Node escape() {
        if (pos >= src.length()) {
            throw new IllegalStateException("trailing backslash");
        }
        char c = src.charAt(pos++);
        switch (c) {
            case 'd':
                return new Choice("1234");
            case 'w':
                return new Choice("abcx");
            case 's':
                return new Lit(' ');
            case 'D':
            case 'W':
                return new Choice("-_.~");
            case 'S':
                return new Choice("xa1-");
            default:
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalStateException("escape \\" + c);
                }
                return new Lit(c);
        }
    }

    private Node charClass() {
        boolean negated = pos < src.length() && src.charAt(pos) == '^';
        if (negated) {
            pos++;
        }
        StringBuilder members = new StringBuilder();
        boolean first = true;
        while (pos < src.length() && (src.charAt(pos) != ']' || first)) {
            first = false;
            char c = src.charAt(pos++);
            if (c == '\\') {
                char e = src.charAt(pos++);
                if (e == 'd') {
                    members.append("0123456789");
                } else if (e == 'w') {
                    members.append("abcxyz_0123456789");
                } else if (e == 's') {
                    members.append(' ');
                } else if (Character.isLetterOrDigit(e)) {
                    throw new IllegalStateException("class escape");
                } else {
                    members.append(e);
                }
            } else if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                char to = src.charAt(pos + 1);
                pos += 2;
                for (char x = c; x <= to && x < c + 64; x++) {
                    members.append(x);
                }
            } else {
                members.append(c);
            }
        }
        if (pos >= src.length()) {
            throw new IllegalStateException("unclosed class");
        }
        pos++;
        if (!negated) {
            return new Choice(members.length() == 0 ? "x" : members.toString());
        }
        StringBuilder allowed = new StringBuilder();
        for (char c : "axb1-_.~Z".toCharArray()) {
            if (members.indexOf(String.valueOf(c)) < 0) {
                allowed.append(c);
            }
        }
        if (allowed.length() == 0) {
            throw new IllegalStateException("negated class");
        }
        return new Choice(allowed.toString());
    }
}
