package dev.kongsync.cli;

/** Process exit codes, the same for every command. */
public final class ExitCodes {
    /** Success; for comparing commands, Kong matches the files. */
    public static final int OK = 0;
    /** Any error: invalid input, Kong unreachable, a refused or failed write. */
    public static final int ERROR = 1;
    /** {@code --exit-code}: changes are pending. */
    public static final int CHANGES = 2;
    /** {@code --exit-code}: changes are pending, and some are deletes. */
    public static final int DELETES = 3;
    /** {@code sync} stopped part-way: some changes were applied, the report says which. */
    public static final int PARTIAL = 4;

    private ExitCodes() {}
}
