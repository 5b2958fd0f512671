package dev.kongsync.apply;

import dev.kongsync.plan.Operation;

/** Performs one operation against Kong; throws on failure. */
@FunctionalInterface
public interface Writer {
    void write(Operation op);
}
