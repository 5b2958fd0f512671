package dev.kongsync.cli;

/** Process exit codes, the same for every command. */
public final class ExitCodes {
    /** Success; for comparing commands, Kong matches the files. */
    public static final int OK = 0;
    /** Any error: invalid input, Kong unreachable, a refused or failed write. */
    public static final int ERROR = 1;
    /** {@code diff --exit-code}: changes are pending. */
    public static final int CHANGES = 2;

    private ExitCodes() {}
}
