package dev.kongsync.report;

import dev.kongsync.kind.EntityKind;

/** Counts in words, with the plural only where it belongs: "1 service", "2 services", "1 change". */
public final class Counts {
    private Counts() {}

    /** {@code n} and the word, with an s unless n is 1. */
    public static String of(long n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }

    /** {@code n} entities of a kind: its name for one, its key in a file (the plural) for more. */
    public static String of(long n, EntityKind kind) {
        return n + " " + (n == 1 ? kind.name() : kind.fileKey());
    }

    public static String entities(long n) {
        return n + (n == 1 ? " entity" : " entities");
    }
}
