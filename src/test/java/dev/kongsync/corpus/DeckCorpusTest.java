package dev.kongsync.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.admin.AdminConfig;
import dev.kongsync.apply.ApplyResult;
import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.ConfigValidator;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.EntityKind;
import dev.kongsync.pipeline.KongSession;
import dev.kongsync.plan.Plan;
import dev.kongsync.schema.BundledSchemas;
import dev.kongsync.state.Coverage;
import dev.kongsync.state.DesiredState;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decK's own state files ({@code ../shared/fixtures/deck-corpus}, taken unchanged from decK's test suite): every
 * file that uses only kinds kongsync manages and only Kong 3.9.1 open-source plugins and fields validates offline,
 * syncs into an empty test Kong over HTTP (files decK's tests use with {@code apply}, as the index's {@code used_as}
 * says, are applied instead: partial files), and then plans zero changes. The files that cannot are listed below,
 * each with its reason (also in the README's Limits).
 */
@io.quarkus.test.junit.QuarkusTest
class DeckCorpusTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of(System.getProperty("kongsync.shared", "../shared"),
            "fixtures/deck-corpus");

    /** Files in scope that kongsync does not take as they are, and why. */
    static final Map<String, String> CANNOT = new TreeMap<>(Map.ofEntries(
            Map.entry("deck__convert__testdata__5__input.yaml",
                    "a decK 1.x file for `deck convert`: its plugin has run_on, which Kong 3.0 removed (Kong 3.9.1 answers "
                    + "'unknown field')"),
            Map.entry("deck__convert__testdata__6__input.yaml",
                    "a decK 1.x file for `deck convert`: its plugin has run_on, which Kong 3.0 removed"),
            Map.entry("deck__tests__integration__testdata__render__004-expression-routes__expected.yaml",
                    "expression routes (expression, priority) need router_flavor = expressions; Kong 3.9.1's default "
                    + "traditional_compatible refuses them as unknown fields"),
            Map.entry("deck__tests__integration__testdata__sync__027-created-at__new.yaml",
                    "an upstream with algorithm consistent-hashing and no hash_on: Kong answers it as round-robin, so it "
                    + "would show as a change on every run; kongsync refuses it offline"),
            Map.entry("go-database-reconciler__tests__integration__testdata__render__deterministic-sort__006-complex-nested-"
                    + "structure__expected.yaml",
                    "a render test's output: its ids are not UUIDs (Kong refuses them)"),
            Map.entry("go-database-reconciler__tests__integration__testdata__render__deterministic-sort__006-complex-nested-"
                    + "structure__input.yaml",
                    "a render test's input: its ids are not UUIDs (Kong refuses them)"),
            Map.entry("go-database-reconciler__tests__integration__testdata__sync__027-created-at__new.yaml",
                    "the same file as decK's sync/027")));

    /**
     * Entities a file references but does not declare, which decK's test creates in Kong first (outside the file's
     * select tags), as path and body.
     */
    static final Map<String, List<Map.Entry<String, String>>> SEEDS = Map.of(
            "deck__tests__integration__testdata__apply__006-foreign-keys-routes__plugin-01.yaml",
            List.of(Map.entry("/routes/example-route", "{\"paths\": [\"/mock\"]}")),
            "deck__tests__integration__testdata__sync__041-plugins-nested-foreign-keys__kong3x-services-not-in-state-"
                    + "or-dump.yaml",
            List.of(Map.entry("/services/8ca63651-4068-4baa-b2b9-08dc99c29666",
                    "{\"name\": \"external-service\", \"host\": \"external.example\"}")),
            "go-database-reconciler__tests__integration__testdata__sync__040-plugins-nested-foreign-keys__kong3x-"
                    + "consumers-not-in-state-or-dump.yaml",
            List.of(Map.entry("/consumers/8ca63651-4068-4baa-b2b9-08dc99c29666", "{\"username\": \"bob\"}")));

    static TestKong kong;

    @BeforeAll
    static void start() {
        kong = TestKong.start();
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    /** The index rows of the files kongsync's kinds and Kong 3.9.1 OSS can take. */
    static List<Map<String, String>> inScope() throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve("index.tsv"));
        String[] header = lines.get(0).split("\t");
        Set<String> managed = EntityKind.all().stream().map(EntityKind::fileKey).collect(Collectors.toSet());
        List<Map<String, String>> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], cells[i]);
            }
            boolean kinds = List.of(row.get("entity_kinds").split(",")).stream()
                    .map(k -> k.split("=")[0]).allMatch(managed::contains);
            boolean plugins = row.get("plugins").equals("-") || List.of(row.get("plugins").split(",")).stream()
                    .allMatch(p -> BundledSchemas.registry().subschema(dev.kongsync.kind.Kinds.PLUGIN, p).isPresent());
            if (kinds && plugins && row.get("expect").equals("ok") && row.get("runs_on_kong_3.9.1_oss").equals("yes")) {
                out.add(row);
            }
        }
        return out;
    }

    private static Map<String, String> env(String file) throws IOException {
        Path p = CORPUS.resolve("env").resolve(file + ".json");
        Map<String, String> out = new HashMap<>();
        if (Files.exists(p)) {
            JsonNode vars = JSON.readTree(p.toFile()).get("env");
            vars.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    @Test
    void everyFileOfManagedKindsValidatesSyncsAndRediffsToZero() throws Exception {
        List<Map<String, String>> rows = inScope();
        Map<String, String> failures = new TreeMap<>();
        int synced = 0;
        for (Map<String, String> row : rows) {
            String name = row.get("file");
            if (CANNOT.containsKey(name)) {
                continue;
            }
            String why = syncAndRediff(name, coverage(row));
            if (why != null) {
                failures.put(name, why);
            } else {
                synced++;
            }
        }
        assertEquals(Map.of(), failures, "files that failed");
        assertTrue(synced >= 40, "synced only " + synced + " of " + rows.size());
        for (String listed : CANNOT.keySet()) {
            assertTrue(rows.stream().anyMatch(r -> r.get("file").equals(listed)), listed + " is not in scope");
            Map<String, String> row = rows.stream().filter(r -> r.get("file").equals(listed)).findFirst().orElseThrow();
            assertTrue(syncAndRediff(listed, coverage(row)) != null, listed + " is listed as impossible but works: "
                    + "remove it");
        }
    }

    /** Partial for the files decK's tests apply ({@code used_as} says apply), complete for the others. */
    private static Coverage coverage(Map<String, String> row) {
        return List.of(row.get("used_as").split(",")).contains("apply") ? Coverage.PARTIAL : Coverage.COMPLETE;
    }

    /**
     * Null when the file validates, syncs (or, partial, applies) into an empty Kong and then plans nothing; else what
     * went wrong.
     */
    private static String syncAndRediff(String name, Coverage coverage) throws IOException, InterruptedException {
        kong.reset();
        for (Map.Entry<String, String> seed : SEEDS.getOrDefault(name, List.of())) {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(kong.url() + seed.getKey()))
                            .header("Content-Type", "application/json")
                            .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(seed.getValue())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        }
        Path path = CORPUS.resolve("files").resolve(name);
        Map<String, String> env = env(name);
        ConfigParser.Result read = ConfigParser.parse(List.of(SourceDocument.parse(path.toString(),
                Files.readString(path))), List.of(), env::get, coverage);
        List<Problem> problems = new ArrayList<>(read.problems());
        if (problems.isEmpty()) {
            problems.addAll(ConfigValidator.problems(read.state(), BundledSchemas.registry()));
        }
        if (!problems.isEmpty()) {
            return "offline: " + problems;
        }
        DesiredState desired = read.state();
        try (KongSession session = KongSession.open(AdminConfig.of(kong.url()), 4)) {
            Plan plan = session.plan(desired, coverage);
            if (coverage == Coverage.PARTIAL && plan.count(dev.kongsync.plan.Action.DELETE) > 0) {
                return "apply planned deletes: " + plan.operations();
            }
            ApplyResult result = session.apply(plan, false);
            if (!result.complete()) {
                return "sync: " + result.outcomes().stream().filter(o -> o.error() != null)
                        .map(o -> o.operation().display() + ": " + o.error()).toList();
            }
            Plan again = session.plan(desired, coverage);
            if (!again.isEmpty()) {
                return "re-diff: " + again.operations().stream().map(o -> o.display() + " " + o.changes()).toList();
            }
            // the dump of what the sync wrote describes the same state
            String dump = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(
                    dev.kongsync.file.ConfigWriter.document(session.read(desired.selectTags()), session.schemas(),
                            desired.selectTags(), false));
            ConfigParser.Result reread = ConfigParser.parse(List.of(SourceDocument.parse("dump.json", dump)),
                    List.of(), env::get, coverage);
            if (!reread.problems().isEmpty()) {
                return "dump: " + reread.problems() + " in " + dump;
            }
            Plan fromDump = session.plan(reread.state(), coverage);
            if (!fromDump.isEmpty()) {
                return "dump re-diff: " + fromDump.operations().stream().map(o -> o.display() + " " + o.changes())
                        .toList();
            }
        } catch (RuntimeException e) {
            return "online: " + e.getMessage();
        }
        return null;
    }
}
