package dev.kongsync.router;

/**
 * The priority traditional_compatible gives a route part: kong/router/transform.lua {@code get_priority} (3.9.1)
 * as LuaJIT evaluates it on x86-64.
 *
 * <p>The layout the source documents is {@code match weight << 61 | plain hosts only << 60 | header count << 52 |
 * regex << 51 | regex_priority << 19 | plain path length}. But {@code lshift_uint64(v, n)} assigns {@code v} to its
 * local and returns {@code bit.lshift(v, n)}, so for a Lua number {@code v} the shift is LuaJIT's 32-bit one with the
 * count taken mod 32: weight shifts by 29, header count by 20, regex_priority by 19, each result a signed 32-bit
 * integer. Only the two constant bits (plain hosts only, regex) are real 64-bit values. {@code bit.bor} with a 64-bit
 * argument converts each number to uint64, and a negative number (weight 4 or more, or a regex_priority whose shift
 * sets bit 31) converts to {@code 0x8000000000000000} on x86-64 ({@code lj_num2u64}, openresty/luajit2
 * v2.1-20231117); with no 64-bit argument the 32-bit result goes to the router's {@code uintptr_t} parameter through
 * the same conversion. Checked against LuaJIT 2.1 running that function.
 */
final class AtcPriority {
    static final long OVERFLOW_BIT = Long.MIN_VALUE;
    static final long PLAIN_HOST_ONLY_BIT = 1L << 60;
    static final long REGEX_URL_BIT = 1L << 51;
    static final long STREAM_SNI_BIT = 1L << 61;

    private AtcPriority() {
    }

    /** The priority of an HTTP part; compare priorities with {@link Long#compareUnsigned}. */
    static long http(Part part) {
        CompiledRoute r = part.route;
        RouteMatchers m = r.source;
        int weight = 0;
        weight += m.sources().isEmpty() ? 0 : 1;
        weight += m.destinations().isEmpty() ? 0 : 1;
        weight += m.methods().isEmpty() ? 0 : 1;
        weight += m.hosts().isEmpty() ? 0 : 1;
        int headers = Math.min(m.headers().size(), 255);
        weight += headers > 0 ? 1 : 0;
        weight += m.snis().isEmpty() ? 0 : 1;
        boolean plainHostOnly = m.hostsSet() && m.hosts().stream().noneMatch(h -> h.contains("*"));
        boolean regex = false;
        int uriLength = 0;
        if (!part.paths.isEmpty()) {
            weight++;
            PathRule first = part.paths.get(0);
            regex = first.isRegex();
            uriLength = regex ? 0 : first.value().length();
        }
        int w = weight << 29;
        int h = headers << 20;
        int rp = regex ? ((int) m.regexPriority()) << 19 : 0;
        int len = uriLength & 0x7FFFF;
        if (plainHostOnly || regex) {
            return (plainHostOnly ? PLAIN_HOST_ONLY_BIT : 0) | (regex ? REGEX_URL_BIT : 0)
                    | toUint64(w) | toUint64(h) | toUint64(rp) | len;
        }
        return toUint64(w | h | len);
    }

    /** transform.lua {@code stream_get_priority}: genuine 64-bit values (its operands are uint64 cdata). */
    static long stream(RouteMatchers m) {
        long weight = 0;
        if (!m.snis().isEmpty() || (!m.sources().isEmpty() && !m.destinations().isEmpty())) {
            weight = STREAM_SNI_BIT;
        }
        return weight | (ipWeight(m.sources()) << 4) | ipWeight(m.destinations());
    }

    private static long ipWeight(java.util.List<Endpoint> endpoints) {
        long w = 0;
        for (Endpoint e : endpoints) {
            if (e.ip() != null) {
                w |= e.ip().contains("/") ? 1 : 8;
            }
            if (e.port() != null) {
                w |= 4;
            }
        }
        return w;
    }

    private static long toUint64(int luaNumber) {
        return luaNumber >= 0 ? luaNumber : OVERFLOW_BIT;
    }
}
