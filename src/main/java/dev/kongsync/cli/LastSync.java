package dev.kongsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads {@code --last-sync}: epoch seconds, an ISO-8601 instant, or the JSON report of a sync. */
final class LastSync {
    private LastSync() {}

    static long parse(String value) {
        String v = value.trim();
        if (v.matches("\\d+")) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).getEpochSecond();
        } catch (DateTimeParseException e) {
            // not a time: a report file
        }
        Path p = Path.of(v);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("--last-sync: not a time (epoch seconds or ISO-8601) nor a file: " + v);
        }
        try {
            JsonNode doc = new ObjectMapper().readTree(p.toFile());
            JsonNode at = doc.path("result").path("finished_at");
            if (!at.isNumber()) {
                throw new IllegalArgumentException("--last-sync: " + v + " is not the JSON report of a finished sync");
            }
            return at.asLong();
        } catch (IOException e) {
            throw new IllegalArgumentException("--last-sync: cannot read " + v + ": " + e.getMessage());
        }
    }
}
