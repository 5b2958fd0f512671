package dev.kongsync.cli;

import dev.kongsync.report.Report;
import dev.kongsync.report.Reporter;
import dev.kongsync.report.RunInfo;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * An option that does not parse, reported before the command runs (nothing is read or sent): naming the
 * environment variable when the value came from there ({@code KONGSYNC_PARALLELISM}, not {@code --parallelism}),
 * and in the report format the command was asked for, so that {@code -o json} prints its one document in this case
 * too.
 */
final class OptionErrors implements CommandLine.IParameterExceptionHandler {
    private final Map<String, String> env;

    OptionErrors(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        String message = message(ex, args);
        String format = reportFormat(c.getCommandSpec(), args);
        if (format == null || format.equals("text")) {
            PrintWriter err = c.getErr();
            err.println("error: " + message);
            err.println("See '" + c.getCommandSpec().qualifiedName() + " --help'.");
            err.flush();
            return ExitCodes.ERROR;
        }
        Report report = new Report(new RunInfo(c.getCommandName(), null, null, null, List.of(), List.of()));
        report.error(Report.Error.of(message));
        Reporter.of(format).write(report, System.out, System.err);
        System.out.flush();
        return ExitCodes.ERROR;
    }

    /** picocli's message, with the environment variable named when the value was not on the command line. */
    private String message(CommandLine.ParameterException ex, String[] args) {
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec o && o.longestName().startsWith("--")
                && !given(o, args)) {
            String variable = EnvironmentDefaults.variableFor(o.longestName());
            if (env.get(variable) != null) {
                String why = ex.getMessage().replaceFirst("^Invalid value for option '[^']*': ", "");
                return "environment variable " + variable + " (for " + o.longestName() + "): " + why
                        + "; fix or unset " + variable;
            }
        }
        return ex.getMessage();
    }

    /** Whether the option is on the command line ({@code --name value}, {@code --name=value}, {@code -ovalue}). */
    private static boolean given(CommandLine.Model.OptionSpec o, String[] args) {
        for (String a : args) {
            for (String name : o.names()) {
                if (a.equals(name) || a.startsWith(name + "=") || name.length() == 2 && !name.startsWith("--")
                        && a.startsWith(name) && !a.startsWith("--")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The report format asked for ({@code -o}, {@code --output} or {@code KONGSYNC_OUTPUT}), when the command writes
     * reports in several formats and the format itself parses; else null.
     */
    private String reportFormat(CommandLine.Model.CommandSpec spec, String[] args) {
        CommandLine.Model.OptionSpec output = spec.findOption("--output");
        if (output == null || output.converters().length == 0
                || !(output.converters()[0] instanceof Choices.ReportFormat)) {
            return null;
        }
        String value = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (a.startsWith("--output=")) {
                value = a.substring("--output=".length());
            } else if (a.startsWith("-o=")) {
                value = a.substring(3);
            } else if (a.startsWith("-o") && !a.startsWith("--") && a.length() > 2) {
                value = a.substring(2);
            }
        }
        if (value == null) {
            value = env.get(EnvironmentDefaults.variableFor("--output"));
        }
        return value != null && Choices.ReportFormat.ALL.contains(value) ? value : null;
    }
}
