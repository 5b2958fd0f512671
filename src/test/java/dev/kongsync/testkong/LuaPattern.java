package dev.kongsync.testkong;

import java.nio.charset.StandardCharsets;

/**
 * Lua 5.1 patterns ({@code string.find}/{@code string.match}), which Kong's schemas use for {@code match},
 * {@code match_all}, {@code match_any}, {@code match_none} and its typedef checks. A port of the matcher in Lua's
 * {@code lstrlib.c}, working on the UTF-8 bytes of the subject as Lua does, with C-locale character classes.
 */
final class LuaPattern {
    private static final int MAX_CAPTURES = 32;
    private static final int CAP_UNFINISHED = -1;
    private static final int CAP_POSITION = -2;

    private final byte[] src;
    private final byte[] pat;
    private int level;
    private final int[] captureStart = new int[MAX_CAPTURES];
    private final int[] captureLength = new int[MAX_CAPTURES];

    private LuaPattern(byte[] src, byte[] pat) {
        this.src = src;
        this.pat = pat;
    }

    /** True when {@code pattern} matches somewhere in {@code subject} (what {@code subject:match(pattern)} tests). */
    static boolean find(String subject, String pattern) {
        return find(subject.getBytes(StandardCharsets.UTF_8), pattern.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** As {@link #find(String, String)}, the pattern given as Lua bytes (patterns with bytes above 127). */
    static boolean find(byte[] subject, byte[] pattern) {
        LuaPattern m = new LuaPattern(subject, pattern);
        boolean anchor = pattern.length > 0 && pattern[0] == '^';
        int p = anchor ? 1 : 0;
        int s = 0;
        do {
            m.level = 0;
            if (m.match(s, p) != -1) {
                return true;
            }
            s++;
        } while (s <= subject.length && !anchor);
        return false;
    }

    private int at(byte[] a, int i) {
        return a[i] & 0xff;
    }

    private int classEnd(int p) {
        if (p >= pat.length) {
            throw new IllegalArgumentException("malformed pattern (ends with '%')");
        }
        int c = at(pat, p++);
        if (c == '%') {
            if (p >= pat.length) {
                throw new IllegalArgumentException("malformed pattern (ends with '%')");
            }
            return p + 1;
        }
        if (c == '[') {
            if (p < pat.length && pat[p] == '^') {
                p++;
            }
            do {
                if (p >= pat.length) {
                    throw new IllegalArgumentException("malformed pattern (missing ']')");
                }
                c = at(pat, p++);
                if (c == '%' && p < pat.length) {
                    p++;
                }
            } while (p >= pat.length || pat[p] != ']');
            return p + 1;
        }
        return p;
    }

    private static boolean singleClass(int c, int cl) {
        boolean res;
        switch (Character.toLowerCase(cl)) {
            case 'a' -> res = isAlpha(c);
            case 'c' -> res = c < 32 || c == 127;
            case 'd' -> res = c >= '0' && c <= '9';
            case 'l' -> res = c >= 'a' && c <= 'z';
            case 'p' -> res = isPunct(c);
            case 's' -> res = c == ' ' || (c >= 9 && c <= 13);
            case 'u' -> res = c >= 'A' && c <= 'Z';
            case 'w' -> res = isAlpha(c) || (c >= '0' && c <= '9');
            case 'x' -> res = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            case 'z' -> res = c == 0;
            default -> {
                return cl == c;
            }
        }
        return Character.isUpperCase(cl) != res;
    }

    private static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isPunct(int c) {
        return c > 32 && c < 127 && !isAlpha(c) && !(c >= '0' && c <= '9');
    }

    private boolean matchClass(int c, int p, int ep) {
        boolean sig = true;
        if (at(pat, p + 1) == '^') {
            sig = false;
            p++;
        }
        while (++p < ep) {
            if (at(pat, p) == '%') {
                p++;
                if (singleClass(c, at(pat, p))) {
                    return sig;
                }
            } else if (p + 2 < ep && at(pat, p + 1) == '-') {
                if (at(pat, p) <= c && c <= at(pat, p + 2)) {
                    return sig;
                }
                p += 2;
            } else if (at(pat, p) == c) {
                return sig;
            }
        }
        return !sig;
    }

    private boolean singleMatch(int s, int p, int ep) {
        if (s >= src.length) {
            return false;
        }
        int c = at(src, s);
        return switch (at(pat, p)) {
            case '.' -> true;
            case '%' -> singleClass(c, at(pat, p + 1));
            case '[' -> matchClass(c, p, ep - 1);
            default -> at(pat, p) == c;
        };
    }

    private int match(int s, int p) {
        while (true) {
            if (p >= pat.length) {
                return s;
            }
            int c = at(pat, p);
            switch (c) {
                case '(' -> {
                    if (p + 1 < pat.length && pat[p + 1] == ')') {
                        return startCapture(s, p + 2, CAP_POSITION);
                    }
                    return startCapture(s, p + 1, CAP_UNFINISHED);
                }
                case ')' -> {
                    return endCapture(s, p + 1);
                }
                case '$' -> {
                    if (p + 1 == pat.length) {
                        return s == src.length ? s : -1;
                    }
                }
                case '%' -> {
                    if (p + 1 < pat.length) {
                        int n = at(pat, p + 1);
                        if (n == 'b') {
                            s = matchBalance(s, p + 2);
                            if (s == -1) {
                                return -1;
                            }
                            p += 4;
                            continue;
                        }
                        if (n == 'f') {
                            p += 2;
                            if (p >= pat.length || pat[p] != '[') {
                                throw new IllegalArgumentException("missing '[' after '%f' in pattern");
                            }
                            int ep = classEnd(p);
                            int prev = s == 0 ? 0 : at(src, s - 1);
                            int cur = s < src.length ? at(src, s) : 0;
                            if (!matchClass(prev, p, ep - 1) && matchClass(cur, p, ep - 1)) {
                                p = ep;
                                continue;
                            }
                            return -1;
                        }
                        if (n >= '0' && n <= '9') {
                            s = matchCapture(s, n);
                            if (s == -1) {
                                return -1;
                            }
                            p += 2;
                            continue;
                        }
                    }
                }
                default -> {
                }
            }
            int ep = classEnd(p);
            boolean m = singleMatch(s, p, ep);
            int q = ep < pat.length ? at(pat, ep) : -1;
            switch (q) {
                case '?' -> {
                    if (m) {
                        int r = match(s + 1, ep + 1);
                        if (r != -1) {
                            return r;
                        }
                    }
                    p = ep + 1;
                }
                case '*' -> {
                    return maxExpand(s, p, ep);
                }
                case '+' -> {
                    return m ? maxExpand(s + 1, p, ep) : -1;
                }
                case '-' -> {
                    return minExpand(s, p, ep);
                }
                default -> {
                    if (!m) {
                        return -1;
                    }
                    s++;
                    p = ep;
                }
            }
        }
    }

    private int maxExpand(int s, int p, int ep) {
        int i = 0;
        while (singleMatch(s + i, p, ep)) {
            i++;
        }
        while (i >= 0) {
            int r = match(s + i, ep + 1);
            if (r != -1) {
                return r;
            }
            i--;
        }
        return -1;
    }

    private int minExpand(int s, int p, int ep) {
        while (true) {
            int r = match(s, ep + 1);
            if (r != -1) {
                return r;
            }
            if (singleMatch(s, p, ep)) {
                s++;
            } else {
                return -1;
            }
        }
    }

    private int startCapture(int s, int p, int what) {
        captureStart[level] = s;
        captureLength[level] = what;
        level++;
        int r = match(s, p);
        if (r == -1) {
            level--;
        }
        return r;
    }

    private int endCapture(int s, int p) {
        int l = -1;
        for (int i = level - 1; i >= 0; i--) {
            if (captureLength[i] == CAP_UNFINISHED) {
                l = i;
                break;
            }
        }
        if (l < 0) {
            throw new IllegalArgumentException("invalid pattern capture");
        }
        captureLength[l] = s - captureStart[l];
        int r = match(s, p);
        if (r == -1) {
            captureLength[l] = CAP_UNFINISHED;
        }
        return r;
    }

    private int matchBalance(int s, int p) {
        if (p + 1 >= pat.length) {
            throw new IllegalArgumentException("unbalanced pattern");
        }
        if (s >= src.length || at(src, s) != at(pat, p)) {
            return -1;
        }
        int b = at(pat, p);
        int e = at(pat, p + 1);
        int cont = 1;
        while (++s < src.length) {
            int c = at(src, s);
            if (c == e) {
                if (--cont == 0) {
                    return s + 1;
                }
            } else if (c == b) {
                cont++;
            }
        }
        return -1;
    }

    private int matchCapture(int s, int digit) {
        int l = digit - '1';
        if (l < 0 || l >= level || captureLength[l] == CAP_UNFINISHED) {
            throw new IllegalArgumentException("invalid capture index");
        }
        int len = captureLength[l];
        if (src.length - s >= len) {
            for (int i = 0; i < len; i++) {
                if (src[captureStart[l] + i] != src[s + i]) {
                    return -1;
                }
            }
            return s + len;
        }
        return -1;
    }
}
