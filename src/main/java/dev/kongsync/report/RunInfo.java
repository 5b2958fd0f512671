package dev.kongsync.report;

import java.util.List;

/**
 * The context a report describes: the command, and the Kong it ran against (address, version, database), or
 * nulls for offline commands; {@code baseline} names what an offline diff compared with (files or a git revision).
 */
public record RunInfo(String command, String address, String kongVersion, String database, List<String> selectTags,
                      List<String> files, String baseline) {

    public RunInfo(String command, String address, String kongVersion, String database, List<String> selectTags,
                   List<String> files) {
        this(command, address, kongVersion, database, selectTags, files, null);
    }
}
