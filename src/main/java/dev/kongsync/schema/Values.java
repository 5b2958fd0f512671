package dev.kongsync.schema;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Helpers for the plain values kongsync works with: {@code Map<String,Object>}, {@code List<Object>}, String,
 * Long, Double, Boolean and null, as Jackson reads JSON and YAML.
 */
public final class Values {
    private Values() {}

    /**
     * Integral numbers become Long, others Double, so 60 and 60.0 compare equal; whether a number is integral is
     * judged by its decimal text (so 8.5762584381854648E18 is 8576258438185464800). Ints (Jackson's choice for small
     * numbers in Kong's answers) and doubles below 2^53, where the text and the binary value are the same integer,
     * are converted directly, without the text.
     */
    public static Object canonicalNumber(Object v) {
        if (v instanceof Long || !(v instanceof Number n)) {
            return v;
        }
        if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        }
        if (n instanceof Double d) {
            double x = d;
            if (Math.abs(x) < 0x1p53) {
                return x == Math.rint(x) ? (Object) (long) x : d;
            }
        }
        BigDecimal d = new BigDecimal(n.toString());
        if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return d.longValue();
        }
        return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    public static Object deepCopy(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put((String) e.getKey(), deepCopy(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(deepCopy(o));
            }
            return out;
        }
        return v;
    }

    /** Structural equality with numbers compared by value. */
    public static boolean equal(Object a, Object b) {
        a = canonicalNumber(a);
        b = canonicalNumber(b);
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof RecordMap ra && b instanceof RecordMap rb) {
            Boolean same = RecordMap.equalSlots(ra, rb, Values::equal);
            if (same != null) {
                return same;
            }
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !equal(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) {
                return false;
            }
            Iterator<?> ia = la.iterator();
            Iterator<?> ib = lb.iterator();
            while (ia.hasNext()) {
                if (!equal(ia.next(), ib.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Compact, deterministic JSON rendering used for output and for ordering set elements. */
    public static String render(Object v) {
        StringBuilder sb = new StringBuilder();
        render(v, sb);
        return sb.toString();
    }

    private static void render(Object v, StringBuilder sb) {
        v = canonicalNumber(v);
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : new TreeMap<>(m).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(e.getKey().toString(), sb);
                sb.append(':');
                render(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                render(l.get(i), sb);
            }
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Value at a dotted path inside nested maps, or null. */
    public static Object at(Map<String, Object> root, List<String> path) {
        Object cur = root;
        for (String p : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(p);
        }
        return cur;
    }

    public static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        if (v instanceof String) {
            return "a string";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return v.getClass().getSimpleName();
    }
}
