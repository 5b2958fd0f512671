package dev.kongsync.state;

import dev.kongsync.schema.Values;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A digest of Kong's in-scope state: one SHA-256 per entity (its fields as Kong answered, timestamps aside) and one
 * over all of them. A plan records it; applying the plan later checks Kong still has exactly this state. Computed
 * on first use only: a diff that saves no plan never pays for it.
 */
public final class Fingerprint {
    private record Digests(String sha256, Map<String, String> entities, Map<String, String> labels) {}

    private final Supplier<Digests> digests;
    private volatile Digests computed;

    private Fingerprint(Supplier<Digests> digests) {
        this.digests = digests;
    }

    /** A fingerprint read back from a plan file. */
    public Fingerprint(String sha256, Map<String, String> entities, Map<String, String> labels) {
        this(() -> new Digests(sha256, entities, labels));
    }

    public static Fingerprint of(CurrentState state) {
        return new Fingerprint(() -> {
            Map<String, String> digests = new TreeMap<>();
            Map<String, String> labels = new TreeMap<>();
            for (CurrentEntity e : state.all()) {
                Map<String, Object> content = new LinkedHashMap<>(e.fields());
                content.keySet().removeAll(e.kind().readOnly());
                digests.put(e.id(), sha256(e.kind().name() + " " + e.id() + "\n" + Values.render(content)));
                labels.put(e.id(), e.kind().name() + " " + (e.label() == null ? e.id() : e.label()) + scope(e, state));
            }
            StringBuilder all = new StringBuilder();
            digests.forEach((id, d) -> all.append(id).append(' ').append(d).append('\n'));
            return new Digests(sha256(all.toString()), digests, labels);
        });
    }

    /**
     * What an entity attached to others hangs off, the way plans show it ({@code " (service auth-service)"},
     * {@code " (global)"}): four cors plugins are told apart by it. Empty for other kinds.
     */
    private static String scope(CurrentEntity e, CurrentState state) {
        if (!e.kind().scopedByRefs()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (dev.kongsync.kind.EntityKind.Ref r : e.kind().refs()) {
            String id = e.refs().get(r.field());
            if (id != null && !r.many()) {
                CurrentEntity target = state.byId(id);
                parts.add(r.kind() + " " + (target == null || target.label() == null ? id : target.label()));
            }
        }
        return " (" + (parts.isEmpty() ? "global" : String.join(", ", parts)) + ")";
    }

    private Digests get() {
        Digests d = computed;
        if (d == null) {
            synchronized (this) {
                if (computed == null) {
                    computed = digests.get();
                }
                d = computed;
            }
        }
        return d;
    }

    /** Digest over every entity's id and digest, in id order. */
    public String sha256() {
        return get().sha256();
    }

    /** Entity id to the digest of its content. */
    public Map<String, String> entities() {
        return get().entities();
    }

    /** Entity id to "kind name", to say what changed. */
    public Map<String, String> labels() {
        return get().labels();
    }

    /** What differs from {@code now}, one line per entity ("route auth-route was changed"), empty if nothing. */
    public List<String> differences(Fingerprint now) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : entities().entrySet()) {
            String other = now.entities().get(e.getKey());
            String label = labels().getOrDefault(e.getKey(), e.getKey());
            if (other == null) {
                out.add(label + " was deleted");
            } else if (!other.equals(e.getValue())) {
                out.add(label + " was changed");
            }
        }
        for (String id : now.entities().keySet()) {
            if (!entities().containsKey(id)) {
                out.add(now.labels().getOrDefault(id, id) + " was added");
            }
        }
        return out;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
