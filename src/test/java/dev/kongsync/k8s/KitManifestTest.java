package dev.kongsync.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kongsync.cli.EnvironmentDefaults;
import dev.kongsync.cli.KongsyncCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kit's kongsync Job and its RBAC (platform/charts/banking-platform, templates/kongsync-import.yaml) agree with the
 * code: exactly the permissions it needs, real options only.
 */
class KitManifestTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The kit's chart as rendered for the kongsync import (the Job as a plain resource: hooks are left out). */
    static List<JsonNode> rendered() throws Exception {
        String manifest = dev.kongsync.platform.KitChart.render(Map.of("hooks", false));
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(manifest)) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && n.has("kind")) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static JsonNode object(String kind, String name) throws Exception {
        return rendered().stream().filter(n -> n.get("kind").asText().equals(kind)
                && n.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }

    static String rule(String group, String resource, List<String> verbs) {
        return group + "/" + resource + ":" + new TreeSet<>(verbs);
    }

    @Test
    void rbacGrantsExactlyWhatTheCodeNeeds() throws Exception {
        Map<Permissions.Scope, Set<String>> granted = Map.of(Permissions.Scope.OWN, new TreeSet<>(),
                Permissions.Scope.BACKENDS, new TreeSet<>());
        for (JsonNode doc : rendered()) {
            if (!doc.get("kind").asText().equals("Role")) {
                continue;
            }
            Permissions.Scope scope = doc.get("metadata").get("namespace").asText().equals("kong")
                    ? Permissions.Scope.OWN : Permissions.Scope.BACKENDS;
            for (JsonNode r : doc.get("rules")) {
                for (JsonNode g : r.get("apiGroups")) {
                    for (JsonNode res : r.get("resources")) {
                        List<String> verbs = new ArrayList<>();
                        r.get("verbs").forEach(v -> verbs.add(v.asText()));
                        granted.get(scope).add(rule(g.asText(), res.asText(), verbs));
                    }
                }
            }
        }
        for (Permissions.Scope scope : Permissions.Scope.values()) {
            Set<String> needed = new TreeSet<>();
            Permissions.REQUIRED.stream().filter(r -> r.scope() == scope)
                    .forEach(r -> needed.add(rule(r.apiGroup(), r.resource(), r.verbs())));
            assertEquals(needed, granted.get(scope), scope + ": the kit grants what the code needs, no more");
        }
    }

    @Test
    void theJobRunsKongsyncWithRealOptionsAndTheBoundServiceAccount() throws Exception {
        JsonNode job = object("Job", "kongsync-import");
        JsonNode pod = job.get("spec").get("template").get("spec");
        assertEquals("kongsync", pod.get("serviceAccountName").asText());
        assertTrue(job.get("spec").get("activeDeadlineSeconds").asInt() > 0);
        assertTrue(pod.get("securityContext").get("runAsNonRoot").asBoolean());
        List<JsonNode> containers = new ArrayList<>();
        pod.get("initContainers").forEach(containers::add);
        pod.get("containers").forEach(containers::add);
        for (JsonNode c : containers) {
            assertTrue(c.get("securityContext").get("readOnlyRootFilesystem").asBoolean(), c.get("name").asText());
            assertTrue(c.get("resources").has("limits"), c.get("name").asText());
            assertTrue(!c.get("image").asText().endsWith(":latest") && c.get("image").asText().contains(":"));
            List<String> args = new ArrayList<>();
            c.get("args").forEach(a -> args.add(a.asText()));
            args.removeIf(a -> a.startsWith("-Xmx"));
            CommandLine cl = new CommandLine(new KongsyncCommand());
            cl.setDefaultValueProvider(new EnvironmentDefaults(Map.of()));
            CommandLine.ParseResult r = cl.parseArgs(args.toArray(new String[0]));
            assertTrue(r.hasSubcommand(), args.toString());
            assertTrue(args.stream().noneMatch(a -> a.startsWith("--kong-admin-token=")),
                    "the token comes from a mounted Secret file, never from the command line");
        }
    }
}
