package dev.kongsync.cli;

import dev.kongsync.kind.EntityKind;
import io.quarkus.runtime.annotations.RegisterForReflection;
import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;

/**
 * Options that take one of a few words: picocli checks the value while it parses the command line (so that a wrong
 * one is an option error, before anything is read or sent) and offers the words to shell completion.
 */
public abstract class Choices implements Iterable<String>, CommandLine.ITypeConverter<String> {
    private final List<String> words;

    Choices(List<String> words) {
        this.words = words;
    }

    @Override
    public Iterator<String> iterator() {
        return words.iterator();
    }

    @Override
    public String convert(String value) {
        if (!words.contains(value)) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not one of " + String.join(", ", words));
        }
        return value;
    }

    /** The formats of a report ({@code -o}): text, json, markdown, junit. */
    @RegisterForReflection
    public static final class ReportFormat extends Choices {
        static final List<String> ALL = List.of("text", "json", "markdown", "junit");

        public ReportFormat() {
            super(ALL);
        }
    }

    /** The formats of a declarative file (dump, render): yaml or json. */
    @RegisterForReflection
    public static final class FileFormat extends Choices {
        public FileFormat() {
            super(List.of("yaml", "json"));
        }
    }

    /** The formats of {@code platform verify}: text or json. */
    @RegisterForReflection
    public static final class TextOrJson extends Choices {
        public TextOrJson() {
            super(List.of("text", "json"));
        }
    }

    /** What sync does after a failed write. */
    @RegisterForReflection
    public static final class OnError extends Choices {
        public OnError() {
            super(List.of("stop", "rollback"));
        }
    }

    /** The shells {@code completion} writes a script for. */
    @RegisterForReflection
    public static final class Shell extends Choices {
        public Shell() {
            super(List.of("bash", "zsh", "fish"));
        }
    }

    /** The entity kinds, by the names reports use (service, route, ...). */
    @RegisterForReflection
    public static final class Kind extends Choices {
        public Kind() {
            super(EntityKind.all().stream().map(EntityKind::name).toList());
        }
    }

    /** {@code --max-deletes}: a count (10) or a percentage of the entities in scope (5%). */
    @RegisterForReflection
    public static final class DeleteLimit implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                new dev.kongsync.plan.DeletionGuard(value, java.util.Set.of(), false).limit(0);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is neither a count (10) nor a "
                        + "percentage (5%)");
            }
            return value;
        }
    }

    /** {@code --last-sync}: epoch seconds, an ISO-8601 time or the JSON report of a sync, as epoch seconds. */
    @RegisterForReflection
    public static final class LastSyncTime implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return LastSync.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^--last-sync: ", ""));
            }
        }
    }

    /** {@code --parallelism} of writing commands: {@code auto}, or a number of writes in flight (at least 1). */
    @RegisterForReflection
    public static final class Parallelism implements CommandLine.ITypeConverter<Integer> {
        /** What {@code auto} converts to. */
        public static final int AUTO = 0;

        @Override
        public Integer convert(String value) {
            if (value.equals("auto")) {
                return AUTO;
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // said below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is neither auto nor a number of writes "
                    + "in flight (1 or more)");
        }
    }
}
