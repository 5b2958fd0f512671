package dev.kongsync.router;

/** Whether one matcher accepts every request another accepts: proven, supported by samples only, or not shown. */
enum Cover {
    DECIDED, SAMPLED, NO;

    Cover and(Cover other) {
        if (this == NO || other == NO) {
            return NO;
        }
        return this == SAMPLED || other == SAMPLED ? SAMPLED : DECIDED;
    }

    static Cover of(boolean decided) {
        return decided ? DECIDED : NO;
    }
}
