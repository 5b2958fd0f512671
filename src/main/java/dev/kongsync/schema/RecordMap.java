package dev.kongsync.schema;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one record in the layout of its schema: one slot per schema field, in the schema's order, so that
 * the canonical form of an entity costs an array rather than a hash table (a no-op diff of 12,000 entities holds
 * two canonical forms of each, every schema field present). A general {@link Map} in every other respect: a key the
 * schema does not name goes to a small ordered map of its own after the schema's fields, and a removed field frees
 * its slot. Iteration follows the schema's order, then the order of the other keys' insertion.
 */
@RegisterForReflection
public final class RecordMap extends AbstractMap<String, Object> {
    /** The slots of a record: its field names in order, and each name's slot. Shared by every map of the record. */
    public static final class Layout {
        private final String[] names;
        private final Map<String, Integer> slots;

        Layout(List<Field> fields) {
            Map<String, Integer> s = new HashMap<>();
            for (Field f : fields) {
                s.putIfAbsent(f.name(), s.size());
            }
            String[] n = new String[s.size()];
            s.forEach((name, i) -> n[i] = name);
            this.names = n;
            this.slots = s;
        }

        int slot(Object key) {
            Integer i = slots.get(key);
            return i == null ? -1 : i;
        }
    }

    private static final Object ABSENT = new Object();

    private final Layout layout;
    private final Object[] values;
    private int size;
    private LinkedHashMap<String, Object> others;

    public RecordMap(Layout layout) {
        this.layout = layout;
        this.values = new Object[layout.names.length];
        Arrays.fill(values, ABSENT);
    }

    @Override
    public int size() {
        return size + (others == null ? 0 : others.size());
    }

    @Override
    public boolean containsKey(Object key) {
        int i = layout.slot(key);
        return i >= 0 ? values[i] != ABSENT : others != null && others.containsKey(key);
    }

    @Override
    public Object get(Object key) {
        int i = layout.slot(key);
        if (i >= 0) {
            Object v = values[i];
            return v == ABSENT ? null : v;
        }
        return others == null ? null : others.get(key);
    }

    @Override
    public Object put(String key, Object value) {
        int i = layout.slot(key);
        if (i < 0) {
            if (others == null) {
                others = new LinkedHashMap<>();
            }
            return others.put(key, value);
        }
        Object old = values[i];
        values[i] = value;
        if (old == ABSENT) {
            size++;
            return null;
        }
        return old;
    }

    @Override
    public Object remove(Object key) {
        int i = layout.slot(key);
        if (i < 0) {
            return others == null ? null : others.remove(key);
        }
        Object old = values[i];
        if (old == ABSENT) {
            return null;
        }
        values[i] = ABSENT;
        size--;
        return old;
    }

    @Override
    public void clear() {
        Arrays.fill(values, ABSENT);
        size = 0;
        others = null;
    }

    @Override
    public boolean equals(Object o) {
        Boolean same = o instanceof RecordMap r ? equalSlots(this, r, Objects::equals) : null;
        return same != null ? same : super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] != ABSENT) {
                h += layout.names[i].hashCode() ^ Objects.hashCode(values[i]);
            }
        }
        return others == null ? h : h + others.hashCode();
    }

    /**
     * Whether two maps of the same layout hold the same keys with values equal by {@code equal}; null when that is
     * not known from the slots alone (other layouts, keys outside the schema).
     */
    static Boolean equalSlots(RecordMap a, RecordMap b, java.util.function.BiPredicate<Object, Object> equal) {
        if (a.layout != b.layout || a.others != null || b.others != null) {
            return null;
        }
        if (a.size != b.size) {
            return false;
        }
        for (int i = 0; i < a.values.length; i++) {
            Object x = a.values[i];
            Object y = b.values[i];
            if (x != y && (x == ABSENT || y == ABSENT || !equal.test(x, y))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return RecordMap.this.size();
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public boolean remove(Object o) {
                if (!containsKey(o)) {
                    return false;
                }
                RecordMap.this.remove(o);
                return true;
            }

            @Override
            public Iterator<String> iterator() {
                Iterator<Entry<String, Object>> entries = new Entries();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public String next() {
                        return entries.next().getKey();
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                    }
                };
            }
        };
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return RecordMap.this.size();
            }

            @Override
            public Iterator<Entry<String, Object>> iterator() {
                return new Entries();
            }
        };
    }

    /** The schema's slots in order, then the other keys; removal through the iterator frees a slot. */
    private final class Entries implements Iterator<Entry<String, Object>> {
        private int next = advance(0);
        private int last = -1;
        private boolean inRest;
        private Iterator<Entry<String, Object>> rest;

        private int advance(int from) {
            int i = from;
            while (i < values.length && values[i] == ABSENT) {
                i++;
            }
            return i;
        }

        private Iterator<Entry<String, Object>> rest() {
            if (rest == null) {
                rest = others == null ? java.util.Collections.emptyIterator() : others.entrySet().iterator();
            }
            return rest;
        }

        @Override
        public boolean hasNext() {
            return next < values.length || rest().hasNext();
        }

        @Override
        public Entry<String, Object> next() {
            if (next < values.length) {
                last = next;
                next = advance(next + 1);
                return new Slot(last);
            }
            last = -1;
            if (!rest().hasNext()) {
                throw new NoSuchElementException();
            }
            inRest = true;
            return rest().next();
        }

        @Override
        public void remove() {
            if (inRest) {
                rest.remove();
                return;
            }
            if (last < 0 || values[last] == ABSENT) {
                throw new IllegalStateException();
            }
            values[last] = ABSENT;
            size--;
            last = -1;
        }
    }

    /** A present slot, written through. */
    private final class Slot implements Entry<String, Object> {
        private final int i;

        Slot(int i) {
            this.i = i;
        }

        @Override
        public String getKey() {
            return layout.names[i];
        }

        @Override
        public Object getValue() {
            Object v = values[i];
            return v == ABSENT ? null : v;
        }

        @Override
        public Object setValue(Object value) {
            if (values[i] == ABSENT) {
                throw new IllegalStateException("the entry was removed");
            }
            Object old = values[i];
            values[i] = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry<?, ?> e && getKey().equals(e.getKey()) && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return getKey().hashCode() ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return getKey() + "=" + getValue();
        }
    }
}
