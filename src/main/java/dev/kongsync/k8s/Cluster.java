package dev.kongsync.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A connection to the Kubernetes API: in a Pod through its ServiceAccount, outside through a kubeconfig
 * ({@code --kubeconfig}, else {@code KUBECONFIG} or {@code ~/.kube/config}). Opened only when a cluster option is
 * used, so kongsync without them never needs a cluster.
 */
public final class Cluster implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;

    private Cluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    /**
     * @param kubeconfig a kubeconfig file, or null for the in-cluster or default configuration
     * @param context    the kubeconfig context, or null for the current one
     * @param namespace  kongsync's own namespace (Lease, result ConfigMap, Events), or null for the Pod's or the
     *                   context's namespace
     */
    public static Cluster connect(Path kubeconfig, String context, String namespace) {
        Config config;
        if (kubeconfig != null) {
            try {
                config = Config.fromKubeconfig(context, Files.readString(kubeconfig), kubeconfig.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
            }
        } else {
            boolean inPod = Files.exists(Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token"));
            String env = System.getenv("KUBECONFIG");
            boolean kubeconfigFile = (env != null && !env.isBlank())
                    || Files.exists(Path.of(System.getProperty("user.home"), ".kube", "config"));
            if (!inPod && !kubeconfigFile && System.getProperty("kubernetes.master") == null) {
                throw new IllegalStateException("a Kubernetes option was given, but there is no cluster to talk to: "
                        + "not in a Pod, no $KUBECONFIG, no ~/.kube/config; pass --kubeconfig");
            }
            config = Config.autoConfigure(context);
        }
        config.setRequestRetryBackoffLimit(2);
        String ns = namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
        return new Cluster(new KubernetesClientBuilder().withConfig(config).build(), ns);
    }

    public KubernetesClient client() {
        return client;
    }

    /** kongsync's own namespace. */
    public String namespace() {
        return namespace;
    }

    @Override
    public void close() {
        client.close();
    }
}
