package dev.kongsync.router;

/**
 * One entry of a route's {@code snis}. traditional_compatible accepts {@code *.suffix} and {@code prefix.*}
 * (transform.lua {@code sni_op_transform}); the traditional router only compares whole names
 * ({@code route_t.snis[ctx.sni]}, traditional.lua), so there a wildcard only matches itself.
 */
final class SniRule {
    private final String value;
    private final HostRule.Kind kind;

    SniRule(String value, Flavor flavor) {
        this.value = value;
        if (flavor == Flavor.TRADITIONAL_COMPATIBLE && value.startsWith("*")) {
            kind = HostRule.Kind.SUFFIX;
        } else if (flavor == Flavor.TRADITIONAL_COMPATIBLE && value.endsWith("*")) {
            kind = HostRule.Kind.PREFIX;
        } else {
            kind = HostRule.Kind.EXACT;
        }
    }

    String value() {
        return value;
    }

    HostRule.Kind kind() {
        return kind;
    }

    String fixedPart() {
        return switch (kind) {
            case EXACT -> value;
            case SUFFIX -> value.substring(1);
            case PREFIX -> value.substring(0, value.length() - 1);
        };
    }

    boolean matches(String sni) {
        if (sni == null) {
            return false;
        }
        return switch (kind) {
            case EXACT -> sni.equals(value);
            case SUFFIX -> sni.endsWith(fixedPart());
            case PREFIX -> sni.startsWith(fixedPart());
        };
    }

    @Override
    public String toString() {
        return value;
    }
}
