package dev.kongsync.file;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The input files are not a valid configuration; carries every problem found, in the order of the files (as they
 * first appear) and of their lines and columns, those without a place last.
 */
public final class InvalidConfigException extends RuntimeException {
    private final List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.size() + (problems.size() == 1 ? " problem:\n" : " problems:\n")
                + Problem.inFileOrder(problems).stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = Problem.inFileOrder(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
