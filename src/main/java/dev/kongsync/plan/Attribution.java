package dev.kongsync.plan;

import dev.kongsync.state.CurrentEntity;
import dev.kongsync.state.CurrentState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Says for each difference who moved: Kong (an entity changed, or appeared, after the last sync by kongsync: its
 * {@code updated_at} is later than the sync's end) or the files (Kong still holds what the last sync wrote).
 */
public final class Attribution {
    /** Kong changed after the last sync (by hand, or by another tool). */
    public static final String KONG = "kong";
    /** The files changed since the last sync; Kong is as kongsync left it. */
    public static final String FILES = "files";
    /** An entity the files want that Kong lacks: new in the files, or deleted in Kong; updated_at cannot tell. */
    public static final String UNKNOWN = "files-or-kong";

    private Attribution() {}

    /**
     * @param lastSync end of the last sync, epoch seconds
     * @return operation index to attribution
     */
    public static Map<Integer, String> of(Plan plan, CurrentState current, long lastSync) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (Operation op : plan.operations()) {
            if (op.action() == Action.CREATE) {
                out.put(op.index(), UNKNOWN);
                continue;
            }
            CurrentEntity e = current.byId(op.id());
            Number changed = e == null ? null : e.updatedAt();
            out.put(op.index(), changed != null && changed.doubleValue() > lastSync ? KONG : FILES);
        }
        return out;
    }

    /** How the text and Markdown reports say it. */
    public static String describe(String attribution) {
        return switch (attribution) {
            case KONG -> "changed in Kong after the last sync";
            case FILES -> "changed in the files";
            default -> "new in the files, or deleted in Kong";
        };
    }
}
