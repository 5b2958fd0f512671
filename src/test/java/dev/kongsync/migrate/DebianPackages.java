package dev.kongsync.migrate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs Debian packages the platform tests need when a machine starts without them (CI machines do). */
final class DebianPackages {
    /** apt-get waits for another apt-get's lock (the machine's own, say) instead of failing on it. */
    private static final String LOCK_WAIT = "DPkg::Lock::Timeout=600";

    private DebianPackages() {}

    static synchronized void install(String pkg) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(pkg + " is not installed: apt-get install " + pkg);
        }
        // test classes run in two JVMs at once: one installs at a time (a second install of a package is a no-op)
        try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(
                java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "kongsync-tests-apt.lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             var held = lock.lock()) {
            run(pkg);
        }
    }

    private static void run(String pkg) throws IOException, InterruptedException {
        for (List<String> cmd : List.of(List.of("apt-get", "-o", LOCK_WAIT, "update", "-qq"),
                List.of("apt-get", "-o", LOCK_WAIT, "install", "-y", "-qq", "--no-install-recommends", pkg))) {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        }
    }
}
