package dev.kongsync.platform;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the kit's chart (platform/charts/banking-platform) with helm-java, the Helm library itself, and parses the
 * result strictly as Kubernetes objects: each document must be a kind fabric8 models, and no field may be unknown to
 * the model (fabric8 keeps unknown fields in additionalProperties; any there is an error).
 */
public final class KitChart {
    static final Path CHART = Path.of("platform/charts/banking-platform");
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private KitChart() {}

    /** The release manifest for these --set values (hooks are not part of it: Helm keeps them apart). */
    public static String render(Map<String, Object> sets) {
        var cmd = new Helm(CHART).template().withName("banking-platform").withNamespace("default");
        sets.forEach(cmd::set);
        return cmd.call();
    }

    /** Every object of the manifest, typed; fails on an unknown kind or field. */
    public static List<HasMetadata> parse(String manifest) {
        List<HasMetadata> out = new ArrayList<>();
        for (String doc : manifest.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
                continue;
            }
            Object o = SERIALIZATION.unmarshal(doc);
            if (!(o instanceof HasMetadata h) || o.getClass().getName().contains("GenericKubernetesResource")) {
                throw new AssertionError("not a Kubernetes kind fabric8 knows:\n" + doc);
            }
            List<String> unknown = new ArrayList<>();
            unknownFields(o, h.getKind() + "/" + h.getMetadata().getName(), unknown, new IdentityHashMap<>());
            if (!unknown.isEmpty()) {
                throw new AssertionError("unknown fields: " + unknown + "\n" + doc);
            }
            out.add(h);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void unknownFields(Object o, String path, List<String> out, Map<Object, Boolean> seen) {
        if (o == null || seen.put(o, true) != null) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                unknownFields(e, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        if (!(o instanceof KubernetesResource)) {
            return;
        }
        for (Method g : o.getClass().getMethods()) {
            if (g.getParameterCount() != 0 || Modifier.isStatic(g.getModifiers()) || !g.getName().startsWith("get")
                    || g.getDeclaringClass() == Object.class) {
                continue;
            }
            try {
                Object v = g.invoke(o);
                if (g.getName().equals("getAdditionalProperties")) {
                    if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        out.add(path + " " + ((Map<String, Object>) extra).keySet());
                    }
                } else {
                    unknownFields(v, path + "." + g.getName().substring(3), out, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public static Map<String, Object> sets(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
