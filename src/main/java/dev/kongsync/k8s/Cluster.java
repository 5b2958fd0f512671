package dev.kongsync.k8s;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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
        Throwable unreachable = probe(client, config);
        if (unreachable != null) {
            client.close();
            throw new IllegalStateException("cannot reach the Kubernetes API at " + config.getMasterUrl() + " ("
                    + source + "): " + rootMessage(unreachable) + ". Nothing was done; fix the address (--kubeconfig, "
                    + "--kube-context, $KUBECONFIG), or run without " + (because.isEmpty() ? "the Kubernetes options"
                    : String.join(", ", because)) + ".", unreachable);
        }
        return new Cluster(client, ns);
    }

    /**
     * One {@code GET /version}: null when the API server answers (with any status: what it allows is checked where
     * it is used), else why no answer came (connection refused, unknown host, TLS, timeout).
     */
    private static Throwable probe(KubernetesClient client, Config config) {
        HttpClient http = client.getHttpClient();
        String base = config.getMasterUrl().endsWith("/") ? config.getMasterUrl() : config.getMasterUrl() + "/";
        try {
            http.sendAsync(http.newHttpRequestBuilder().uri(base + "version").build(), String.class)
                    .get(Math.max(1000, config.getRequestTimeout()), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException e) {
            return e;
        }
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
