package dev.kongsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.kongsync.apply.Journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A declarative document written out (dump, render): YAML or JSON, to standard output or to a file created readable
 * by its owner only, since such files may hold secret values.
 */
final class DocumentOutput {
    private DocumentOutput() {}

    /** yaml or json: {@code format} when given, else from the file name ({@code .json}), else yaml. */
    static String format(String format, String file) {
        return format != null ? format : file.endsWith(".json") ? "json" : "yaml";
    }

    static String text(Map<String, Object> doc, String format) {
        ObjectMapper mapper = format.equals("json") ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                : new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .build());
        try {
            String text = mapper.writeValueAsString(doc);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to standard output ({@code -}) or to the file, mode 0600. */
    static void write(String text, String file) {
        if (file.equals("-")) {
            System.out.print(text);
            System.out.flush();
            return;
        }
        try {
            Journal.writePrivate(Path.of(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        System.err.println("wrote " + file);
    }
}
