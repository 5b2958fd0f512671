package dev.kongsync.router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A request (or, for stream routes, a connection) as Kong's router sees it.
 *
 * @param protocol    http, https, grpc, grpcs, or for streams tcp, tls, udp, tls_passthrough
 * @param host        the Host header without its port, or null when there is none
 * @param port        the port written in the Host header, or null
 * @param path        the path, normalized as Kong normalizes it before routing
 * @param method      the HTTP method
 * @param headers     header name (normalized as {@link RouteMatchers#headers()}) to values
 * @param sni         the TLS SNI, or null
 * @param source      the client's address, or null
 * @param destination the address the client connected to, or null (then its port is taken as 80, or 443 for https)
 */
public record Request(String protocol, String host, Integer port, String path, String method,
                      Map<String, List<String>> headers, String sni, Endpoint source, Endpoint destination) {

    private static final Set<String> HTTP_PROTOCOLS = Set.of("http", "https", "grpc", "grpcs");
    private static final Set<String> STREAM_PROTOCOLS = Set.of("tcp", "tls", "udp", "tls_passthrough");

    public Request {
        Objects.requireNonNull(protocol, "protocol");
        protocol = protocol.toLowerCase(Locale.ROOT);
        if (!HTTP_PROTOCOLS.contains(protocol) && !STREAM_PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException("unknown protocol '" + protocol + "'");
        }
        Map<String, List<String>> h = new TreeMap<>();
        headers.forEach((k, v) -> h.computeIfAbsent(RouteMatchers.headerName(k), x -> new ArrayList<>()).addAll(v));
        h.replaceAll((k, v) -> List.copyOf(v));
        headers = java.util.Collections.unmodifiableMap(h);
        path = path == null ? null : KongPath.ofRequestUri(path);
    }

    /**
     * An HTTP request: {@code Request.http("GET", "https://api.example:8443/v1/users?x=1")}.
     *
     * @throws IllegalArgumentException when the URL is not {@code scheme://host[:port][/path]}
     */
    public static Request http(String method, String url) {
        int sep = url.indexOf("://");
        if (sep <= 0) {
            throw new IllegalArgumentException("not a URL: " + url);
        }
        String scheme = url.substring(0, sep);
        String rest = url.substring(sep + 3);
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        String host = authority;
        Integer port = null;
        int colon = authority.lastIndexOf(':');
        if (colon > 0 && colon > authority.lastIndexOf(']')) {
            host = authority.substring(0, colon);
            port = Integer.valueOf(authority.substring(colon + 1));
        }
        if (!HTTP_PROTOCOLS.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not an HTTP scheme: " + url);
        }
        return new Request(scheme, host.isEmpty() ? null : host, port, path, method, Map.of(), null, null, null);
    }

    /** A stream connection ({@code tcp}, {@code tls}, {@code udp}, {@code tls_passthrough}). */
    public static Request stream(String protocol, Endpoint source, Endpoint destination, String sni) {
        if (!STREAM_PROTOCOLS.contains(protocol.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("not a stream protocol: " + protocol);
        }
        return new Request(protocol, null, null, null, null, Map.of(), sni, source, destination);
    }

    public Request withHeader(String name, String... values) {
        Map<String, List<String>> h = new LinkedHashMap<>(headers);
        h.put(RouteMatchers.headerName(name), List.of(values));
        return new Request(protocol, host, port, path, method, h, sni, source, destination);
    }

    public Request withSni(String serverName) {
        return new Request(protocol, host, port, path, method, headers, serverName, source, destination);
    }

    public Request withDestination(Endpoint to) {
        return new Request(protocol, host, port, path, method, headers, sni, source, to);
    }

    public boolean isStream() {
        return STREAM_PROTOCOLS.contains(protocol);
    }

    /**
     * The scheme the router compares: http or https for HTTP and gRPC (nginx's {@code $scheme}), tls or tcp or udp for
     * streams ({@code tls_passthrough} connections carry an SNI, so tls).
     */
    public String scheme() {
        return switch (protocol) {
            case "grpc" -> "http";
            case "grpcs" -> "https";
            case "tls_passthrough" -> "tls";
            default -> protocol;
        };
    }

    /** The Host header as sent: host, and {@code :port} when one was written. */
    String hostHeader() {
        return host == null ? null : (port == null ? host : host + ":" + port);
    }

    /**
     * The port host matchers compare: the Host header's; else the traditional router assumes 80, or 443 for https
     * (traditional.lua {@code split_port(req_host, req_scheme == "https" and 443 or 80)}), while the ATC router takes
     * the port the client connected to (fields.lua {@code net.dst.port}).
     */
    int effectivePort(Flavor flavor) {
        if (port != null) {
            return port;
        }
        if (flavor == Flavor.TRADITIONAL_COMPATIBLE && destination != null && destination.port() != null) {
            return destination.port();
        }
        return scheme().equals("https") ? 443 : 80;
    }

    @Override
    public String toString() {
        if (isStream()) {
            StringBuilder sb = new StringBuilder(protocol).append(" connection");
            if (source != null) {
                sb.append(" from ").append(source);
            }
            if (destination != null) {
                sb.append(" to ").append(destination);
            }
            if (sni != null) {
                sb.append(" (SNI ").append(sni).append(')');
            }
            return sb.toString();
        }
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(protocol).append("://").append(host == null ? "" : hostHeader()).append(path);
        headers.forEach((k, v) -> sb.append(" [").append(k).append(": ").append(String.join(", ", v)).append(']'));
        if (sni != null) {
            sb.append(" (SNI ").append(sni).append(')');
        }
        return sb.toString();
    }
}
