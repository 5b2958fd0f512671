package dev.kongsync.kind;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Request bodies of the second recorded Kong 3.9.1 transcript, by title: real material Kong accepted or refused. */
public final class Recorded {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Recorded() {}

    @SuppressWarnings("unchecked")
    public static Map<String, Object> body(String title) {
        Path p = Path.of(System.getProperty("kongsync.shared", "../shared"),
                "fixtures/kong-3.9/responses/admin-api-transcript-2.jsonl");
        try {
            for (String line : Files.readAllLines(p)) {
                Map<String, Object> e = JSON.readValue(line, Map.class);
                if (title.equals(e.get("title"))) {
                    return (Map<String, Object>) ((Map<String, Object>) e.get("request")).get("body");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalArgumentException("no line titled " + title + " in " + p);
    }
}
