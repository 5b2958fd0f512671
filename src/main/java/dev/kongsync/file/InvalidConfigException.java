package dev.kongsync.file;

import java.util.List;
import java.util.stream.Collectors;

/** The input files are not a valid configuration; carries every problem found. */
public final class InvalidConfigException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.size() + " problem(s):\n" + problems.stream().map(Problem::toString)
                .collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
