package dev.kongsync.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** The declarative files and the select-tag scope. */
public final class FilesOptions {
    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "Declarative files (YAML or JSON, _format_version \"3.0\"), merged; - reads standard input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--select-tag", paramLabel = "TAG", split = ",",
            description = "Manage only entities carrying all these tags (repeatable; max 5). Must equal the files' "
                    + "_info.select_tags if they have them. New entities get these tags.")
    List<String> selectTags = new ArrayList<>();

    /** The files, or an error if none were given. */
    List<String> required() {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("give at least one FILE (- for standard input)");
        }
        return files;
    }
}
