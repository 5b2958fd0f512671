package dev.kongsync.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every option can come from KONGSYNC_<OPTION>; the command line wins. */
class EnvironmentDefaultsTest {

    static CommandLine cli(Map<String, String> env) {
        CommandLine cl = new CommandLine(new KongsyncCommand());
        cl.setDefaultValueProvider(new EnvironmentDefaults(env));
        return cl;
    }

    @Test
    void optionsComeFromTheEnvironment() {
        CommandLine cl = cli(Map.of("KONGSYNC_KONG_ADDR", "https://kong-admin.kong.svc:8444",
                "KONGSYNC_KONG_ADMIN_TOKEN", "t0k", "KONGSYNC_TIMEOUT", "3s", "KONGSYNC_SELECT_TAG", "a,b",
                "KONGSYNC_PARALLELISM", "4", "KONGSYNC_EXIT_CODE", "true", "KONGSYNC_TLS_SKIP_VERIFY", "true"));
        CommandLine.ParseResult r = cl.parseArgs("diff", "kong/kong.yml");
        DiffCommand diff = (DiffCommand) r.subcommand().commandSpec().userObject();
        assertEquals("https://kong-admin.kong.svc:8444", diff.kong.address);
        assertEquals("t0k", diff.kong.toConfig().adminToken());
        assertEquals(Duration.ofSeconds(3), diff.kong.timeout);
        assertEquals(List.of("a", "b"), diff.input.selectTags);
        assertEquals(4, diff.parallelism);
        assertTrue(diff.exitCode);
        assertTrue(diff.kong.tlsSkipVerify);
    }

    @Test
    void collisionAndIdOptionsComeFromTheEnvironment() {
        CommandLine.ParseResult r = cli(Map.of("KONGSYNC_STABLE_IDS", "true", "KONGSYNC_FAIL_ON", "overlap,shadow",
                "KONGSYNC_ROUTER_FLAVOR", "traditional")).parseArgs("sync", "kong/kong.yml");
        SyncCommand sync = (SyncCommand) r.subcommand().commandSpec().userObject();
        assertTrue(sync.ids.stableIds);
        assertEquals(java.util.Set.of(dev.kongsync.traffic.Collision.OVERLAP, dev.kongsync.traffic.Collision.SHADOW),
                sync.routes.settings(true).failOn());
        assertEquals("traditional", sync.routes.settings(true).routerFlavor());
    }

    @Test
    void theCommandLineWins() {
        CommandLine cl = cli(Map.of("KONGSYNC_KONG_ADDR", "http://from-env:8001"));
        CommandLine.ParseResult r = cl.parseArgs("sync", "kong/kong.yml", "--kong-addr", "http://from-cli:8001");
        SyncCommand sync = (SyncCommand) r.subcommand().commandSpec().userObject();
        assertEquals("http://from-cli:8001", sync.kong.address);
    }

    @Test
    void defaultsApplyWithoutEnvironment() {
        CommandLine.ParseResult r = cli(Map.of()).parseArgs("sync", "kong/kong.yml");
        SyncCommand sync = (SyncCommand) r.subcommand().commandSpec().userObject();
        assertEquals("http://localhost:8001", sync.kong.address);
        assertEquals(Choices.Parallelism.AUTO, sync.pacing.parallelism, "writes follow Kong unless told a number");
        assertEquals(10, sync.pacing.reads());
        assertEquals(Duration.ofSeconds(10), sync.kong.timeout);
    }

    @Test
    void aConfirmationNeverComesFromTheEnvironment() {
        CommandLine.ParseResult r = cli(Map.of("KONGSYNC_YES", "true")).parseArgs("reset", "--select-tag", "a");
        ResetCommand reset = (ResetCommand) r.subcommand().commandSpec().userObject();
        assertEquals(false, reset.yes);
    }

    @Test
    void variableNames() {
        assertEquals("KONGSYNC_KONG_ADDR", EnvironmentDefaults.variableFor("--kong-addr"));
        assertEquals("KONGSYNC_TLS_CLIENT_CERT", EnvironmentDefaults.variableFor("--tls-client-cert"));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), Durations.parse("30"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofSeconds(90), Durations.parse("PT1M30S"));
    }
}
