package dev.kongsync.ci;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kongsync.cli.EnvironmentDefaults;
import dev.kongsync.cli.KongsyncCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The CI examples under platform/ci parse as what they claim to be, and every kongsync command they run exists
 * with exactly those options (checked by parsing each command line with kongsync's own command definitions).
 */
class CiExamplesTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static List<Path> files(String dir) throws Exception {
        try (Stream<Path> s = Files.list(Path.of("platform/ci", dir))) {
            return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
    }

    @Test
    void githubWorkflowsAreWellFormedAndRunRealCommands() throws Exception {
        List<Path> workflows = files("github");
        assertEquals(3, workflows.size(), workflows.toString());
        int commands = 0;
        for (Path wf : workflows) {
            JsonNode doc = YAML.readTree(wf.toFile());
            assertTrue(doc.has("name"), wf + ": name");
            assertTrue(doc.has("on") || doc.has("true"), wf + ": on");
            assertTrue(doc.get("jobs").size() > 0, wf + ": jobs");
            for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("jobs").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> job = it.next();
                assertTrue(job.getValue().has("runs-on"), wf + ": " + job.getKey() + " runs-on");
                assertTrue(job.getValue().get("steps").isArray(), wf + ": " + job.getKey() + " steps");
                for (JsonNode step : job.getValue().get("steps")) {
                    assertTrue(step.has("uses") ^ step.has("run"), wf + ": a step uses an action or runs a script");
                    if (step.has("run")) {
                        commands += checkScript(wf, step.get("run").asText());
                    }
                }
            }
        }
        assertTrue(commands >= 5, "only " + commands + " kongsync commands found");
    }

    @Test
    void gitlabPipelineIsWellFormedAndRunsRealCommands() throws Exception {
        Path ci = files("gitlab").get(0);
        JsonNode doc = YAML.readTree(ci.toFile());
        List<String> stages = new ArrayList<>();
        doc.get("stages").forEach(s -> stages.add(s.asText()));
        int commands = 0;
        int jobs = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (List.of("stages", "variables").contains(e.getKey()) || e.getKey().startsWith(".")) {
                continue;
            }
            jobs++;
            JsonNode job = e.getValue();
            assertTrue(stages.contains(job.get("stage").asText()), ci + ": " + e.getKey() + " stage");
            assertTrue(job.get("script").isArray(), ci + ": " + e.getKey() + " script");
            for (JsonNode line : job.get("script")) {
                commands += checkScript(ci, line.asText());
            }
        }
        assertEquals(4, jobs);
        assertTrue(commands >= 5, "only " + commands + " kongsync commands found");
    }

    private static final Pattern KONGSYNC = Pattern.compile("\\./kongsync\\s+([^\\n]*)");

    /** Parses every ./kongsync invocation in a script; returns how many there were. */
    static int checkScript(Path file, String script) {
        int n = 0;
        Matcher m = KONGSYNC.matcher(script);
        while (m.find()) {
            List<String> args = words(m.group(1));
            CommandLine cl = new CommandLine(new KongsyncCommand());
            cl.setDefaultValueProvider(new EnvironmentDefaults(Map.of()));
            try {
                CommandLine.ParseResult r = cl.parseArgs(args.toArray(new String[0]));
                assertTrue(r.hasSubcommand(), file + ": no command in: kongsync " + args);
                for (String a : args) {
                    if (a.endsWith(".yml") && !a.contains("X")) {
                        assertTrue(Files.exists(Path.of(a)), file + ": " + a + " does not exist");
                    }
                }
            } catch (CommandLine.ParameterException e) {
                fail(file + ": kongsync " + String.join(" ", args) + ": " + e.getMessage());
            }
            n++;
        }
        return n;
    }

    /** Shell words up to the first redirection or operator; variables stand for a placeholder value. */
    static List<String> words(String line) {
        String s = line.replaceAll("\\$\\{\\{[^}]*}}", "X").replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "X");
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                inWord = true;
                continue;
            }
            if (!quoted && (c == '>' || c == '|' || c == ';' || c == '&')) {
                break;
            }
            if (!quoted && Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inWord = false;
                }
                continue;
            }
            cur.append(c);
            inWord = true;
        }
        if (inWord) {
            out.add(cur.toString());
        }
        out.removeIf(w -> w.contains("[@]"));
        assertFalse(out.isEmpty());
        return out;
    }
}
