package dev.kongsync.cli;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Problem;
import dev.kongsync.k8s.ClusterRun;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.state.DesiredState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check files offline against the bundled Kong 3.9 schemas: structure, types, required "
                + "fields, references and duplicates. Exit 0 if valid, 1 if not.")
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            converter = Choices.ReportFormat.class, completionCandidates = Choices.ReportFormat.class,
            description = "text, json, markdown or junit (default: ${DEFAULT-VALUE}).")
    String output;

    @Option(names = "--partial", description = "The files are for kongsync apply: references by name may point at "
            + "entities only Kong has.")
    boolean partial;

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("validate", null, null, null, input.selectTags, input.files));
        dev.kongsync.state.Coverage coverage = partial ? dev.kongsync.state.Coverage.PARTIAL
                : dev.kongsync.state.Coverage.COMPLETE;
        try (ClusterRun cluster = ClusterRun.start(clusterOptions.settings(null))) {
            ConfigParser.Result read;
            if (cluster.fromConfigMap()) {
                read = new ConfigParser.Result(ConfigParser.loadTexts(List.of(cluster.readConfigMapFile()),
                        input.selectTags, coverage), List.of());
            } else {
                read = ConfigParser.read(input.required(), input.selectTags, coverage);
            }
            DesiredState desired = read.state();
            List<Problem> problems = new ArrayList<>(read.problems());
            problems.addAll(ConfigValidator.problems(desired, BundledSchemas.registry()));
            if (!problems.isEmpty()) {
                throw new InvalidConfigException(problems);
            }
            report.info(new RunInfo("validate", null, null, null, desired.selectTags(), desired.files()));
            List<String> counts = new ArrayList<>();
            for (EntityKind k : EntityKind.all()) {
                int n = desired.of(k).size();
                if (n > 0) {
                    counts.add(dev.kongsync.report.Counts.of(n, k));
                }
            }
            String files = String.join(", ", desired.files());
            List<String> backends;
            try {
                backends = cluster.verifyBackends(desired, System.err::println);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(files + ": valid as " + (desired.files().size() == 1 ? "a file"
                        : "files") + ", but " + e.getMessage(), e);
            }
            report.notes().add(files + ": valid (" + (counts.isEmpty() ? "no entities" : String.join(", ", counts))
                    + ")");
            report.notes().addAll(backends);
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, output);
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }
}
