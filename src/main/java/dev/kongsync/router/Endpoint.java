package dev.kongsync.router;

/**
 * One entry of a stream route's {@code sources} or {@code destinations} (an IP or CIDR and/or a port), or the address
 * of a connection in a {@link Request}.
 *
 * @param ip   an address, or for a route a CIDR range, or null
 * @param port a port, or null
 */
public record Endpoint(String ip, Integer port) {
    public Endpoint {
        if (ip == null && port == null) {
            throw new IllegalArgumentException("an endpoint needs an ip or a port");
        }
    }

    @Override
    public String toString() {
        if (ip == null) {
            return ":" + port;
        }
        return port == null ? ip : (ip.contains(":") ? "[" + ip + "]:" + port : ip + ":" + port);
    }
}
