package dev.kongsync.file;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kong's {@code url} shorthand on services: {@code http://auth-service.banking.svc.cluster.local:8001/v1} becomes
 * protocol, host, port and path, as Kong expands it (port 80 for http and 443 for https when the URL has none;
 * path null when the URL has none).
 */
final class UrlShorthand {
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
