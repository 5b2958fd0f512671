package dev.kongsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kongsync.file.ConfigWriter;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.state.CurrentState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = "Write Kong's configuration (in the select-tag scope) as a nested declarative file, without "
                + "defaults, ids or timestamps. Diffing the dump against the same Kong reports no change. The file "
                + "holds secret values (e.g. plugin passwords) as Kong stores them: write it to a protected place. "
                + "Entities in Kong that carry no owner tag (unmanaged) are counted and listed on standard error.")
public final class DumpCommand implements Callable<Integer> {
    @Mixin
    KongOptions kong;

    @Mixin
    SkipOptions skip;

    @Option(names = {"-o", "--output-file"}, defaultValue = "-", paramLabel = "FILE",
            description = "Where to write; - is standard output (default: ${DEFAULT-VALUE}).")
    String outputFile;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "yaml or json (default: from the file name, else yaml).")
    String format;

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
            String fmt = format != null ? format : outputFile.endsWith(".json") ? "json" : "yaml";
            if (!fmt.equals("yaml") && !fmt.equals("json")) {
                throw new IllegalArgumentException("--format must be yaml or json");
            }
            Map<String, Object> doc;
            List<dev.kongsync.state.CurrentEntity> unmanaged;
            try (KongSession session = KongSession.open(kong.toConfig(), Math.max(1, parallelism)).skip(skip.kinds())) {
                CurrentState state = session.read(tags);
                doc = ConfigWriter.document(state, session.schemas(), tags, withId);
                unmanaged = dev.kongsync.pipeline.Ownership.unmanaged(session, tags);
            }
            ObjectMapper mapper = fmt.equals("json") ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    : new ObjectMapper(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                    .build());
            String text = mapper.writeValueAsString(doc);
            if (!text.endsWith("\n")) {
                text += "\n";
            }
            if (outputFile.equals("-")) {
                System.out.print(text);
                System.out.flush();
            } else {
                Files.writeString(Path.of(outputFile), text, StandardCharsets.UTF_8);
                System.err.println("wrote " + outputFile);
            }
            if (!unmanaged.isEmpty()) {
                System.err.println("unmanaged: " + dev.kongsync.owners.Unmanaged.describe(unmanaged));
            }
            return ExitCodes.OK;
        } catch (IOException e) {
            System.err.println("error: cannot write " + outputFile + ": " + e.getMessage());
            return ExitCodes.ERROR;
        } catch (RuntimeException e) {
            dev.kongsync.report.Report r = new dev.kongsync.report.Report(
                    new dev.kongsync.report.RunInfo("dump", kong.address, null, null, selectTags, List.of()));
            Outcome.fail(r, e);
            r.errors().forEach(err -> System.err.println("error: " + err));
            return ExitCodes.ERROR;
        }
    }
}
