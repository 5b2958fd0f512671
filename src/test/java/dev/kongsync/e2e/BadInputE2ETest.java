package dev.kongsync.e2e;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every category of bad input fails with exit 1 and an error naming file, line, column and field, and nothing is
 * written to Kong: not by validate (offline), not by diff, not by sync.
 */
@QuarkusMainTest
class BadInputE2ETest extends E2E {
    private static final String HEAD = "_format_version: \"3.0\"\n";
    private static final String SVC = "services:\n  - name: a\n    url: http://a.banking.svc.cluster.local:8001\n";

    record Case(String name, String yaml, String expected) {}

    static final List<Case> CASES = List.of(
            new Case("unknown kind", HEAD + SVC + "widgets:\n  - name: w\n",
                    ":5:1: widgets: unknown top-level key"),
            new Case("enterprise kind", HEAD + SVC + "consumer_groups:\n  - name: g\n",
                    ":5:1: consumer_groups: not supported: consumer groups are a Kong Enterprise feature"),
            new Case("unknown field", HEAD + SVC + "    colour: blue\n",
                    ":5:5: services[0].colour: unknown field"),
            new Case("unknown nested field", HEAD + SVC + "    plugins:\n      - name: cors\n        config:\n"
                    + "          origin: [\"*\"]\n", ":8:11: services[0].plugins[0].config.origin: unknown field"),
            new Case("wrong type", HEAD + SVC + "    retries: five\n",
                    ":5:5: services[0].retries: expected an integer"),
            new Case("wrong element type", HEAD + SVC + "    routes:\n      - name: r\n        paths: [42]\n",
                    ":7:17: services[0].routes[0].paths[0]: expected a string"),
            new Case("value out of range", HEAD + "services:\n  - name: a\n    host: a.example\n    port: 99999\n",
                    ":5:5: services[0].port: value should be between 0 and 65535"),
            new Case("missing required field", HEAD + "services:\n  - name: a\n    port: 80\n",
                    ":3:5: services[0].host: required field missing"),
            new Case("missing name", HEAD + "services:\n  - host: a.example\n",
                    ":3:5: services[0]: a service needs a name"),
            new Case("route matches nothing", HEAD + SVC + "    routes:\n      - name: r\n",
                    ":6:9: services[0].routes[0]: must set one of 'methods', 'hosts', 'headers', 'paths', 'snis' when 'protocols' is 'https'"),
            new Case("dangling reference", HEAD + SVC + "routes:\n  - name: r\n    service: nope\n    paths: [/x]\n",
                    ":7:5: routes[0].service: references service nope, which no input file defines"),
            new Case("duplicate name", HEAD + SVC + "  - name: a\n    host: b.example\n",
                    ":5:5: services[1].name: duplicate service name 'a', first defined at "),
            new Case("duplicate plugin", HEAD + SVC + "plugins:\n  - name: cors\n    service: a\n"
                    + "  - name: cors\n    service: a\n", ":8:5: plugins[1]: duplicate plugin 'cors' for service a"),
            new Case("unknown plugin", HEAD + SVC + "plugins:\n  - name: not-a-plugin\n",
                    ":6:5: plugins[0].name: plugin 'not-a-plugin' is not available in "),
            new Case("bad url", HEAD + "services:\n  - name: a\n    url: a.banking.svc:8001\n",
                    ":4:5: services[0].url: the URL has no host"),
            new Case("wrong format version", "_format_version: \"1.1\"\n" + SVC,
                    ":1:1: _format_version: must be \"3.0\" (Kong 3.x format), got 1.1"),
            new Case("missing format version", SVC,
                    ":1:1: _format_version: missing; add _format_version: \"3.0\""),
            new Case("syntax error", HEAD + "services:\n  - name: a\n   host: b\n", ":4:4: cannot parse YAML"),
            new Case("select tags disagree", HEAD + "_info:\n  select_tags: [x]\n" + SVC,
                    ":3:3: _info.select_tags: the files select [x] but --select-tag gives [y]"));

    @Test
    void everyBadInputFailsWithLocationAndSendsNoWrite(QuarkusMainLauncher launcher) {
        int i = 0;
        for (Case c : CASES) {
            Path f = file("case" + (i++) + ".yml", c.yaml());
            for (String command : List.of("validate", "diff", "sync")) {
                kong.clearRequests();
                LaunchResult r = c.name().equals("select tags disagree")
                        ? run(launcher, command, f.toString(), "--select-tag", "y")
                        : run(launcher, command, f.toString());
                String err = r.getErrorOutput();
                assertEquals(1, r.exitCode(), c.name() + " / " + command + ":\n" + r.getOutput() + err);
                assertTrue(err.contains(f + c.expected()), c.name() + " / " + command + ": expected '" + f
                        + c.expected() + "' in:\n" + err);
                assertEquals(List.of(), writeLines(kong), c.name() + " / " + command + " wrote to Kong");
            }
        }
    }

    /**
     * A run that stops before the apply (a file refused while kongsync is still connecting, or one Kong's schemas
     * refuse while the state is being read) ends with its error and nothing else: no stack trace of requests that
     * outlived the command (it used to print Vert.x's "Error Occurred After Shutdown" with a NullPointerException).
     */
    @Test
    void earlyExitsEndCleanly(QuarkusMainLauncher launcher) {
        Path refused = file("refused.yml", HEAD + SVC + "widgets:\n  - name: w\n");
        Path invalid = file("invalid.yml", HEAD + SVC + "    retries: five\n");
        kong.delay(400);
        try {
            for (int i = 0; i < 3; i++) {
                for (Path f : List.of(refused, invalid)) {
                    for (String command : List.of("diff", "sync")) {
                        LaunchResult r = run(launcher, command, f.toString());
                        String err = r.getErrorOutput();
                        assertEquals(1, r.exitCode(), command + " " + f + ":\n" + r.getOutput() + err);
                        assertTrue(err.startsWith("error: " + f + ":"), err);
                        assertTrue(!err.contains("Exception") && !err.contains("ERROR ["), command + " " + f
                                + " printed more than its error:\n" + err);
                    }
                }
            }
        } finally {
            kong.delay(0);
        }
    }

    @Test
    void validateAcceptsTheBankingFiles(QuarkusMainLauncher launcher) {
        LaunchResult r = ok(launcher, "validate", "kong/kong.yml");
        assertEquals("kong/kong.yml: valid (4 services, 5 routes, 5 plugins)", r.getOutput().trim());
        ok(launcher, "validate", "../shared/fixtures/banking-demo/phase5-kong-declarative.yaml");
    }
}
