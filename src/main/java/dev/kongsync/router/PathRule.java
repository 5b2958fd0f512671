package dev.kongsync.router;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of a route's {@code paths}: a plain prefix, or a regex ({@code ~} first). The traditional router matches a
 * regex anchored at the start of the path ({@code ngx.re.find(uri, regex, "ajo")}, traditional.lua); the ATC router
 * matches {@code "^" .. regex} unanchored (transform.lua {@code path_val_transform}), so a top-level alternation is
 * anchored on its first branch only. Both are compiled here with java.util.regex ({@code (?P<} read as {@code (?<}).
 */
final class PathRule {
    private final String value;
    private final boolean regex;
    private final String source;
    private final Pattern anchored;
    private final Pattern atc;
    private final String literalPrefix;
    private final boolean prefixMonotone;

    private PathRule(String value, boolean regex, String source, Pattern anchored, Pattern atc) {
        this.value = value;
        this.regex = regex;
        this.source = source;
        this.anchored = anchored;
        this.atc = atc;
        this.literalPrefix = regex ? Regexes.literalPrefix(source) : value;
        this.prefixMonotone = !regex || Regexes.isPrefixMonotone(source);
    }

    static PathRule of(String path, RouteIdentity who) {
        return path.startsWith("~") ? regex(path, who) : new PathRule(path, false, path, null, null);
    }

    static PathRule regex(String path, RouteIdentity who) {
        String src = path.substring(1);
        String java = src.replace("(?P<", "(?<");
        try {
            return new PathRule(path, true, src, Pattern.compile(java), Pattern.compile("^" + java));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(who.label() + ": regex path '" + path + "' does not compile: "
                    + e.getDescription(), e);
        }
    }

    /** The path as configured ({@code ~} first for a regex). */
    String value() {
        return value;
    }

    /** The key the traditional router files the path under: the path, or the regex without its {@code ~}. */
    String traditionalKey() {
        return source;
    }

    boolean isRegex() {
        return regex;
    }

    String source() {
        return source;
    }

    /** A prefix every path this rule matches starts with (the path itself when plain). */
    String literalPrefix() {
        return literalPrefix;
    }

    /** Whether a match of some path also matches every longer path that starts with it (no end anchors, lookarounds). */
    boolean prefixMonotone() {
        return prefixMonotone;
    }

    boolean matches(String path, Flavor flavor) {
        if (!regex) {
            return path.startsWith(value);
        }
        if (flavor == Flavor.TRADITIONAL) {
            return anchored.matcher(path).lookingAt();
        }
        Matcher m = atc.matcher(path);
        return m.find();
    }

    @Override
    public String toString() {
        return value;
    }
}
