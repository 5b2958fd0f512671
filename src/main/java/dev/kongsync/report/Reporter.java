package dev.kongsync.report;

import java.io.PrintStream;

/** Renders a {@link Report} in one output format. */
public interface Reporter {
    /**
     * Writes the report. Machine formats put everything, errors included, in one document on {@code out}; the
     * text format writes errors to {@code err}.
     */
    void write(Report report, PrintStream out, PrintStream err);

    static Reporter of(String format) {
        return switch (format) {
            case "json" -> new JsonReporter();
            case "text" -> new TextReporter();
            case "markdown" -> new MarkdownReporter();
            case "junit" -> new JUnitReporter();
            default -> throw new IllegalArgumentException("unknown output format " + format
                    + " (text, json, markdown or junit)");
        };
    }
}
