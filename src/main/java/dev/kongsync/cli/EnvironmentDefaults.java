package dev.kongsync.cli;

import picocli.CommandLine;

import java.util.Map;

/**
 * Every option can come from the environment: {@code --kong-addr} from {@code KONGSYNC_KONG_ADDR}, and so on. A
 * value on the command line wins over the environment, which wins over the built-in default.
 */
public final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
    /** Options given per run, never inherited from the environment: a confirmation ({@code reset --yes}). */
    static final java.util.Set<String> COMMAND_LINE_ONLY = java.util.Set.of("--yes");

    private final Map<String, String> env;

    public EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    public static String variableFor(String longOption) {
        return "KONGSYNC_" + longOption.replaceFirst("^-+", "").replace('-', '_').toUpperCase();
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argSpec) {
        if (argSpec instanceof CommandLine.Model.OptionSpec o && o.longestName().startsWith("--")) {
            if (o.usageHelp() || o.versionHelp() || COMMAND_LINE_ONLY.contains(o.longestName())) {
                return null;
            }
            return env.get(variableFor(o.longestName()));
        }
        return null;
    }
}
