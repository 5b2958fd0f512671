/**
 * A model of Kong Gateway 3.9's router, and a pairwise check for routes that collide.
 *
 * <p>{@link dev.kongsync.router.RouteMatchers#of RouteMatchers.of} reads a route entity's fields;
 * {@link dev.kongsync.router.RouterModel#pick RouterModel.pick} says which route Kong picks for a
 * {@link dev.kongsync.router.Request}; {@link dev.kongsync.router.RouterModel#analyze RouterModel.analyze} lists
 * {@link dev.kongsync.router.Finding}s: identical, shadowed and overlapping pairs, each with a request that shows
 * it and the route Kong picks for that request. Both {@link dev.kongsync.router.Flavor}s are modelled from Kong
 * 3.9.1's kong/router (traditional.lua; compat.lua, atc.lua and transform.lua over atc-router 1.6.2).
 *
 * <h2>Ties</h2>
 * Where Kong's choice depends on something the configuration does not fix, the {@link dev.kongsync.router.Pick}
 * says so ({@link dev.kongsync.router.Pick#arbitrary()}): under traditional_compatible equal priorities fall to the
 * larger route id, known only when every tied route has an id; under traditional, routes that tie in
 * {@code sort_routes} are ordered by {@code created_at}, used only when every route has one, and otherwise by Lua's
 * unstable sort.
 *
 * <h2>What the model does not cover</h2>
 * <ul>
 * <li>The {@code expressions} flavor, and routes with an {@code expression} or {@code priority}.</li>
 * <li>Regex dialects: Kong matches regex paths with PCRE2 (traditional) or Rust's regex crate
 * (traditional_compatible); the model uses java.util.regex. They differ on Unicode classes (Rust's {@code \d} is
 * Unicode), on what {@code $} does before a final newline, and on syntax: Rust has no lookaround or
 * back-references (Kong refuses such routes under traditional_compatible; the model accepts them), and
 * PCRE-only syntax such as {@code (?|...)} or {@code \K} makes {@code RouteMatchers.of} throw. {@code (?P<name>...)}
 * is read as {@code (?<name>...)}. The traditional router's {@code (*LIMIT_MATCH=10000)} is not applied.</li>
 * <li>Header regexes likewise run on java.util.regex, each flavor's case rules kept (see HeaderRule).</li>
 * <li>The traditional_compatible priority is the one LuaJIT computes on x86-64 (see AtcPriority: its shifts are
 * 32-bit, so the plain-hosts and regex bits outrank the number of matchers). On arm64 the conversion of a
 * negative number to uint64 saturates to 0 instead of 2^63, which orders routes with four or more kinds of
 * matchers, or with a negative or large regex_priority, differently; that is not modelled.</li>
 * <li>Hosts are compared case-sensitively, as in 3.9.1 (the case-insensitive fix came later). IPv6 literal hosts
 * are compared as plain strings only.</li>
 * <li>A request without a port in its Host header: traditional assumes 80 or 443; traditional_compatible uses the
 * port the client connected to, which the caller gives as {@link dev.kongsync.router.Request#destination()}.</li>
 * <li>Traditional details taken as fixed: a route's header names are visited alphabetically (Lua's {@code pairs}
 * order is unspecified), and sort ties are detected by running the search with tied routes in two opposite orders,
 * not in every order. The router's quirk that a route matches when the text of its path equals the request path
 * or the request's path hit is simulated by {@code pick}, but the shadow analysis reasons on what paths mean.</li>
 * <li>What Kong does after routing: the 426 answer or redirect for an https-only route hit over http, the gRPC
 * checks (kong/runloop/handler.lua), strip_path and path_handling (which shape the upstream path only).</li>
 * <li>Routes Kong leaves out of its router, such as those whose service is disabled: the caller passes only the
 * routes Kong would load. Router caches and incremental rebuilds are not modelled.</li>
 * <li>The analysis is pairwise: a route that no single route covers but several do together is not reported as
 * shadowed. Stream routes (tcp, tls, udp, tls_passthrough) are picked by both flavors but only checked for
 * identical matchers.</li>
 * <li>Paths are treated as bytes: a percent-decoded non-ASCII byte is one char.</li>
 * </ul>
 */
package dev.kongsync.router;
