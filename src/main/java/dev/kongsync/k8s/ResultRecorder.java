package dev.kongsync.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Leaves the result of a run where {@code kubectl} and Argo CD show it: a ConfigMap with the last result, an Event
 * on the Job's Pod ({@code Synced}, {@code DriftFound}, {@code SyncFailed}), and the container's termination message.
 */
public final class ResultRecorder {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What a run ended with. */
    public record Outcome(String reason, boolean warning, String summary, Map<String, Object> details) {}

    private ResultRecorder() {}

    /** Creates or replaces ConfigMap {@code namespace/name} with the result. */
    public static void writeConfigMap(KubernetesClient client, String namespace, String name, Outcome outcome) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("time", Instant.now().toString());
        data.put("reason", outcome.reason());
        data.put("summary", outcome.summary());
        outcome.details().forEach((k, v) -> data.put(k, v instanceof String s ? s : json(v)));
        ConfigMap cm = new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "kongsync").endMetadata().withData(data).build();
        client.configMaps().inNamespace(namespace).resource(cm).createOr(op -> op.update());
    }

    /** Records an Event on Pod {@code namespace/pod}. */
    public static void event(KubernetesClient client, String namespace, String pod, Outcome outcome) {
        String now = Instant.now().toString();
        client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                .withNewMetadata().withGenerateName("kongsync-").withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withName(pod).withNamespace(namespace)
                .endInvolvedObject()
                .withReason(outcome.reason())
                .withMessage(outcome.summary().length() > 1000 ? outcome.summary().substring(0, 1000) : outcome.summary())
                .withType(outcome.warning() ? "Warning" : "Normal")
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("kongsync").endSource()
                .build()).create();
    }

    /** Writes the one-line summary as the container's termination message, if the file can be written. */
    public static boolean terminationMessage(Path path, Outcome outcome) {
        try {
            Files.writeString(path, outcome.reason() + ": " + outcome.summary() + "\n", StandardCharsets.UTF_8);
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return String.valueOf(v);
        }
    }
}
