package dev.kongsync.report;

import java.util.List;

/**
 * The context a report describes: the command, and the Kong it ran against (address, version, database), or
 * nulls for offline commands.
 */
public record RunInfo(String command, String address, String kongVersion, String database, List<String> selectTags,
                      List<String> files) {}
