package dev.kongsync.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.kongsync.cli.EnvironmentDefaults;
import dev.kongsync.cli.KongsyncCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kit's kongsync Job and its RBAC agree with the code: exactly the permissions it needs, real options only. */
class KitManifestTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static List<JsonNode> documents(String path) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (YAMLParser p = new YAMLFactory().createParser(new File(path))) {
            var it = YAML.readValues(p, JsonNode.class);
            while (it.hasNext()) {
                out.add(it.next());
            }
        }
        return out;
    }

    static String rule(String group, String resource, List<String> verbs) {
        return group + "/" + resource + ":" + new TreeSet<>(verbs);
    }

    @Test
    void rbacGrantsExactlyWhatTheCodeNeeds() throws Exception {
        Map<Permissions.Scope, Set<String>> granted = Map.of(Permissions.Scope.OWN, new TreeSet<>(),
                Permissions.Scope.BACKENDS, new TreeSet<>());
        for (JsonNode doc : documents("platform/kongsync/rbac.yaml")) {
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
        JsonNode job = documents("platform/kongsync/job.yaml").get(0);
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
