package dev.kongsync.apply;

import dev.kongsync.plan.Operation;

import java.util.Map;

/** Performs one operation against Kong and returns what Kong answered (null for a delete); throws on failure. */
@FunctionalInterface
public interface Writer {
    Map<String, Object> write(Operation op);
}
