package dev.kongsync.file;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The input files are not a valid configuration; carries every problem found, in the order of the files (as they
 * first appear) and of their lines and columns, those without a place last.
 */
public final class InvalidConfigException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem:\n" : " problems:\n") + sorted(problems).stream()
                .map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = sorted(problems);
    }

    private static List<Problem> sorted(List<Problem> problems) {
        Map<String, Integer> files = new LinkedHashMap<>();
        problems.stream().filter(p -> p.location() != null)
                .forEach(p -> files.putIfAbsent(p.location().file(), files.size()));
        List<Problem> out = new ArrayList<>(problems);
        out.sort(Comparator.comparingInt((Problem p) -> p.location() == null ? Integer.MAX_VALUE
                        : files.get(p.location().file()))
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().line())
                .thenComparingInt(p -> p.location() == null ? 0 : p.location().column()));
        return List.copyOf(out);
    }

    public List<Problem> problems() {
        return problems;
    }
}
