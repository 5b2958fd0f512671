package dev.kongsync.plan;

import dev.kongsync.file.Location;

import java.util.Map;

/**
 * Where the files declare an entity: file, JSON pointer and line, and which of its fields came from environment
 * variables (dotted path to variable name). A plan keeps this instead of secret values, and resolves them again
 * from it when it is applied.
 */
public record Origin(String file, String pointer, Location location, Map<String, String> env) {}
