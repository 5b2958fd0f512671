package dev.kongsync.plan;

import dev.kongsync.crypto.Uuid5;

import dev.kongsync.kind.EntityKind;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.RefSpec;

import java.util.List;

/**
 * Name-based ids ({@code --stable-ids}): a UUID version 5 (RFC 4122, SHA-1) of the entity's natural key, in a
 * namespace per kind, so that the same file creates the same ids in every Kong. The rule is go-kong's
 * {@code FillID} (kong/ids.go, which decK and the Kong Ingress Controller use), extended to every kind in the same
 * way:
 *
 * <ul>
 * <li>the kind's namespace is {@code uuid5(fd02801f-0957-4a15-a55a-c8d9606f30b5, <schema name>)}: Kong's own
 * namespace for declarative ids (kong/db/schema/others/declarative_config.lua) and its schema name ({@code services},
 * {@code routes}, {@code plugins}, {@code keyauth_credentials}, ...);</li>
 * <li>the name is the natural key: the values of its own fields (a service's or route's {@code name}, a consumer's
 * {@code username}, a vault's {@code prefix}, a target's {@code target}), joined by {@code :}, followed, for each
 * reference the key includes, by {@code :<field>/<the referenced entity's name>} (or its id when the file names it
 * by id): {@code rate-limiting:route/route-1:consumer/consumer-1};</li>
 * <li>a key other than the kind's first (a consumer known only by its {@code custom_id}) is written
 * {@code <field>/<value>}; a key derived from content (a certificate's) is its digest.</li>
 * </ul>
 *
 * <p>No stable id is made from a key that is a secret (a key-auth credential's {@code key}: its hash would let anyone
 * who sees the id test guesses of the key); those entities get random ids.
 */
public final class StableIds {
    /** Kong's UUIDv5 namespace for the ids of declarative entities, which go-kong's FillID shares. */
    public static final String KONG_NAMESPACE = "fd02801f-0957-4a15-a55a-c8d9606f30b5";

    private StableIds() {}

    /** The stable id of a file entity, or null when its kind or its key gives none. */
    public static String id(DesiredEntity e) {
        String name = name(e);
        return name == null ? null : id(e.kind(), name);
    }

    /** The id of the entity of {@code kind} whose name (see the class documentation) is {@code name}. */
    public static String id(EntityKind kind, String name) {
        return Uuid5.of(Uuid5.of(KONG_NAMESPACE, kind.schemaName()), name);
    }

    /** The name a file entity's stable id is made from, or null. */
    public static String name(DesiredEntity e) {
        EntityKind kind = e.kind();
        List<EntityKind.NaturalKey> keys = kind.keys();
        for (int i = 0; i < keys.size(); i++) {
            EntityKind.NaturalKey key = keys.get(i);
            if (e.keyValue(key) == null) {
                continue;
            }
            if (key.derive() != null) {
                Object v = key.derive().apply(e.fields());
                return v == null ? null : v.toString();
            }
            StringBuilder own = new StringBuilder();
            StringBuilder refs = new StringBuilder();
            for (String f : key.fields()) {
                if (kind.isRefField(f)) {
                    String parent = parentName(e, f);
                    if (parent != null) {
                        refs.append(':').append(f).append('/').append(parent);
                    } else if (e.refs().containsKey(f)) {
                        return null;
                    }
                    continue;
                }
                if (kind.secretFields().contains(f) || !(e.fields().get(f) instanceof String v) || v.isEmpty()) {
                    return null;
                }
                own.append(own.length() == 0 ? "" : ":").append(v);
            }
            if (own.length() == 0) {
                return null;
            }
            return (i == 0 ? "" : String.join("+", key.fields()) + "/") + own + refs;
        }
        return null;
    }

    /** The name of the entity a reference names: the file entity's label, else the key or id the file wrote. */
    private static String parentName(DesiredEntity e, String field) {
        DesiredEntity target = e.target(field);
        if (target != null && target.label() != null) {
            return target.label();
        }
        RefSpec spec = e.refs().get(field);
        if (spec == null) {
            return null;
        }
        if (target != null && target.explicitId() != null) {
            return target.explicitId();
        }
        return spec.value() != null ? spec.value() : spec.id();
    }
}
