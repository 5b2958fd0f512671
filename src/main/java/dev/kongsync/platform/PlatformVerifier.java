package dev.kongsync.platform;

import dev.kongsync.file.InvalidConfigException;
import dev.kongsync.file.Location;
import dev.kongsync.file.SourceDocument;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Offline checks of a platform's Helm values and manifests: derives every Service and Secret the charts will create
 * (with their naming rules, see {@link ChartRelease}) and reports each reference that does not resolve, plain
 * {@code redis://} URLs to a Sentinel setup, plaintext passwords, a public Admin API, inconsistent storage classes,
 * unpinned or no-longer-served images, and names that depend on the release name. Every finding has file and line.
 */
public final class PlatformVerifier {

    /** One finding: where, a stable category, and what to do. */
    public record Finding(Location location, String category, String message) {
        @Override
        public String toString() {
            return location + ": [" + category + "] " + message;
        }
    }

    private static final Pattern HELM = Pattern.compile(
            "helm\\s+(?:upgrade\\s+(?:-i|--install)|install)\\s+([a-z0-9][-a-z0-9]*)\\s+([\\w.-]+/(postgresql|redis|kong))\\b(.*)");
    private static final Pattern NAMESPACE = Pattern.compile("(?:-n|--namespace)[\\s=]+([a-z0-9][-a-z0-9]*)");
    private static final Pattern FQDN = Pattern.compile(
            "\\b([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\\.svc(?:\\.cluster\\.local)?(?::(\\d+))?");
    private static final Pattern PLAIN_REDIS = Pattern.compile("redis://[^\\s\"']*?([a-z0-9-]+)\\.([a-z0-9-]+)\\.svc[^\\s\"']*?:6379");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"']+:([^@\\s\"'/]+)@");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|token)$");
    private static final Set<String> NOT_SECRET_KEYS = Set.of("existingSecretPasswordKey", "adminPasswordKey",
            "userPasswordKey", "replicationPasswordKey", "usePasswordFiles");

    private final List<Finding> findings = new ArrayList<>();

    private PlatformVerifier() {}

    /**
     * Verifies every .yml/.yaml file under the given files or directories; shell scripts (.sh) and Helm chart
     * templates are scanned for the host names and URLs they use.
     */
    public static List<Finding> verify(List<Path> roots) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path r : roots) {
            if (Files.isDirectory(r)) {
                try (Stream<Path> s = Files.walk(r)) {
                    s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")
                            || p.toString().endsWith(".sh")).filter(Files::isRegularFile).sorted().forEach(files::add);
                }
            } else {
                files.add(r);
            }
        }
        PlatformVerifier v = new PlatformVerifier();
        Map<Path, String> texts = new LinkedHashMap<>();
        Map<Path, List<SourceDocument>> docs = new LinkedHashMap<>();
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            texts.put(f, text);
            if (f.toString().endsWith(".sh") || helmTemplate(f)) {
                docs.put(f, List.of());
                continue;
            }
            try {
                docs.put(f, SourceDocument.parseAll(f.toString(), text));
            } catch (InvalidConfigException e) {
                e.problems().forEach(p -> v.findings.add(new Finding(p.location(), "syntax", p.message())));
                docs.put(f, List.of());
            }
        }
        List<ChartRelease> releases = v.releases(texts, docs);
        for (Path f : files) {
            v.scanText(f, texts.get(f), releases);
            for (SourceDocument d : docs.get(f)) {
                v.walk(d, "", d.root(), releases);
            }
        }
        v.chartChecks(releases, docs);
        v.findings.sort(Comparator.comparing((Finding x) -> x.location().file())
                .thenComparingInt(x -> x.location().line()).thenComparing(Finding::category));
        return v.findings;
    }

    /** A file of a Helm chart's templates/ folder: Go templates, not YAML; only its text is scanned. */
    private static boolean helmTemplate(Path f) {
        Path dir = f.toAbsolutePath().getParent();
        return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("templates")
                && Files.exists(dir.resolveSibling("Chart.yaml"));
    }

    // ---- releases -------------------------------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private List<ChartRelease> releases(Map<Path, String> texts, Map<Path, List<SourceDocument>> docs) {
        List<ChartRelease> out = new ArrayList<>();
        for (Map.Entry<Path, String> e : texts.entrySet()) {
            Matcher m = HELM.matcher(e.getValue());
            if (!m.find() || docs.get(e.getKey()).isEmpty()) {
                continue;
            }
            Matcher ns = NAMESPACE.matcher(m.group(4));
            if (!m.group(4).matches(".*--version[\\s=]+[0-9][^\\s]*.*")) {
                int line = (int) e.getValue().substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                findings.add(new Finding(new Location(e.getKey().toString(), line, 1), "unpinned-chart",
                        "the chart version is not pinned: add --version (the naming rules and defaults this file "
                        + "relies on change between chart versions)"));
            }
            Object root = docs.get(e.getKey()).get(0).root();
            out.add(new ChartRelease(m.group(2).replaceFirst("^[^/]+/", chartRepo(m.group(3)) + "/"), m.group(1),
                    ns.find() ? ns.group(1) : "default",
                    root instanceof Map<?, ?> mm ? (Map<String, Object>) mm : Map.of(), e.getKey().toString()));
        }
        return out;
    }

    private static String chartRepo(String chart) {
        return chart.equals("kong") ? "kong" : "bitnami";
    }

    // ---- text: host names and URLs, comments included ------------------------------------------------------

    private void scanText(Path file, String text, List<ChartRelease> releases) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Location here = new Location(file.toString(), i + 1, 1);
            Matcher m = FQDN.matcher(line);
            while (m.find()) {
                String svc = m.group(1);
                String ns = m.group(2);
                Location at = new Location(file.toString(), i + 1, m.start() + 1);
                for (ChartRelease r : releases) {
                    if (!r.namespace().equals(ns)) {
                        continue;
                    }
                    Map<String, Set<Integer>> services = r.services();
                    if (!services.containsKey(svc)) {
                        String hint = r.chartName().equals("postgresql") && svc.equals(r.fullname())
                                ? " (with architecture: replication there is no " + svc + " Service: use "
                                + svc + "-primary for writes, " + svc + "-read for reads)"
                                : r.sentinel() && svc.equals(r.fullname() + "-master")
                                ? " (with Sentinel there is no -master Service: ask Sentinel at " + r.fullname() + "."
                                + ns + ".svc.cluster.local:26379 for the master)" : "";
                        findings.add(new Finding(at, "unresolved-host", svc + "." + ns + ".svc does not exist: release "
                                + r.release() + " of " + r.chart() + " (" + r.file() + ") creates " + services.keySet()
                                + hint));
                    } else if (m.group(3) != null && !services.get(svc).contains(Integer.parseInt(m.group(3)))) {
                        findings.add(new Finding(at, "wrong-port", svc + "." + ns + ".svc has no port " + m.group(3)
                                + " (it exposes " + services.get(svc) + ")"));
                    }
                }
            }
            Matcher r = PLAIN_REDIS.matcher(line);
            while (r.find()) {
                String ns = r.group(2);
                for (ChartRelease rel : releases) {
                    if (rel.sentinel() && rel.namespace().equals(ns)) {
                        findings.add(new Finding(new Location(file.toString(), i + 1, r.start() + 1), "redis-sentinel",
                                "a plain redis:// URL to port 6379 of a Sentinel setup reaches any node: writes to "
                                + "replicas fail with READONLY; use a Sentinel-aware client: sentinel://:<password>@"
                                + rel.fullname() + "." + ns + ".svc.cluster.local:26379/0/mymaster"));
                    }
                }
            }
            Matcher c = URL_CREDENTIALS.matcher(line);
            while (c.find()) {
                String pw = c.group(1);
                if (!pw.startsWith("$") && !pw.startsWith("{{") && !pw.startsWith("<")) {
                    findings.add(new Finding(new Location(file.toString(), i + 1, c.start() + 1), "plaintext-password",
                            "a password written into a URL; build URLs from a Secret at run time"));
                }
            }
            if (line.contains("0.0.0.0:8001") || line.contains("0.0.0.0:8444")) {
                findings.add(new Finding(here, "public-admin-api", "the Admin API listens on every interface; with "
                        + "OSS Kong it has no authentication: keep it on the Pod network behind a ClusterIP Service "
                        + "reachable only by the sync Job (NetworkPolicy), never on an Ingress"));
            }
        }
    }

    // ---- values: passwords and images ---------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private void walk(SourceDocument doc, String pointer, Object v, List<ChartRelease> releases) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (Map.Entry<String, Object> e : map.entrySet()) {
                String p = pointer + "/" + SourceDocument.escape(e.getKey());
                if (e.getValue() instanceof String s && SECRET_KEY.matcher(e.getKey()).matches()
                        && !NOT_SECRET_KEYS.contains(e.getKey()) && !s.isBlank() && !templated(s)) {
                    findings.add(new Finding(doc.locate(p), "plaintext-password", e.getKey() + " is written in plain "
                            + "text; reference a Secret (auth.existingSecret, valueFrom.secretKeyRef)"));
                }
                walk(doc, p, e.getValue(), releases);
            }
            if (map.get("secretKeyRef") instanceof Map<?, ?> ref && ref.get("name") instanceof String name) {
                secretRef(doc, pointer + "/secretKeyRef", name, ref.get("key") instanceof String k ? k : null, releases);
            }
            if (map.get("repository") instanceof String repo && (map.containsKey("tag") || map.containsKey("registry")
                    || repo.contains("/"))) {
                Object tag = map.get("tag");
                if (!(tag instanceof String t) || t.isBlank() || t.equals("latest")) {
                    if (!(map.get("digest") instanceof String d && !d.isBlank())) {
                        findings.add(new Finding(doc.locate(pointer + "/repository"), "unpinned-image", "image " + repo
                                + " has no pinned tag or digest"));
                    }
                }
                String registry = map.get("registry") instanceof String r ? r : "docker.io";
                if (registry.equals("docker.io") && repo.startsWith("bitnami/")) {
                    findings.add(new Finding(doc.locate(pointer + "/repository"), "image-unavailable", "docker.io/" + repo
                            + " is no longer published since the Bitnami catalog change (2025-08-28): use "
                            + "bitnamilegacy/" + repo.substring(8) + " with a pinned tag, or another image source"));
                }
            }
        } else if (v instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                walk(doc, pointer + "/" + i, l.get(i), releases);
            }
        }
    }

    /** A secretKeyRef that names a chart's Secret must name the one the release creates, and one of its keys. */
    private void secretRef(SourceDocument doc, String pointer, String name, String key, List<ChartRelease> releases) {
        for (ChartRelease r : releases) {
            Map<String, Set<String>> secrets = r.secrets();
            if (secrets.containsKey(name)) {
                if (key != null && !secrets.get(name).contains(key)) {
                    findings.add(new Finding(doc.locate(pointer + "/key"), "unresolved-secret", "Secret " + name
                            + " (release " + r.release() + " of " + r.chart() + ") has no key " + key + "; it has "
                            + secrets.get(name)));
                }
                return;
            }
        }
        for (ChartRelease r : releases) {
            if (name.endsWith("-" + r.chartName()) || name.equals(r.chartName())) {
                findings.add(new Finding(doc.locate(pointer + "/name"), "unresolved-secret", "Secret " + name
                        + " does not exist: release " + r.release() + " of " + r.chart() + " creates "
                        + (r.secrets().isEmpty() ? "no Secret (it uses auth.existingSecret)" : r.secrets().keySet())));
            }
        }
    }

    private static boolean templated(String s) {
        return s.contains("{{") || s.contains("$(") || s.contains("${") || s.startsWith("$") || s.startsWith("<");
    }

    // ---- per release --------------------------------------------------------------------------------------

    private void chartChecks(List<ChartRelease> releases, Map<Path, List<SourceDocument>> docs) {
        Map<String, List<Location>> storageClasses = new TreeMap<>();
        for (ChartRelease r : releases) {
            SourceDocument doc = docs.get(Path.of(r.file())).get(0);
            if (!r.pinsFullname()) {
                findings.add(new Finding(new Location(r.file(), 1, 1), "release-dependent-names", "no fullnameOverride:"
                        + " every Service and Secret name depends on the release name (" + r.release() + " gives "
                        + r.fullname() + ", another release name gives other names); pin fullnameOverride"));
            }
            if (r.chartName().equals("kong")) {
                if (Boolean.TRUE.equals(r.get("admin", "ingress", "enabled"))) {
                    findings.add(new Finding(doc.locate("/admin/ingress/enabled"), "public-admin-api",
                            "the Admin API is published through an Ingress"));
                }
                if (r.get("admin", "type") instanceof String t && !t.equals("ClusterIP")) {
                    findings.add(new Finding(doc.locate("/admin/type"), "public-admin-api",
                            "the Admin API Service is " + t + "; use ClusterIP"));
                }
                Object managerType = r.get("manager", "type");
                if (!Boolean.FALSE.equals(r.get("manager", "enabled"))
                        && !(managerType instanceof String mt && mt.equals("ClusterIP"))) {
                    Location at = managerType != null ? doc.locate("/manager/type") : new Location(r.file(), 1, 1);
                    findings.add(new Finding(at, "public-admin-api", "Kong Manager is exposed as "
                            + (managerType != null ? managerType : "NodePort (the chart's default)")
                            + " on every node; set manager.enabled: false or manager.type: ClusterIP"));
                }
            }
            if (!r.chartName().equals("kong") && r.get("image", "repository") == null) {
                findings.add(new Finding(new Location(r.file(), 1, 1), "image-unavailable", "no image override: the "
                        + r.chart() + " chart defaults to docker.io/bitnami images, no longer published since the "
                        + "Bitnami catalog change (2025-08-28)"));
            }
            collectStorageClasses(doc, "", doc.root(), storageClasses);
        }
        if (storageClasses.size() > 1) {
            for (Map.Entry<String, List<Location>> e : storageClasses.entrySet()) {
                for (Location l : e.getValue()) {
                    findings.add(new Finding(l, "storage-class", "storage class " + e.getKey() + " differs from the "
                            + "others used " + new TreeSet<>(storageClasses.keySet()) + "; use one class per "
                            + "environment"));
                }
            }
        }
    }

    private static void collectStorageClasses(SourceDocument doc, String pointer, Object v,
                                              Map<String, List<Location>> out) {
        if (v instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String p = pointer + "/" + SourceDocument.escape(e.getKey().toString());
                if (e.getKey().equals("storageClass") && e.getValue() instanceof String s && !s.isBlank()) {
                    out.computeIfAbsent(s, k -> new ArrayList<>()).add(doc.locate(p));
                }
                collectStorageClasses(doc, p, e.getValue(), out);
            }
        }
    }
}
