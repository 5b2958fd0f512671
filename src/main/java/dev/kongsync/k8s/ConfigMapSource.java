package dev.kongsync.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.Map;

/** Reads a declarative file from a ConfigMap: {@code --from-configmap namespace/name[:key]}. */
public final class ConfigMapSource {
    /** The parsed reference. */
    public record Ref(String namespace, String name, String key) {
        /** How errors name the file: {@code configmap/kong/kong-config:kong.yml}. */
        public String fileName(String resolvedKey) {
            return "configmap/" + namespace + "/" + name + ":" + resolvedKey;
        }
    }

    private ConfigMapSource() {}

    public static Ref parse(String spec, String defaultNamespace) {
        String s = spec;
        String key = null;
        int colon = s.indexOf(':');
        if (colon >= 0) {
            key = s.substring(colon + 1);
            s = s.substring(0, colon);
        }
        int slash = s.indexOf('/');
        String ns = slash >= 0 ? s.substring(0, slash) : defaultNamespace;
        String name = slash >= 0 ? s.substring(slash + 1) : s;
        if (name.isEmpty() || ns.isEmpty() || (key != null && key.isEmpty())) {
            throw new IllegalArgumentException("--from-configmap takes namespace/name[:key], got " + spec);
        }
        return new Ref(ns, name, key);
    }

    /** The file's name (for messages) and its text. */
    public static Map.Entry<String, String> read(KubernetesClient client, Ref ref) {
        ConfigMap cm = client.configMaps().inNamespace(ref.namespace()).withName(ref.name()).get();
        if (cm == null) {
            throw new IllegalArgumentException("--from-configmap: no ConfigMap " + ref.namespace() + "/" + ref.name());
        }
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        String key = ref.key();
        if (key == null) {
            if (data.size() == 1) {
                key = data.keySet().iterator().next();
            } else if (data.containsKey("kong.yml")) {
                key = "kong.yml";
            } else {
                throw new IllegalArgumentException("--from-configmap: ConfigMap " + ref.namespace() + "/" + ref.name()
                        + " has keys " + data.keySet() + "; name one with :key");
            }
        }
        String text = data.get(key);
        if (text == null) {
            throw new IllegalArgumentException("--from-configmap: ConfigMap " + ref.namespace() + "/" + ref.name()
                    + " has no key " + key);
        }
        return Map.entry(ref.fileName(key), text);
    }
}
