package dev.kongsync.plan;

/**
 * One changed field of an update: its dotted path ({@code config.origins}), the value in Kong and the value
 * the files want. References show the referenced entity's name.
 */
public record FieldChange(String path, Object before, Object after) {}
