package dev.kongsync.apply;

/** What became of one operation of a plan. */
public enum OutcomeStatus {
    /** Kong accepted the write. */
    APPLIED,
    /** Kong refused it or could not be reached; the error says why. */
    FAILED,
    /** Not sent: an earlier failure stopped the run. */
    NOT_ATTEMPTED
}
