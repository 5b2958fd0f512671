package dev.kongsync.file;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The line and column of every key and value of one document, by JSON pointer, kept compactly: the pointers' UTF-8
 * bytes in one array, each position packed in a long, found through an open-addressing table of entry numbers. A
 * document of 12,000 entities records about 57,000 positions and keeps them as long as its entities live; as
 * String keys of a HashMap with a Location each they took 8 MB of the 28 MB the parsed file holds.
 */
final class Positions {
    private byte[] bytes = new byte[1 << 12];
    private int used;
    private int[] starts = new int[1 << 8];
    private int[] lengths = new int[1 << 8];
    private int[] hashes = new int[1 << 8];
    private long[] places = new long[1 << 8];
    private int size;
    /** Entry number + 1 by slot; 0 is an empty slot. At most half full. */
    private int[] table = new int[1 << 9];

    /** Records where {@code pointer} is; an earlier record of it is kept unless {@code replace}. */
    void put(String pointer, int line, int column, boolean replace) {
        byte[] key = pointer.getBytes(StandardCharsets.UTF_8);
        int hash = pointer.hashCode();
        int found = find(key, hash);
        if (found >= 0) {
            if (replace) {
                places[found] = pack(line, column);
            }
            return;
        }
        add(key, hash, pack(line, column), -found - 1);
    }

    /** Whether a position of {@code pointer} is recorded. */
    boolean contains(String pointer) {
        return find(pointer.getBytes(StandardCharsets.UTF_8), pointer.hashCode()) >= 0;
    }

    /** The recorded position of {@code pointer} in {@code file}, or null. */
    Location get(String file, String pointer) {
        int i = find(pointer.getBytes(StandardCharsets.UTF_8), pointer.hashCode());
        return i < 0 ? null : new Location(file, (int) (places[i] >>> 32), (int) places[i]);
    }

    /** Gives back the room the arrays grew by beyond what they hold (once the document is read). */
    Positions trimmed() {
        bytes = Arrays.copyOf(bytes, used);
        starts = Arrays.copyOf(starts, size);
        lengths = Arrays.copyOf(lengths, size);
        hashes = Arrays.copyOf(hashes, size);
        places = Arrays.copyOf(places, size);
        return this;
    }

    private static long pack(int line, int column) {
        return ((long) line << 32) | (column & 0xFFFFFFFFL);
    }

    /** The entry holding {@code key}, or -(slot + 1) of the empty slot where it would go. */
    private int find(byte[] key, int hash) {
        int mask = table.length - 1;
        for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
            int e = table[slot] - 1;
            if (e < 0) {
                return -(slot + 1);
            }
            if (hashes[e] == hash && Arrays.equals(bytes, starts[e], starts[e] + lengths[e], key, 0, key.length)) {
                return e;
            }
        }
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private void add(byte[] key, int hash, long place, int slot) {
        if (used + key.length > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(used + key.length, bytes.length + (bytes.length >> 1)));
        }
        if (size == starts.length) {
            int n = Math.max(16, size + (size >> 1));
            starts = Arrays.copyOf(starts, n);
            lengths = Arrays.copyOf(lengths, n);
            hashes = Arrays.copyOf(hashes, n);
            places = Arrays.copyOf(places, n);
        }
        System.arraycopy(key, 0, bytes, used, key.length);
        starts[size] = used;
        lengths[size] = key.length;
        hashes[size] = hash;
        places[size] = place;
        used += key.length;
        table[slot] = ++size;
        if (size * 2 > table.length) {
            rehash();
        }
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int mask = t.length - 1;
        for (int e = 0; e < size; e++) {
            int slot = spread(hashes[e]) & mask;
            while (t[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            t[slot] = e + 1;
        }
        table = t;
    }
}
