package dev.kongsync.cli;

import java.io.Console;

/**
 * Asks the person at the terminal before something that cannot be taken back. Without a terminal (CI, a pipe, a
 * Job) there is nobody to ask: the caller refuses unless told to go ahead ({@code --yes}), never silently.
 */
final class Confirmation {
    /** Where the question is asked and the answer read. */
    interface Terminal {
        /** The line typed after {@code prompt}, or null at the end of input. */
        String readLine(String prompt);
    }

    private Confirmation() {}

    /** The process's terminal, or null when standard input or output is not one. */
    static Terminal system() {
        Console c = System.console();
        return c == null ? null : prompt -> c.readLine("%s", prompt);
    }

    /** Whether the person typed {@code yes} after the question. */
    static boolean confirmed(Terminal terminal, String question) {
        String answer = terminal.readLine(question + " Type yes to go ahead: ");
        return answer != null && answer.trim().equalsIgnoreCase("yes");
    }
}
