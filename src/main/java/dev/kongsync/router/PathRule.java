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
    private final Pattern pattern;
    private final boolean anchoredByFlavor;
    private final String literalPrefix;
    private final boolean prefixMonotone;

    private PathRule(String value, boolean regex, String source, Pattern pattern, boolean anchoredByFlavor) {
        this.value = value;
        this.regex = regex;
        this.source = source;
        this.pattern = pattern;
        this.anchoredByFlavor = anchoredByFlavor;
        this.literalPrefix = regex ? Regexes.literalPrefix(source) : value;
        this.prefixMonotone = !regex || Regexes.isPrefixMonotone(source);
    }

    /**
     * The rule as {@code flavor} matches it.
     *
     * @throws IllegalArgumentException when a regex path does not compile
     */
    static PathRule of(String path, RouteIdentity who, Flavor flavor) {
        if (!path.startsWith("~")) {
            return new PathRule(path, false, path, null, false);
        }
        String src = path.substring(1);
        String java = src.replace("(?P<", "(?<");
        boolean traditional = flavor == Flavor.TRADITIONAL;
        try {
            return new PathRule(path, true, src, Pattern.compile(traditional ? java : "^" + java), traditional);
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

    boolean matches(String path) {
        if (!regex) {
            return path.startsWith(value);
        }
        Matcher m = pattern.matcher(path);
        return anchoredByFlavor ? m.lookingAt() : m.find();
    }

    @Override
    public String toString() {
        return value;
    }
}
