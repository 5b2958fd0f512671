package dev.kongsync.cli;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.pipeline.Rendering;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Write the files merged into one declarative file, as a sync would see them (decK's file "
                + "render): url shorthands expanded, _info.defaults and _plugin_configs applied, environment values "
                + "resolved, routes and plugins nested in their service. Offline; checks the files as validate does.",
                "Secret values (from the environment, or fields Kong's schemas mark encrypted) are [redacted] unless "
                        + "--show-secrets.",
                "Exit 0 when written, 1 if the files are not valid."})
public final class RenderCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Option(names = {"-o", "--format"}, paramLabel = "FORMAT", converter = Choices.FileFormat.class,
            completionCandidates = Choices.FileFormat.class,
            description = "yaml or json (default: from --output-file's name, else yaml).")
    String format;

    @Option(names = "--output-file", defaultValue = "-", paramLabel = "FILE",
            description = "Where to write, created readable by its owner only; - is standard output (default: "
                    + "${DEFAULT-VALUE}).")
    String outputFile;

    @Option(names = "--show-secrets", description = "Write secret values as they are instead of [redacted] (the "
            + "output then holds them: keep it private).")
    boolean showSecrets;

    @Option(names = "--with-defaults", description = "Write every field, those left at Kong's defaults included.")
    boolean withDefaults;

    @Override
    public Integer call() {
        try {
            DesiredState desired = ConfigParser.load(input.required(), input.selectTags);
            Map<String, Object> doc = Rendering.document(desired, BundledSchemas.registry(), showSecrets, withDefaults);
            DocumentOutput.write(DocumentOutput.text(doc, DocumentOutput.format(format, outputFile)), outputFile);
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            Report r = new Report(new RunInfo("render", null, null, null, input.selectTags, input.files));
            Outcome.fail(r, e);
            r.errors().forEach(err -> System.err.println("error: " + err));
            return ExitCodes.ERROR;
        }
    }
}
