package dev.kongsync.router;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One entry of a route's {@code headers}, as each flavor compiles it. Request values are lower-cased before matching
 * in both flavors.
 * <ul>
 * <li>traditional (traditional.lua {@code marshall_route}): every value, lower-cased, is a literal; only when the
 * header has exactly one value starting with {@code ~*} is the rest also tried as a regex, not lower-cased, found
 * anywhere in the value ({@code re_find(value, pattern, "jo")});</li>
 * <li>traditional_compatible (transform.lua {@code get_expression}): each value is {@code any(lower(header)) ==
 * lower(value)}, or, when it starts with {@code ~*}, {@code ~ lower(rest)}: the regex is lower-cased too.</li>
 * </ul>
 */
final class HeaderRule {
    private final String name;
    private final Set<String> literals;
    private final List<Pattern> regexes;
    private final List<String> regexSources;

    private HeaderRule(String name, Set<String> literals, List<String> regexSources, RouteIdentity who) {
        this.name = name;
        this.literals = literals;
        this.regexSources = regexSources;
        this.regexes = new ArrayList<>();
        for (String src : regexSources) {
            try {
                regexes.add(Pattern.compile(src));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(who.label() + ": header '" + name + "' regex '~*" + src
                        + "' does not compile: " + e.getDescription(), e);
            }
        }
    }

    static HeaderRule of(String name, List<String> values, Flavor flavor, RouteIdentity who) {
        Set<String> literals = new LinkedHashSet<>();
        List<String> regexes = new ArrayList<>();
        if (flavor == Flavor.TRADITIONAL) {
            values.forEach(v -> literals.add(v.toLowerCase(Locale.ROOT)));
            if (values.size() == 1 && values.get(0).startsWith("~*")) {
                regexes.add(values.get(0).substring(2));
            }
        } else {
            for (String v : values) {
                if (v.startsWith("~*")) {
                    regexes.add(v.substring(2).toLowerCase(Locale.ROOT));
                } else {
                    literals.add(v.toLowerCase(Locale.ROOT));
                }
            }
        }
        return new HeaderRule(name, literals, regexes, who);
    }

    String name() {
        return name;
    }

    /** Lower-cased literal values. */
    Set<String> literals() {
        return literals;
    }

    /** Regex sources as the flavor compiles them. */
    List<String> regexSources() {
        return regexSources;
    }

    /** Whether one (lower-cased) request value satisfies the header. */
    boolean acceptsValue(String lowered) {
        if (literals.contains(lowered)) {
            return true;
        }
        for (Pattern p : regexes) {
            if (p.matcher(lowered).find()) {
                return true;
            }
        }
        return false;
    }

    boolean matches(Request r) {
        for (String v : r.headers().getOrDefault(name, List.of())) {
            if (acceptsValue(v.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>(literals);
        regexSources.forEach(s -> all.add("~*" + s));
        return name + ": " + String.join(", ", all);
    }
}
