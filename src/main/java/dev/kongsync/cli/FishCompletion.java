package dev.kongsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fish completion script written from picocli's model of the commands: each subcommand where it may come, and
 * each command's options with their descriptions and, where they take one of a few words, the words.
 */
final class FishCompletion {
    private FishCompletion() {}

    static String script(CommandSpec root) {
        StringBuilder out = new StringBuilder("# kongsync completion for fish: kongsync completion fish > "
                + "~/.config/fish/completions/kongsync.fish\n");
        command(root, List.of(), out);
        return out.toString();
    }

    private static void command(CommandSpec spec, List<String> path, StringBuilder out) {
        String name = spec.root().name();
        String here = condition(spec, path);
        for (CommandLine sub : spec.subcommands().values()) {
            CommandSpec s = sub.getCommandSpec();
            if (s.usageMessage().hidden()) {
                continue;
            }
            out.append("complete -c ").append(name).append(" -f -n ").append(quote(here)).append(" -a ")
                    .append(quote(s.name())).append(" -d ").append(quote(summary(s.usageMessage().description())))
                    .append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            out.append("complete -c ").append(name).append(" -n ").append(quote(path.isEmpty() ? "__fish_use_subcommand"
                    : "__fish_seen_subcommand_from " + path.get(path.size() - 1)));
            for (String n : o.names()) {
                out.append(n.startsWith("--") ? " -l " + n.substring(2) : " -s " + n.substring(1));
            }
            if (o.arity().max() > 0) {
                if (o.completionCandidates() != null) {
                    List<String> words = new ArrayList<>();
                    o.completionCandidates().forEach(words::add);
                    out.append(" -x -a ").append(quote(String.join(" ", words)));
                } else if (o.type() == Path.class) {
                    out.append(" -r -F");
                } else {
                    out.append(" -x");
                }
            }
            out.append(" -d ").append(quote(summary(o.description()))).append('\n');
        }
        for (CommandLine sub : spec.subcommands().values()) {
            List<String> deeper = new ArrayList<>(path);
            deeper.add(sub.getCommandSpec().name());
            command(sub.getCommandSpec(), deeper, out);
        }
    }

    /** Where a subcommand of {@code spec} may come: right after it, before any of its own subcommands. */
    private static String condition(CommandSpec spec, List<String> path) {
        String subs = String.join(" ", spec.subcommands().keySet());
        if (path.isEmpty()) {
            return "__fish_use_subcommand";
        }
        return "__fish_seen_subcommand_from " + path.get(path.size() - 1)
                + (subs.isEmpty() ? "" : "; and not __fish_seen_subcommand_from " + subs);
    }

    /** The first sentence of a description, for the one line fish shows. */
    private static String summary(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String first = description[0].replace("%n", " ").replace("%%", "%");
        int end = first.indexOf(". ");
        return end > 0 ? first.substring(0, end) : first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
