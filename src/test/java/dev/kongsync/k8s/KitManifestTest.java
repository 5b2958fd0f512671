package dev.kongsync.k8s;

import dev.kongsync.cli.EnvironmentDefaults;
import dev.kongsync.cli.KongsyncCommand;
import dev.kongsync.platform.KitChart;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
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

    /** The kit's chart as rendered for the kongsync import (the Job as a plain resource: hooks are left out). */
    static List<HasMetadata> rendered() {
        return KitChart.parse(KitChart.render(Map.of("hooks", false)));
    }

    static String rule(String group, String resource, List<String> verbs) {
        return group + "/" + resource + ":" + new TreeSet<>(verbs);
    }

    @Test
    void rbacGrantsExactlyWhatTheCodeNeeds() {
        Map<Permissions.Scope, Set<String>> granted = Map.of(Permissions.Scope.OWN, new TreeSet<>(),
                Permissions.Scope.BACKENDS, new TreeSet<>());
        for (HasMetadata o : rendered()) {
            if (!(o instanceof Role role)) {
                continue;
            }
            Permissions.Scope scope = role.getMetadata().getNamespace().equals("kong")
                    ? Permissions.Scope.OWN : Permissions.Scope.BACKENDS;
            for (PolicyRule r : role.getRules()) {
                for (String g : r.getApiGroups()) {
                    for (String res : r.getResources()) {
                        granted.get(scope).add(rule(g, res, r.getVerbs()));
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
    void theJobRunsKongsyncWithRealOptionsAndTheBoundServiceAccount() {
        Job job = rendered().stream().filter(o -> o instanceof Job && o.getMetadata().getName().equals("kongsync-import"))
                .map(o -> (Job) o).findFirst().orElseThrow();
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("kongsync", pod.getServiceAccountName());
        assertTrue(job.getSpec().getActiveDeadlineSeconds() > 0);
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        List<Container> containers = new ArrayList<>(pod.getInitContainers());
        containers.addAll(pod.getContainers());
        for (Container c : containers) {
            assertTrue(c.getSecurityContext().getReadOnlyRootFilesystem(), c.getName());
            assertTrue(c.getResources().getLimits() != null && !c.getResources().getLimits().isEmpty(), c.getName());
            assertTrue(!c.getImage().endsWith(":latest") && c.getImage().contains(":"));
            List<String> args = new ArrayList<>(c.getArgs());
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
