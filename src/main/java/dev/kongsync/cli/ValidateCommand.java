package dev.kongsync.cli;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Problem;
import dev.kongsync.k8s.ClusterRun;
import dev.kongsync.pipeline.OwnersValidation;
import dev.kongsync.pipeline.RouteChecks;
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
        description = {"Check files offline against the bundled Kong 3.9 schemas: structure, types, required "
                + "fields, references and duplicates; and their routes against each other: identical matchers and "
                + "shadowed routes are errors, overlaps warnings (see --fail-on). Exit 0 if valid, 1 if not.",
                "With --owners, the files belong to several owners of one Kong, one per set of _info.select_tags: "
                        + "each owner's files are checked as one configuration, and the owners against each other "
                        + "(select tags that match another owner's entities, references to another owner's entities, "
                        + "routes that collide across owners)."})
public final class ValidateCommand implements Callable<Integer> {
    @Mixin
    FilesOptions input;

    @Mixin
    ClusterOptions clusterOptions;

    @Mixin
    ReportFormatOptions format;

    @Mixin
    RouteCheckOptions routes;

    @Option(names = "--owners", description = "The FILEs are several owners' (grouped by their _info.select_tags): "
            + "check each owner, and the owners against each other.")
    boolean owners;

    @Option(names = "--partial", description = "The files are for kongsync apply: references by name may point at "
            + "entities only Kong has.")
    boolean partial;

    @Override
    public Integer call() {
        Report report = new Report(new RunInfo("validate", null, null, null, input.selectTags, input.files));
        dev.kongsync.state.Coverage coverage = partial ? dev.kongsync.state.Coverage.PARTIAL
                : dev.kongsync.state.Coverage.COMPLETE;
        try (ClusterRun cluster = ClusterRun.start(clusterOptions.settings(null))) {
            if (owners) {
                if (cluster.fromConfigMap() || !input.selectTags.isEmpty() || partial) {
                    throw new IllegalArgumentException("--owners takes each owner's select tags from its files: "
                            + "drop --select-tag, --from-configmap and --partial");
                }
                for (DesiredState desired : OwnersValidation.run(input.required(), routes.settings(false), report)) {
                    report.notes().addAll(cluster.verifyBackends(desired, System.err::println));
                }
            } else {
                files(cluster, report, coverage);
            }
        } catch (RuntimeException e) {
            Outcome.fail(report, e);
        }
        Outcome.print(report, format.output);
        return report.errors().isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
    }

    /** The files as one configuration (merged, one set of select tags). */
    private void files(ClusterRun cluster, Report report, dev.kongsync.state.Coverage coverage) {
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
        problems.addAll(OwnersValidation.filterLimits(desired));
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        report.info(new RunInfo("validate", null, null, null, desired.selectTags(), desired.files()));
        RouteChecks.offline(List.of(desired), routes.settings(false), report);
        String files = String.join(", ", desired.files());
        List<String> backends;
        try {
            backends = cluster.verifyBackends(desired, System.err::println);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(files + ": valid as " + (desired.files().size() == 1 ? "a file"
                    : "files") + ", but " + e.getMessage(), e);
        }
        if (report.errors().isEmpty()) {
            report.notes().add(OwnersValidation.valid(files, desired));
        }
        report.notes().addAll(backends);
    }
}
