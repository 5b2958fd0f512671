package dev.kongsync.cli;

import picocli.CommandLine.Option;

/** {@code -o/--output}: the format of a command's report (validate, diff, sync, apply, reset, undo). */
public final class ReportFormatOptions {
    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            converter = Choices.ReportFormat.class, completionCandidates = Choices.ReportFormat.class,
            description = "text, json, markdown or junit (default: ${DEFAULT-VALUE}). JSON is one document, "
                    + "printed in every case.")
    String output;
}
