package dev.kongsync.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for kongsync's commands, options and option values.",
                "bash: source <(kongsync completion bash), or save it as "
                        + "/etc/bash_completion.d/kongsync.",
                "zsh: source <(kongsync completion zsh) in ~/.zshrc.",
                "fish: kongsync completion fish > ~/.config/fish/completions/kongsync.fish"})
public final class CompletionCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SHELL", converter = Choices.Shell.class,
            completionCandidates = Choices.Shell.class, description = "bash, zsh or fish.")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String name = spec.root().name();
        String script = switch (shell) {
            case "bash" -> AutoComplete.bash(name, root);
            // picocli's bash script runs in zsh through bashcompinit, which needs compinit loaded first
            case "zsh" -> "# kongsync completion for zsh: source <(kongsync completion zsh) in ~/.zshrc\n"
                    + "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit; }\n"
                    + AutoComplete.bash(name, root);
            default -> FishCompletion.script(spec.root());
        };
        System.out.print(script.endsWith("\n") ? script : script + "\n");
        System.out.flush();
        return ExitCodes.OK;
    }
}
