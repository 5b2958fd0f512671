package dev.kongsync.traffic;

import dev.kongsync.router.Finding;
import dev.kongsync.router.Flavor;
import dev.kongsync.router.Pick;
import dev.kongsync.router.Request;
import dev.kongsync.router.RouteIdentity;
import dev.kongsync.router.RouteMatchers;
import dev.kongsync.router.RouterModel;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks the routes the files declare, with each other and with the routes of other owners in Kong, over the
 * router model ({@link RouterModel}): every identical, shadowed and overlapping pair that involves a route of the
 * files, judged under {@code --fail-on} and the opt-out tags; and, given the routes Kong holds before the change,
 * which of another owner's routes would lose or gain traffic.
 */
public final class RouteChecker {
    private RouteChecker() {}

    /**
     * A route to check: who it is, its fields as Kong names them ({@code paths}, {@code hosts}, ..., and its
     * {@code id} and {@code created_at} when known), and its tags (where the opt-outs are).
     */
    public record Input(RouteRef ref, Map<String, ?> fields, List<String> tags) {
        public Input {
            tags = List.copyOf(tags);
        }
    }

    /**
     * @param after        the routes once the change is made: the files' and other owners'
     * @param before       the routes Kong holds now, in scope and outside (the same {@link Input}s for the others),
     *                     or null when the change touches no route
     * @param flavor       the router flavor
     * @param flavorSource where the flavor came from, for the report
     * @param failOn       the collisions that are errors
     * @param againstKong  whether {@code after} holds the routes of other owners read from Kong
     */
    public static RouteCheck check(List<Input> after, List<Input> before, Flavor flavor, String flavorSource,
                                   Set<Collision> failOn, boolean againstKong) {
        List<String> notChecked = new ArrayList<>();
        Compiled now = compile(after, flavor, notChecked);
        List<RouteFinding> findings = new ArrayList<>();
        List<TrafficShift> shifts = new ArrayList<>();
        Compiled then = before == null ? null : compile(before, flavor, new ArrayList<>());
        Function<Request, Optional<Pick>> pickNow = then == null ? null : RouterModel.picker(now.matchers, flavor);
        Function<Request, Optional<Pick>> pickThen = then == null ? null : RouterModel.picker(then.matchers, flavor);
        Map<String, TrafficShift> seen = new LinkedHashMap<>();
        for (Finding f : RouterModel.analyze(now.matchers, flavor)) {
            Input a = now.inputs.get(f.a());
            Input b = now.inputs.get(f.b());
            if (a.ref().side() != RouteRef.Side.FILES && b.ref().side() != RouteRef.Side.FILES) {
                continue;
            }
            List<TrafficShift> mine = new ArrayList<>();
            if (then != null) {
                for (Input k : List.of(a, b)) {
                    if (k.ref().side() == RouteRef.Side.OTHERS) {
                        shift(k.ref(), f.sampleRequest(), now, then, pickNow, pickThen)
                                .filter(s -> seen.putIfAbsent(key(s), s) == null).ifPresent(mine::add);
                    }
                }
            }
            findings.add(finding(f, a, b, now, failOn, mine));
        }
        if (then != null) {
            for (Finding f : RouterModel.analyze(then.matchers, flavor)) {
                Input a = then.inputs.get(f.a());
                Input b = then.inputs.get(f.b());
                for (Input[] pair : List.of(new Input[] {a, b}, new Input[] {b, a})) {
                    if (pair[0].ref().side() == RouteRef.Side.OTHERS && pair[1].ref().side() == RouteRef.Side.SCOPE) {
                        shift(pair[0].ref(), f.sampleRequest(), now, then, pickNow, pickThen)
                                .filter(s -> seen.putIfAbsent(key(s), s) == null).ifPresent(shifts::add);
                    }
                }
            }
        }
        int files = (int) after.stream().filter(i -> i.ref().side() == RouteRef.Side.FILES).count();
        return new RouteCheck(flavor.kongName(), flavorSource, failOn, againstKong, files, after.size() - files, findings, shifts,
                notChecked, null);
    }

    /** Routes compiled into the model's matchers, with the input each came from. */
    private record Compiled(List<RouteMatchers> matchers, Map<RouteMatchers, Input> inputs,
                            Map<RouteRef, RouteMatchers> byRef) {}

    private static Compiled compile(List<Input> routes, Flavor flavor, List<String> notChecked) {
        List<RouteMatchers> matchers = new ArrayList<>();
        Map<RouteMatchers, Input> inputs = new IdentityHashMap<>();
        Map<RouteRef, RouteMatchers> byRef = new IdentityHashMap<>();
        for (Input in : routes) {
            RouteRef r = in.ref();
            try {
                RouteMatchers m = RouteMatchers.of(in.fields(), new RouteIdentity(r.label(), r.owner(),
                        r.source() == null ? "" : r.source()));
                RouterModel.picker(List.of(m), flavor);
                matchers.add(m);
                inputs.put(m, in);
                byRef.put(r, m);
            } catch (IllegalArgumentException e) {
                notChecked.add(r.describe() + ": " + e.getMessage());
            }
        }
        return new Compiled(matchers, inputs, byRef);
    }

    private static RouteFinding finding(Finding f, Input a, Input b, Compiled now, Set<Collision> failOn,
                                        List<TrafficShift> shifts) {
        Collision kind = switch (f.kind()) {
            case IDENTICAL -> Collision.IDENTICAL;
            case SHADOWED -> Collision.SHADOW;
            case OVERLAP -> Collision.OVERLAP;
        };
        boolean sampled = f.evidence() == Finding.Evidence.SAMPLED;
        String allowedBy = a.tags().contains(kind.allowTag()) || b.tags().contains(kind.allowTag()) ? kind.allowTag()
                : null;
        RouteFinding.Verdict verdict = allowedBy != null ? RouteFinding.Verdict.ALLOWED
                : failOn.contains(kind) && !(kind == Collision.SHADOW && sampled) ? RouteFinding.Verdict.ERROR
                : RouteFinding.Verdict.WARNING;
        Pick p = f.winner();
        List<RouteRef> tied = p.alternatives().stream().map(m -> now.inputs.get(m).ref()).toList();
        return new RouteFinding(kind, verdict, a.ref(), b.ref(), describe(f.sampleRequest()),
                now.inputs.get(p.route()).ref(), tied, sampled, f.detail(), allowedBy, shifts);
    }

    /** How much of a request a route gets: for certain, perhaps (a tie), or not. */
    private enum Share { YES, MAYBE, NO }

    private static Share share(Optional<Pick> pick, RouteMatchers route) {
        if (pick.isEmpty() || route == null) {
            return Share.NO;
        }
        Pick p = pick.get();
        if (p.route() == route) {
            return p.arbitrary() ? Share.MAYBE : Share.YES;
        }
        return p.alternatives().contains(route) ? Share.MAYBE : Share.NO;
    }

    /** Whether another owner's route {@code k} gets {@code request} before the change and not after, or the reverse. */
    private static Optional<TrafficShift> shift(RouteRef k, Request request, Compiled now, Compiled then,
                                                Function<Request, Optional<Pick>> pickNow,
                                                Function<Request, Optional<Pick>> pickThen) {
        Optional<Pick> after = pickNow.apply(request);
        Optional<Pick> before = pickThen.apply(request);
        Share was = share(before, then.byRef.get(k));
        Share is = share(after, now.byRef.get(k));
        if (was == is) {
            return Optional.empty();
        }
        boolean loses = was.ordinal() < is.ordinal();
        boolean certain = (was == Share.YES && is == Share.NO) || (was == Share.NO && is == Share.YES);
        Optional<Pick> other = loses ? after : before;
        Map<RouteMatchers, Input> inputs = loses ? now.inputs : then.inputs;
        RouteRef o = other.map(p -> inputs.get(p.route()).ref()).filter(r -> r != k).orElse(null);
        return Optional.of(new TrafficShift(k, loses ? TrafficShift.Direction.LOSES : TrafficShift.Direction.GAINS,
                certain, describe(request), o));
    }

    private static String key(TrafficShift s) {
        return System.identityHashCode(s.route()) + "|" + s.direction() + "|"
                + (s.other() == null ? "" : System.identityHashCode(s.other()));
    }

    /** A request as a reader wants it: {@code GET http://api.example/api/x}, any host written as such. */
    static String describe(Request r) {
        if (r.isStream()) {
            return r.toString();
        }
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append(' ').append(r.protocol()).append("://")
                .append(r.host() == null ? "<any host>" : r.port() == null ? r.host() : r.host() + ":" + r.port())
                .append(r.path());
        r.headers().forEach((k, v) -> sb.append(" [").append(k).append(": ").append(String.join(", ", v)).append(']'));
        if (r.sni() != null) {
            sb.append(" (SNI ").append(r.sni()).append(')');
        }
        return sb.toString();
    }
}
