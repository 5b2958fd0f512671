package dev.kongsync.corpus;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.router.Flavor;
import dev.kongsync.traffic.Collision;
import dev.kongsync.traffic.RouteCheck;
import dev.kongsync.traffic.RouteChecker;
import dev.kongsync.traffic.RouteInputs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The route check over every file of decK's own test corpus ({@code ../shared/fixtures/deck-corpus}) that parses:
 * under both router flavors it finishes without an internal error, whatever the routes (regexes, headers, hosts,
 * SNIs, stream routes).
 */
class RouteCheckCorpusTest {
    private static final Path CORPUS = Path.of(System.getProperty("kongsync.shared", "../shared"),
            "fixtures/deck-corpus/files");

    @Test
    void everyParsableFileIsCheckedWithoutAnInternalError() throws Exception {
        Map<String, String> failures = new TreeMap<>();
        int checked = 0;
        List<Path> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.sorted().toList();
        }
        for (Path p : files) {
            ConfigParser.Result read;
            try {
                read = ConfigParser.parse(List.of(SourceDocument.parse(p.toString(), Files.readString(p))), List.of(),
                        name -> "x");
            } catch (RuntimeException e) {
                continue;
            }
            if (!read.problems().isEmpty() || read.state().entities().stream()
                    .noneMatch(e -> e.kind().name().equals("route"))) {
                continue;
            }
            for (Flavor f : Flavor.values()) {
                try {
                    RouteCheck c = RouteChecker.check(RouteInputs.fromFiles(read.state(), e -> null, r -> null,
                            e -> null), null, f, "test", Collision.DEFAULT_FAIL_ON, false);
                    assertEquals(c.fileRoutes(), (int) read.state().entities().stream()
                            .filter(e -> e.kind().name().equals("route")).count() - disabled(read));
                } catch (RuntimeException e) {
                    failures.put(p.getFileName() + " " + f, e.toString());
                }
            }
            checked++;
        }
        assertEquals(Map.of(), failures);
        assertTrue(checked >= 40, "checked only " + checked);
    }

    private static int disabled(ConfigParser.Result read) {
        return (int) read.state().entities().stream().filter(e -> e.kind().name().equals("route"))
                .filter(e -> e.target("service") != null
                        && Boolean.FALSE.equals(e.target("service").fields().get("enabled"))).count();
    }
}
