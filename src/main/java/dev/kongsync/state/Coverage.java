package dev.kongsync.state;

/**
 * How much of Kong's in-scope state the files describe, which decides what a plan may do.
 */
public enum Coverage {
    /**
     * The files are everything in scope ({@code sync}, {@code diff}): what they do not name is deleted, an entity
     * left over in Kong that differs from a new one of the files only by its name is the same entity renamed, and a
     * reference by key resolves in the files, or in Kong within {@code _info.default_lookup_tags}.
     */
    COMPLETE,
    /**
     * The files are a part of what Kong holds ({@code apply}, decK's partial apply): nothing is deleted, nothing is
     * taken for a rename, and a reference by key that the files do not resolve names an entity Kong has: within
     * {@code _info.default_lookup_tags} when the files give them for its kind, else anywhere in Kong.
     */
    PARTIAL;

    public boolean deletes() {
        return this == COMPLETE;
    }
}
