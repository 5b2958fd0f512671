package dev.kongsync.cli;

import dev.kongsync.file.ConfigWriter;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.report.Report;
import dev.kongsync.report.RunInfo;
import dev.kongsync.state.CurrentState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Write Kong's configuration (in the select-tag scope) as a nested declarative file, without "
                + "defaults, ids or timestamps. Diffing the dump against the same Kong reports no change. The file "
                + "holds secret values (e.g. plugin passwords) as Kong stores them: it is created readable by its "
                + "owner only. Entities in Kong that carry no owner tag (unmanaged) are counted and listed on "
                + "standard error.")
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    KongOptions kong;

    @Mixin
    SkipOptions skip;

    @Option(names = "--output-file", defaultValue = "-", paramLabel = "FILE",
            description = "Where to write, created readable by its owner only; - is standard output (default: "
                    + "${DEFAULT-VALUE}).")
    String outputFile;

    @Option(names = "--format", paramLabel = "FORMAT", converter = Choices.FileFormat.class,
            completionCandidates = Choices.FileFormat.class,
            description = "yaml or json (default: from the file name, else yaml).")
    String format;

    @Option(names = "-o", paramLabel = "FORMAT", completionCandidates = Choices.FileFormat.class,
            description = "Same as --format (-o is the output format in every command). The old -o FILE still "
                    + "works in this release, with a warning: write --output-file FILE.")
    String shortOutput;

    @Option(names = "--select-tag", paramLabel = "TAG", split = ",",
            description = "Dump only entities carrying all these tags (repeatable); written to _info.select_tags.")
    List<String> selectTags = new ArrayList<>();

    @Option(names = "--with-id", description = "Keep entity ids in the dump.")
    boolean withId;

    @Option(names = "--parallelism", defaultValue = "10", paramLabel = "N",
            description = "Concurrent Admin API reads (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        try {
            List<String> tags = List.copyOf(new TreeSet<>(selectTags));
            String file = outputFile;
            String fmt = format;
            if (shortOutput != null) {
                if (List.of("yaml", "json").contains(shortOutput)) {
                    if (format != null && !format.equals(shortOutput)) {
                        throw new IllegalArgumentException("-o " + shortOutput + " and --format " + format
                                + " disagree; give one of them");
                    }
                    fmt = shortOutput;
                } else if (file.equals("-")) {
                    System.err.println("warning: dump -o FILE is deprecated and goes away in the next release: -o is "
                            + "the output format (yaml or json), as in every command; write --output-file "
                            + shortOutput);
                    file = shortOutput;
                } else {
                    throw new IllegalArgumentException("-o takes yaml or json, got " + shortOutput);
                }
            }
            fmt = DocumentOutput.format(fmt, file);
            Set<EntityKind> skipped = skip.kinds();
            dev.kongsync.admin.AdminConfig config = kong.toConfig();
            if (parallelism < 1) {
                throw new IllegalArgumentException("--parallelism must be at least 1");
            }
            Map<String, Object> doc;
            List<dev.kongsync.state.CurrentEntity> unmanaged;
            try (KongSession session = KongSession.open(config, parallelism).skip(skipped)) {
                CurrentState state = session.read(tags);
                doc = ConfigWriter.document(state, session.schemas(), tags, withId);
                unmanaged = dev.kongsync.pipeline.Ownership.unmanaged(session, tags);
            }
            DocumentOutput.write(DocumentOutput.text(doc, fmt), file);
            if (!unmanaged.isEmpty()) {
                System.err.println("unmanaged: " + dev.kongsync.owners.Unmanaged.describe(unmanaged));
            }
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            Report r = new Report(new RunInfo("dump", kong.address, null, null, selectTags, List.of()));
            Outcome.fail(r, e);
            r.errors().forEach(err -> System.err.println("error: " + err));
            return ExitCodes.ERROR;
        }
    }
}
