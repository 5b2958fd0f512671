package dev.kongsync.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "kongsync", mixinStandardHelpOptions = true, versionProvider = KongsyncCommand.Version.class,
        description = "Make a Kong Gateway in database mode match a declarative kong.yml, safely and fast.",
        subcommands = {ValidateCommand.class, DiffCommand.class, SyncCommand.class, UndoCommand.class, DumpCommand.class,
                PingCommand.class, PlatformCommand.class,
                ApplyCommand.class, ResetCommand.class, RenderCommand.class, CompletionCommand.class},
        footer = {"", "Every option can also come from the environment: KONGSYNC_<OPTION>, e.g. KONGSYNC_KONG_ADDR "
                + "for --kong-addr, KONGSYNC_KONG_ADMIN_TOKEN for --kong-admin-token.",
                "Exit codes: 0 success (in sync), 1 error (nothing written), 2 changes pending and 3 changes with deletes "
                        + "pending (diff --exit-code), 4 sync, apply, reset or undo stopped part-way."})
public final class KongsyncCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The version from the build (quarkus.application.version). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                    .getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
            return new String[] {"kongsync " + v};
        }
    }
}
