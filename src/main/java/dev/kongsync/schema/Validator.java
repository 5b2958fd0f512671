package dev.kongsync.schema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks an entity against its Kong schema the way Kong does on write: types, unknown fields, required fields,
 * value constraints, deprecated-shorthand conflicts and entity checks. Works on the entity as written (before
 * defaults), and runs required/entity checks on the entity with defaults filled.
 */
public final class Validator {
    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private Validator() {}

    /** Whether {@code s} is what Kong's {@code uuid} typedef accepts: the one UUID rule of kongsync. */
    public static boolean isUuid(String s) {
        return s != null && UUID.matcher(s).matches();
    }

    /**
     * Validates {@code input} (foreign-reference fields already removed) against {@code schema}.
     *
     * @param skip top-level fields not to check here (references the caller resolves itself)
     */
    public static List<Violation> validate(Schema schema, Map<String, Object> input, Set<String> skip) {
        return check(schema, input, skip).violations();
    }

    /**
     * What {@link #check} found: the violations, and the entity as Kong completes it on insert (shorthands moved,
     * defaults filled) when its fields themselves are valid, else null.
     */
    public record Checked(List<Violation> violations, Map<String, Object> full) {}

    /** Validates like {@link #validate}, keeping the completed entity for the caller's own checks. */
    public static Checked check(Schema schema, Map<String, Object> input, Set<String> skip) {
        List<Violation> out = new ArrayList<>();
        record(schema.root(), input, List.of(), out, skip, true);
        if (!out.isEmpty()) {
            return new Checked(out, null);
        }
        Map<String, Object> full = Normalizer.withDefaults(schema.root(),
                Normalizer.withShorthandsApplied(schema.root(), input));
        required(schema.root(), full, List.of(), out, skip);
        if (out.isEmpty()) {
            entityChecks(schema.root(), full, out);
        }
        return new Checked(out, full);
    }

    private static List<String> append(List<String> path, String seg) {
        List<String> p = new ArrayList<>(path);
        p.add(seg);
        return p;
    }

    @SuppressWarnings("unchecked")
    private static void record(Field rec, Map<String, Object> input, List<String> path, List<Violation> out,
                               Set<String> skip, boolean top) {
        for (Map.Entry<String, Object> e : input.entrySet()) {
            String k = e.getKey();
            if (top && skip.contains(k)) {
                continue;
            }
            Field f = rec.field(k);
            if (f == null) {
                Field sh = rec.shorthandFields().stream().filter(s -> s.name().equals(k)).findFirst().orElse(null);
                if (sh == null) {
                    out.add(new Violation(append(path, k), "unknown field"));
                } else if (sh.replacedWith() == null) {
                    out.add(new Violation(append(path, k),
                            "is a shorthand Kong rewrites into other fields; set those fields instead"));
                } else {
                    value(sh, e.getValue(), append(path, k), out);
                    Object replacement = Values.at(input, sh.replacedWith());
                    if (replacement != null && e.getValue() != null && !Values.equal(replacement, e.getValue())) {
                        out.add(new Violation(append(path, k), "both deprecated and new field are used but their "
                                + "values mismatch: " + k + " vs " + String.join(".", sh.replacedWith())));
                    }
                }
                continue;
            }
            if (top && f.is("foreign")) {
                if (e.getValue() != null) {
                    out.add(new Violation(append(path, k), "references " + f.reference()
                            + ", which kongsync does not manage (yet)"));
                }
                continue;
            }
            if (f.setByKong()) {
                if (!"id".equals(k) && e.getValue() != null) {
                    out.add(new Violation(append(path, k), "is set by Kong and cannot be given"));
                } else if ("id".equals(k) && e.getValue() != null && !(e.getValue() instanceof String s
                        && UUID.matcher(s).matches())) {
                    out.add(new Violation(append(path, k), "expected a valid UUID"));
                }
                continue;
            }
            value(f, e.getValue(), append(path, k), out);
        }
    }

    @SuppressWarnings("unchecked")
    static void value(Field f, Object v, List<String> path, List<Violation> out) {
        if (v == null) {
            return;
        }
        String type = f.type();
        switch (type) {
            case "string" -> {
                if (!(v instanceof String s)) {
                    out.add(new Violation(path, "expected a string"));
                    return;
                }
                string(f, s, path, out);
            }
            case "integer" -> {
                Object c = Values.canonicalNumber(v);
                if (!(c instanceof Long)) {
                    out.add(new Violation(path, "expected an integer"));
                    return;
                }
                number(f, (Number) c, path, out);
            }
            case "number" -> {
                if (!(v instanceof Number n)) {
                    out.add(new Violation(path, "expected a number"));
                    return;
                }
                number(f, n, path, out);
            }
            case "boolean" -> {
                if (!(v instanceof Boolean)) {
                    out.add(new Violation(path, "expected a boolean"));
                }
            }
            case "array", "set" -> {
                if (!(v instanceof List<?> l)) {
                    out.add(new Violation(path, type.equals("set") ? "expected a set" : "expected an array"));
                    return;
                }
                length(f, l.size(), path, out);
                Field el = f.elements();
                java.util.function.UnaryOperator<String> each = Typedefs.elements(f);
                if (el != null) {
                    for (int i = 0; i < l.size(); i++) {
                        if (l.get(i) == null) {
                            out.add(new Violation(append(path, String.valueOf(i)), "null is not allowed here"));
                        } else {
                            int before = out.size();
                            value(el, l.get(i), append(path, String.valueOf(i)), out);
                            String err = each != null && out.size() == before && l.get(i) instanceof String str
                                    ? each.apply(str) : null;
                            if (err != null) {
                                out.add(new Violation(append(path, String.valueOf(i)), err));
                            }
                        }
                    }
                }
                oneOf(f, v, path, out);
            }
            case "map" -> {
                if (!(v instanceof Map<?, ?> m)) {
                    out.add(new Violation(path, "expected a map"));
                    return;
                }
                Field kf = f.keys();
                Field vf = f.values();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (kf != null) {
                        value(kf, e.getKey(), append(path, e.getKey().toString()), out);
                    }
                    if (vf != null) {
                        value(vf, e.getValue(), append(path, e.getKey().toString()), out);
                    }
                }
            }
            case "record" -> {
                if (!(v instanceof Map<?, ?> m)) {
                    out.add(new Violation(path, "expected a record"));
                    return;
                }
                if (!f.fields().isEmpty() || !f.shorthandFields().isEmpty()) {
                    record(f, (Map<String, Object>) m, path, out, Set.of(), false);
                }
            }
            case "foreign" -> {
                if (!(v instanceof Map<?, ?>)) {
                    out.add(new Violation(path, "expected a reference like { id = \"...\" }"));
                }
            }
            default -> {
                // "any", "json", "function": anything goes
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void string(Field f, String s, List<String> path, List<Violation> out) {
        if (s.isEmpty() && !f.has("len_min")) {
            // Kong refuses an empty string for every string field (kong/db/schema/init.lua adds len_min = 1)
            out.add(new Violation(path, "length must be at least 1"));
            return;
        }
        length(f, s.length(), path, out);
        if (f.has("starts_with") && !s.startsWith((String) f.attr("starts_with"))) {
            out.add(new Violation(path, "should start with: " + f.attr("starts_with")));
        }
        if (Boolean.TRUE.equals(f.attr("uuid")) && !UUID.matcher(s).matches()) {
            out.add(new Violation(path, "expected a valid UUID"));
        }
        oneOf(f, s, path, out);
        if (f.attr("match") instanceof String p && Boolean.FALSE.equals(LuaPattern.find(p, s))) {
            out.add(new Violation(path, "invalid value: " + s));
        }
        if (f.attr("not_match") instanceof String p && Boolean.TRUE.equals(LuaPattern.find(p, s))) {
            out.add(new Violation(path, "invalid value: " + s));
        }
        if (f.attr("match_all") instanceof List<?> all) {
            for (Object o : all) {
                Map<String, Object> m = (Map<String, Object>) o;
                if (Boolean.FALSE.equals(LuaPattern.find((String) m.get("pattern"), s))) {
                    out.add(new Violation(path, String.valueOf(m.getOrDefault("err", "invalid value: " + s))));
                    return;
                }
            }
        }
        if (f.attr("match_none") instanceof List<?> none) {
            for (Object o : none) {
                Map<String, Object> m = (Map<String, Object>) o;
                if (Boolean.TRUE.equals(LuaPattern.find((String) m.get("pattern"), s))) {
                    out.add(new Violation(path, String.valueOf(m.getOrDefault("err", "invalid value: " + s))));
                    return;
                }
            }
        }
        if (f.attr("match_any") instanceof Map<?, ?> any && any.get("patterns") instanceof List<?> pats) {
            boolean matched = false;
            boolean unknown = false;
            for (Object p : pats) {
                Boolean r = LuaPattern.find((String) p, s);
                if (r == null) {
                    unknown = true;
                } else if (r) {
                    matched = true;
                }
            }
            if (!matched && !unknown) {
                out.add(new Violation(path, String.valueOf(((Map<String, Object>) any).getOrDefault("err",
                        "invalid value: " + s))));
            }
        }
        if (out.isEmpty() || !out.get(out.size() - 1).path().equals(path)) {
            String typedef = Typedefs.check(f, s);
            if (typedef != null) {
                out.add(new Violation(path, typedef));
            }
        }
    }

    private static void number(Field f, Number n, List<String> path, List<Violation> out) {
        double d = n.doubleValue();
        if (f.attr("between") instanceof List<?> b && b.size() == 2) {
            double lo = ((Number) b.get(0)).doubleValue();
            double hi = ((Number) b.get(1)).doubleValue();
            if (d < lo || d > hi) {
                out.add(new Violation(path, "value should be between " + Values.render(b.get(0)) + " and "
                        + Values.render(b.get(1))));
            }
        }
        if (f.attr("gt") instanceof Number gt && !(d > gt.doubleValue())) {
            out.add(new Violation(path, "value must be greater than " + Values.render(gt)));
        }
        oneOf(f, n, path, out);
    }

    private static void length(Field f, int len, List<String> path, List<Violation> out) {
        if (f.attr("len_min") instanceof Number min && len < min.intValue()) {
            out.add(new Violation(path, "length must be at least " + min));
        }
        if (f.attr("len_max") instanceof Number max && len > max.intValue()) {
            out.add(new Violation(path, "length must be at most " + max));
        }
        if (f.attr("len_eq") instanceof Number eq && len != eq.intValue()) {
            out.add(new Violation(path, "length must be " + eq));
        }
    }

    private static void oneOf(Field f, Object v, List<String> path, List<Violation> out) {
        if (f.attr("one_of") instanceof List<?> allowed && allowed.stream().noneMatch(a -> Values.equal(a, v))) {
            out.add(new Violation(path, "expected one of: "
                    + allowed.stream().map(Values::render).map(s -> s.replace("\"", "")).collect(Collectors.joining(", "))));
        }
        if (f.attr("not_one_of") instanceof List<?> denied && denied.stream().anyMatch(a -> Values.equal(a, v))) {
            out.add(new Violation(path, "must not be one of: "
                    + denied.stream().map(Values::render).map(s -> s.replace("\"", "")).collect(Collectors.joining(", "))));
        }
    }

    @SuppressWarnings("unchecked")
    private static void required(Field rec, Map<String, Object> full, List<String> path, List<Violation> out,
                                 Set<String> skip) {
        for (Field f : rec.fields()) {
            if (f.setByKong() || f.generatedIfAbsent() || (path.isEmpty() && skip.contains(f.name()))) {
                continue;
            }
            Object v = full.get(f.name());
            if (v == null && f.required() && !f.is("foreign")) {
                out.add(new Violation(append(path, f.name()), "required field missing"));
            } else if (v instanceof Map<?, ?> m && f.is("record")) {
                required(f, (Map<String, Object>) m, append(path, f.name()), out, Set.of());
            }
        }
    }

    // ---- entity checks -------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static void entityChecks(Field rec, Map<String, Object> full, List<Violation> out) {
        for (Object o : rec.entityChecks()) {
            Map<String, Object> check = (Map<String, Object>) o;
            for (Map.Entry<String, Object> e : check.entrySet()) {
                entityCheck(e.getKey(), e.getValue(), full, out);
            }
        }
        for (Field f : rec.fields()) {
            if (f.is("record") && full.get(f.name()) instanceof Map<?, ?> m && !f.entityChecks().isEmpty()) {
                List<Violation> nested = new ArrayList<>();
                entityChecks(f, (Map<String, Object>) m, nested);
                for (Violation v : nested) {
                    out.add(new Violation(v.path().isEmpty() ? List.of(f.name()) : append(List.of(f.name()),
                            v.field()), v.message()));
                }
            }
        }
    }

    private static Object get(Map<String, Object> full, String dotted) {
        return Values.at(full, List.of(dotted.split("\\.")));
    }

    private static boolean isSet(Object v) {
        return v != null && !(v instanceof Collection<?> c && c.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static void entityCheck(String name, Object arg, Map<String, Object> full, List<Violation> out) {
        switch (name) {
            case "at_least_one_of" -> {
                List<String> fields = (List<String>) arg;
                if (fields.stream().noneMatch(f -> isSet(get(full, f)))) {
                    out.add(new Violation(List.of(), "at least one of these fields must be non-empty: "
                            + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "))));
                }
            }
            case "only_one_of" -> {
                List<String> fields = (List<String>) arg;
                if (fields.stream().filter(f -> isSet(get(full, f))).count() > 1) {
                    out.add(new Violation(List.of(), "only one of these fields must be non-empty: "
                            + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "))));
                }
            }
            case "mutually_required" -> {
                List<String> fields = (List<String>) arg;
                long set = fields.stream().filter(f -> isSet(get(full, f))).count();
                if (set > 0 && set < fields.size()) {
                    out.add(new Violation(List.of(), "all or none of these fields must be set: "
                            + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "))));
                }
            }
            case "mutually_exclusive" -> {
                List<String> fields = (List<String>) arg;
                if (fields.stream().filter(f -> isSet(get(full, f))).count() > 1) {
                    out.add(new Violation(List.of(), "only one or none of these fields must be set: "
                            + fields.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", "))));
                }
            }
            case "conditional" -> {
                Map<String, Object> c = (Map<String, Object>) arg;
                String ifField = (String) c.get("if_field");
                String thenField = (String) c.get("then_field");
                Map<String, Object> ifMatch = (Map<String, Object>) c.get("if_match");
                Map<String, Object> thenMatch = (Map<String, Object>) c.get("then_match");
                Boolean cond = matches(ifMatch, get(full, ifField));
                if (Boolean.TRUE.equals(cond)) {
                    Object tv = get(full, thenField);
                    Boolean ok = matches(thenMatch, tv);
                    if (Boolean.FALSE.equals(ok)) {
                        String err = c.get("then_err") instanceof String s ? s
                                : describe(thenMatch, ifField, ifMatch);
                        out.add(new Violation(List.of(thenField.split("\\.")), err));
                    }
                }
            }
            default -> {
                // other checks (custom functions, distinct, ...) run on Kong's side only
            }
        }
    }

    private static String describe(Map<String, Object> thenMatch, String ifField, Map<String, Object> ifMatch) {
        if (Boolean.TRUE.equals(thenMatch.get("required"))) {
            return "required field missing (required when '" + ifField + "' is " + describeMatch(ifMatch) + ")";
        }
        return "must match " + Values.render(thenMatch) + " when '" + ifField + "' is " + describeMatch(ifMatch);
    }

    private static String describeMatch(Map<String, Object> m) {
        if (m.containsKey("eq")) {
            return Values.render(m.get("eq"));
        }
        if (m.containsKey("one_of")) {
            return "one of " + Values.render(m.get("one_of"));
        }
        if (m.containsKey("match")) {
            return "matching " + m.get("match");
        }
        return Values.render(m);
    }

    /** Whether value satisfies a field-style match; null if the match uses something this checker cannot judge. */
    @SuppressWarnings("unchecked")
    private static Boolean matches(Map<String, Object> m, Object v) {
        boolean judged = false;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object arg = e.getValue();
            switch (e.getKey()) {
                case "required" -> {
                    judged = true;
                    if (Boolean.TRUE.equals(arg) && v == null) {
                        return false;
                    }
                }
                case "eq" -> {
                    judged = true;
                    if (!Values.equal(arg, v)) {
                        return false;
                    }
                }
                case "one_of" -> {
                    judged = true;
                    if (v != null && ((List<Object>) arg).stream().noneMatch(a -> Values.equal(a, v))) {
                        return false;
                    }
                    if (v == null) {
                        return false;
                    }
                }
                case "not_one_of" -> {
                    judged = true;
                    if (v != null && ((List<Object>) arg).stream().anyMatch(a -> Values.equal(a, v))) {
                        return false;
                    }
                }
                case "match" -> {
                    judged = true;
                    if (!(v instanceof String s) || !Boolean.TRUE.equals(LuaPattern.find((String) arg, s))) {
                        return false;
                    }
                }
                case "len_eq" -> {
                    judged = true;
                    int len = v == null ? 0 : v instanceof Collection<?> c ? c.size() : v.toString().length();
                    if (len != ((Number) arg).intValue()) {
                        return false;
                    }
                }
                case "len_min" -> {
                    judged = true;
                    int len = v == null ? 0 : v instanceof Collection<?> c ? c.size() : v.toString().length();
                    if (len < ((Number) arg).intValue()) {
                        return false;
                    }
                }
                case "elements" -> {
                    judged = true;
                    if (v instanceof Collection<?> c) {
                        for (Object el : c) {
                            Boolean r = matches((Map<String, Object>) arg, el);
                            if (Boolean.FALSE.equals(r)) {
                                return false;
                            }
                        }
                    }
                }
                case "type" -> {
                    // informational inside "elements"
                }
                default -> {
                    return null;
                }
            }
        }
        return judged ? Boolean.TRUE : null;
    }
}
