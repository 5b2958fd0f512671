package dev.kongsync.file;

/** A place in an input file; line and column start at 1. */
public record Location(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
