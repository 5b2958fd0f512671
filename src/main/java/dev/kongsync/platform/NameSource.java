package dev.kongsync.platform;

import java.util.Map;
import java.util.Set;

/**
 * Something that creates named Services and Secrets in one namespace, by rules known in advance: a Helm release of a
 * chart ({@link ChartRelease}) or a resource an operator reconciles ({@link CnpgCluster}).
 */
public interface NameSource {

    /** The namespace its Services and Secrets live in. */
    String namespace();

    /** For messages: what it is, e.g. "release postgresql of bitnami/postgresql". */
    String label();

    /** For messages: what it is and where it is defined, e.g. "release postgresql of bitnami/postgresql (file)". */
    String describe();

    /** Service names, each with the ports it exposes. */
    Map<String, Set<Integer>> services();

    /**
     * Secret names it creates or reads, each with the keys it is known to hold; a {@code null} key set means the
     * Secret is provided by someone else and its keys are not known from the rules.
     */
    Map<String, Set<String>> secrets();

    /**
     * Whether a Secret name, referenced from a document of the given namespace (null when the document names none,
     * as values files do), looks like one of its own: then a name it does not create is reported.
     */
    boolean ownsSecretName(String name, String fromNamespace);

    /** A hint for a host name in its namespace that it does not create (empty when there is none). */
    String hostHint(String service);
}
