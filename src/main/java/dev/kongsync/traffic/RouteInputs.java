package dev.kongsync.traffic;

import dev.kongsync.file.Location;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.kind.Kinds;
import dev.kongsync.owners.OwnerTags;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import dev.kongsync.state.RefSpec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routes of a check, from the files and from what Kong answers. Routes whose service is disabled are left
 * out, as Kong leaves them out of its router.
 */
public final class RouteInputs {
    private RouteInputs() {}

    /**
     * The routes the files declare.
     *
     * @param ids         the id each route has or will have, or null when it is not known before it is created
     * @param kongService the service a route references in Kong rather than in the files (by id or name), or null
     * @param createdAt   a route's {@code created_at} in Kong when it exists there, else null
     */
    public static List<RouteChecker.Input> fromFiles(DesiredState desired, Function<DesiredEntity, String> ids,
                                                     Function<RefSpec, Map<String, Object>> kongService,
                                                     Function<DesiredEntity, Object> createdAt) {
        List<RouteChecker.Input> out = new ArrayList<>();
        for (DesiredEntity d : desired.of(Kinds.ROUTE)) {
            DesiredEntity svc = d.target("service");
            RefSpec spec = d.refs().get("service");
            Map<String, Object> inKong = svc == null && spec != null ? kongService.apply(spec) : null;
            Object enabled = svc != null ? svc.fields().get("enabled") : inKong != null ? inKong.get("enabled") : null;
            if (Boolean.FALSE.equals(enabled)) {
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>(d.fields());
            String id = ids.apply(d);
            fields.remove("id");
            fields.remove("created_at");
            if (id != null) {
                fields.put("id", id);
            }
            Object created = createdAt.apply(d);
            if (created != null) {
                fields.put("created_at", created);
            }
            List<String> tags = new ArrayList<>(strings(d.fields().get("tags")));
            desired.selectTags().stream().filter(t -> !tags.contains(t)).forEach(tags::add);
            String service = svc != null ? svc.label() : inKong != null && inKong.get("name") != null
                    ? inKong.get("name").toString() : spec == null ? null : spec.value() != null ? spec.value() : spec.id();
            Location at = d.location();
            RouteRef ref = new RouteRef(RouteRef.Side.FILES, d.label(), id, OwnerTags.of(tags, List.of()), service,
                    at.file(), at.line(), at.column(), SourceDocument.pathOf(d.pointer()));
            out.add(new RouteChecker.Input(ref, fields, tags));
        }
        return out;
    }

    /**
     * Routes as Kong answered them ({@code GET /routes}), on {@code side}; {@code services} by id, for the owner tags
     * and to leave out the routes of disabled services.
     */
    public static List<RouteChecker.Input> fromKong(List<Map<String, Object>> routes,
                                                    Map<String, Map<String, Object>> services, RouteRef.Side side) {
        List<RouteChecker.Input> out = new ArrayList<>();
        for (Map<String, Object> r : routes) {
            Map<String, Object> svc = r.get("service") instanceof Map<?, ?> m && m.get("id") != null
                    ? services.get(m.get("id").toString()) : null;
            if (svc != null && Boolean.FALSE.equals(svc.get("enabled"))) {
                continue;
            }
            List<String> tags = strings(r.get("tags"));
            String service = svc == null ? null : String.valueOf(svc.get("name") != null ? svc.get("name") : svc.get("id"));
            RouteRef ref = new RouteRef(side, r.get("name") == null ? null : r.get("name").toString(),
                    r.get("id") == null ? null : r.get("id").toString(),
                    OwnerTags.of(tags, svc == null ? List.of() : strings(svc.get("tags"))), service, null, null, null, null);
            out.add(new RouteChecker.Input(ref, r, tags));
        }
        return out;
    }

    static List<String> strings(Object v) {
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) {
            c.forEach(o -> out.add(String.valueOf(o)));
        }
        return out;
    }
}
