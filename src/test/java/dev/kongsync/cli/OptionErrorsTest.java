package dev.kongsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kongsync.testkong.TestKong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An environment value that does not parse names its variable, and is reported before any request to Kong (the
 * test Kong, over HTTP, records none); with {@code KONGSYNC_OUTPUT=json} the report is the JSON document. The
 * process's own environment cannot be set from a test, so the command line is set up here as CommandLineFactory sets
 * it up, with the environment given.
 */
class OptionErrorsTest {
    static TestKong kong;

    @BeforeAll
    static void start() {
        kong = TestKong.start();
    }

    @AfterAll
    static void stop() {
        kong.close();
    }

    record Run(int exitCode, String out, String err) {}

    static Run run(Map<String, String> env, String... args) {
        CommandLine cl = new CommandLine(new KongsyncCommand());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        cl.setParameterExceptionHandler(new OptionErrors(env));
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void anInvalidEnvironmentValueNamesItsVariable() throws Exception {
        kong.clearRequests();
        Run r = run(Map.of("KONGSYNC_PARALLELISM", "abc"), "diff", "kong/kong.yml", "--kong-addr", kong.url());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("error: environment variable KONGSYNC_PARALLELISM (for --parallelism): 'abc' is "
                + "not an int; fix or unset KONGSYNC_PARALLELISM"), r.err());
        assertEquals(List.of(), kong.requests());

        Run json = run(Map.of("KONGSYNC_TIMEOUT", "soon", "KONGSYNC_OUTPUT", "json"), "sync", "kong/kong.yml",
                "--kong-addr", kong.url());
        assertEquals(1, json.exitCode());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("sync", doc.get("command").asText());
        assertTrue(doc.get("errors").get(0).get("message").asText().startsWith("environment variable KONGSYNC_TIMEOUT "
                + "(for --timeout): 'soon' is not a duration"), json.out());
        assertEquals(List.of(), kong.requests());
    }

    @Test
    void aValueOnTheCommandLineIsNamedAsAnOption() {
        Run r = run(Map.of("KONGSYNC_PARALLELISM", "4"), "diff", "kong/kong.yml", "--parallelism", "x");
        assertTrue(r.err().contains("error: Invalid value for option '--parallelism': 'x' is not an int"), r.err());
        assertTrue(r.err().contains("See 'kongsync diff --help'."), r.err());
    }
}
