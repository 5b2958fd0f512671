package dev.kongsync.e2e;

import dev.kongsync.testkong.TestKong;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared set-up of the end-to-end tests: one test Kong per class, emptied before each test. */
abstract class E2E {
    static TestKong kong;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKong() {
        kong = TestKong.start();
    }

    @AfterAll
    static void stopKong() {
        kong.close();
    }

    @BeforeEach
    void resetKong() {
        kong.reset();
    }

    /** Runs kongsync with {@code --kong-addr} of the test Kong appended for commands that talk to Kong (not the offline ones). */
    static LaunchResult run(QuarkusMainLauncher launcher, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!List.of("validate", "render", "completion").contains(args[0])) {
            all.add("--kong-addr");
            all.add(kong.url());
        }
        return launcher.launch(all.toArray(new String[0]));
    }

    /**
     * Starts a thread that runs {@code action} as soon as {@code seen} holds (or after 25 s): tests change the world
     * when kongsync has shown it is waiting, never after a fixed delay, which races the tool's start-up.
     */
    static Thread when(BooleanSupplier seen, Runnable action) {
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + 25_000_000_000L;
            while (!seen.getAsBoolean() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
            action.run();
        });
        t.start();
        return t;
    }

    static LaunchResult ok(QuarkusMainLauncher launcher, String... args) {
        LaunchResult r = run(launcher, args);
        assertEquals(0, r.exitCode(), () -> "kongsync " + String.join(" ", args) + " failed:\n" + r.getOutput()
                + "\n" + r.getErrorOutput());
        return r;
    }

    Path file(String name, String content) {
        try {
            Path p = tmp.resolve(name);
            Files.writeString(p, content);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kong/kong.yml with one textual replacement, written to a temporary file. */
    Path banking(String from, String to) {
        try {
            String text = Files.readString(Path.of("kong/kong.yml"));
            if (!text.contains(from)) {
                throw new IllegalArgumentException("kong.yml has no " + from);
            }
            return file("kong-" + Math.abs((from + to).hashCode()) + ".yml", text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A request straight to the test Kong's Admin API (another operator's change); the response body. */
    static String admin(String method, String path, String body, int expectedStatus) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(kong.url() + path))
                            .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                                    : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                            .header("Content-Type", "application/json").build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, r.statusCode(), method + " " + path + ": " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static List<String> writeLines(TestKong k) {
        return k.writes().stream().map(w -> w.method() + " " + w.path()).toList();
    }
}
