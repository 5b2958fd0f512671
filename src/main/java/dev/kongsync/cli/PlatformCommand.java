package dev.kongsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kongsync.platform.PlatformVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "platform", mixinStandardHelpOptions = true,
        description = "Checks of the platform kit (Helm values and manifests around Kong).",
        subcommands = {PlatformCommand.Verify.class})
public final class PlatformCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check Helm values and manifests offline: derive the Services and Secrets the charts "
                    + "(bitnami/postgresql, bitnami/redis, kong/kong) and the CloudNativePG operator (a Cluster C "
                    + "gives Services C-rw, C-ro, C-r and Secrets C-app, C-superuser) will create from their naming "
                    + "rules, and report every host that does not resolve, plain redis:// URLs to a Sentinel setup, "
                    + "plaintext passwords, a public Admin API or Kong Manager, NetworkPolicy rules open to every Pod, "
                    + "inconsistent storage classes, unpinned charts and images, unpublished images, and names that "
                    + "depend on the release name. A values file names its release with a "
                    + "comment such as 'helm upgrade -i postgresql bitnami/postgresql --version 17.1.0 -n postgres "
                    + "-f values.yaml'. Shell scripts and Helm chart templates are scanned as text for the hosts and "
                    + "URLs they name.",
                    "Exit 0 when nothing is found, 1 otherwise."})
    public static final class Verify implements Callable<Integer> {
        /** The kit and the Kong configuration it ships: the hosts kong.yml routes to are checked with the kit's. */
        static final List<Path> DEFAULT_ROOTS = List.of(Path.of("platform"), Path.of("kong/kong.yml"));

        @Parameters(arity = "0..*", paramLabel = "PATH", description = "Files or directories (default: platform and kong/kong.yml).")
        List<Path> paths = new ArrayList<>();

        @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
                converter = Choices.TextOrJson.class, completionCandidates = Choices.TextOrJson.class,
                description = "text or json (default: ${DEFAULT-VALUE}).")
        String output;

        @Override
        public Integer call() {
            List<Path> roots = paths.isEmpty() ? DEFAULT_ROOTS.stream().filter(java.nio.file.Files::exists).toList()
                    : paths;
            List<PlatformVerifier.Finding> findings;
            try {
                findings = PlatformVerifier.verify(roots);
            } catch (IOException e) {
                System.err.println("error: cannot read " + e.getMessage());
                return ExitCodes.ERROR;
            }
            if (output.equals("json")) {
                List<Object> list = new ArrayList<>();
                for (PlatformVerifier.Finding f : findings) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", f.location().file());
                    m.put("line", f.location().line());
                    m.put("column", f.location().column());
                    m.put("category", f.category());
                    m.put("message", f.message());
                    list.add(m);
                }
                try {
                    System.out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(Map.of("findings", list, "ok", findings.isEmpty())));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                findings.forEach(System.out::println);
                Map<String, Integer> byCategory = new TreeMap<>();
                findings.forEach(f -> byCategory.merge(f.category(), 1, Integer::sum));
                System.out.println(findings.isEmpty() ? "No findings in " + roots + "."
                        : findings.size() + " findings " + byCategory + ".");
            }
            return findings.isEmpty() ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }
}
