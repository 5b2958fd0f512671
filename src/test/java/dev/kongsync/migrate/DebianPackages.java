package dev.kongsync.migrate;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Installs Debian packages the platform tests need when a machine starts without them (CI machines do). */
final class DebianPackages {
    private DebianPackages() {}

    static synchronized void install(String pkg) throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException(pkg + " is not installed: apt-get install " + pkg);
        }
        for (List<String> cmd : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "--no-install-recommends", pkg))) {
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
