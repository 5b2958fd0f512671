package dev.kongsync.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
        return connect(kubeconfig, context, namespace, List.of());
    }

    /**
     * Connects and checks, with one request, that the API answers: an unreachable API is said as such (with where
     * its address came from) before anything else is tried, instead of showing as a Lease that is never free or as
     * backends that are all missing.
     *
     * @param because the options that need the API, named in the error
     */
    public static Cluster connect(Path kubeconfig, String context, String namespace, List<String> because) {
        Config config;
        String source;
        if (kubeconfig != null) {
            source = "--kubeconfig " + kubeconfig + (context != null ? ", --kube-context " + context : "");
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
                throw new IllegalStateException((because.isEmpty() ? "a Kubernetes option was given"
                        : String.join(", ", because) + " needs the Kubernetes API") + ", but there is no cluster to "
                        + "talk to: not in a Pod, no $KUBECONFIG, no ~/.kube/config; pass --kubeconfig");
            }
            config = Config.autoConfigure(context);
            source = inPod && (env == null || env.isBlank()) ? "the Pod's ServiceAccount"
                    : (env != null && !env.isBlank() ? "$KUBECONFIG" : "~/.kube/config")
                    + (context != null ? ", --kube-context " + context : "");
        }
        config.setRequestRetryBackoffLimit(2);
        String ns = namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 0) {
                client.close();
                throw new IllegalStateException("cannot reach the Kubernetes API at " + config.getMasterUrl() + " ("
                        + source + "): " + rootMessage(e) + ". Nothing was done; fix the address (--kubeconfig, "
                        + "--kube-context, $KUBECONFIG), or run without " + (because.isEmpty() ? "the Kubernetes options"
                        : String.join(", ", because)) + ".", e);
            }
        }
        return new Cluster(client, ns);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
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
