package dev.kongsync.router;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * One entry of a stream route's {@code sources} or {@code destinations}: an IP or CIDR and/or a port; both flavors
 * require every given part to match (traditional.lua {@code matcher_src_dst}, transform.lua {@code gen_for_nets}).
 */
final class NetRule {
    private final Endpoint endpoint;
    private final byte[] network;
    private final int prefixBits;

    NetRule(Endpoint endpoint, RouteIdentity who) {
        this.endpoint = endpoint;
        if (endpoint.ip() == null) {
            network = null;
            prefixBits = -1;
        } else {
            String ip = endpoint.ip();
            int slash = ip.indexOf('/');
            network = address(slash < 0 ? ip : ip.substring(0, slash), who);
            prefixBits = slash < 0 ? network.length * 8 : Integer.parseInt(ip.substring(slash + 1));
        }
    }

    Endpoint endpoint() {
        return endpoint;
    }

    boolean isCidr() {
        return endpoint.ip() != null && endpoint.ip().contains("/");
    }

    boolean matches(Endpoint actual) {
        if (actual == null) {
            return false;
        }
        if (endpoint.port() != null && !endpoint.port().equals(actual.port())) {
            return false;
        }
        if (network == null) {
            return true;
        }
        if (actual.ip() == null) {
            return false;
        }
        byte[] a = address(actual.ip(), RouteIdentity.of("request"));
        if (a.length != network.length) {
            return false;
        }
        int full = prefixBits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static byte[] address(String literal, RouteIdentity who) {
        if (!literal.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException(who.label() + ": '" + literal + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(who.label() + ": '" + literal + "' is not an IP address", e);
        }
    }

    @Override
    public String toString() {
        return endpoint.toString();
    }
}
