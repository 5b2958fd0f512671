package dev.kongsync.kind;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kong's {@code url} shorthand on services: {@code http://auth-service.banking.svc.cluster.local:8001/v1} becomes
 * protocol, host, port and path, as Kong expands it (port 80 for http and 443 for https when the URL has none;
 * path null when the URL has none).
 */
final class UrlShorthand {
    /** A service's {@code url} instead of protocol, host, port and path. */
    static final EntityKind.FileShorthand SERVICE_URL = (fields, derivedFrom, problems) -> {
        if (!fields.containsKey("url")) {
            return;
        }
        Object url = fields.remove("url");
        for (String f : List.of("protocol", "host", "port", "path")) {
            if (fields.containsKey(f)) {
                problems.put("url", "give either url or " + f + " (with protocol, host, port, path), not both");
            }
        }
        if (!(url instanceof String s)) {
            problems.put("url", "expected a string");
            return;
        }
        try {
            for (Map.Entry<String, Object> x : expand(s).entrySet()) {
                fields.put(x.getKey(), x.getValue());
                derivedFrom.put(x.getKey(), "url");
            }
        } catch (IllegalArgumentException ex) {
            problems.put("url", ex.getMessage());
        }
    };

    private UrlShorthand() {}

    /** The fields the URL stands for, or throws IllegalArgumentException with a message for the user. */
    static Map<String, Object> expand(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null) {
            throw new IllegalArgumentException("the URL needs a scheme, e.g. http://" + url);
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host: " + url);
        }
        scheme = scheme.toLowerCase();
        int port = uri.getPort();
        if (port < 0) {
            if (scheme.equals("http")) {
                port = 80;
            } else if (scheme.equals("https")) {
                port = 443;
            } else {
                throw new IllegalArgumentException("a " + scheme + " URL needs an explicit port");
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", scheme);
        out.put("host", uri.getHost());
        out.put("port", (long) port);
        String path = uri.getRawPath();
        out.put("path", path == null || path.isEmpty() ? null : path);
        return out;
    }
}
