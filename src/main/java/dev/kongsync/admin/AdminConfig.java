package dev.kongsync.admin;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * How to reach a Kong Admin API. {@link #toString()} never shows the token or header values.
 *
 * @param address        base URL, e.g. http://localhost:8001
 * @param adminToken     sent as {@code Kong-Admin-Token}; may be null
 * @param headers        extra headers sent with every request
 * @param caCert         PEM file with the CA certificates to trust; null for the JVM's defaults
 * @param tlsSkipVerify  trust any server certificate and host name
 * @param clientCert     PEM client certificate for mutual TLS; null for none
 * @param clientKey      PEM (PKCS#8) key of the client certificate
 * @param timeout        per-request timeout
 * @param retry          retry policy for transient failures
 * @param addressSource  where the address came from, for messages ("--kong-addr", "KONGSYNC_KONG_ADDR", "the default")
 * @param tokenSource    where the admin token came from, for messages ("--kong-admin-token-file /run/token",
 *                       "KONGSYNC_KONG_ADMIN_TOKEN"); never the token itself
 */
public record AdminConfig(URI address, String adminToken, Map<String, String> headers, Path caCert,
                          boolean tlsSkipVerify, Path clientCert, Path clientKey, Duration timeout,
                          RetryPolicy retry, String addressSource, String tokenSource) {

    public AdminConfig(URI address, String adminToken, Map<String, String> headers, Path caCert,
                       boolean tlsSkipVerify, Path clientCert, Path clientKey, Duration timeout,
                       RetryPolicy retry, String addressSource) {
        this(address, adminToken, headers, caCert, tlsSkipVerify, clientCert, clientKey, timeout, retry, addressSource,
                "--kong-admin-token");
    }

    public static AdminConfig of(String address) {
        return new AdminConfig(URI.create(address), null, Map.of(), null, false, null, null,
                Duration.ofSeconds(10), RetryPolicy.DEFAULT, "--kong-addr");
    }

    public AdminConfig withRetry(RetryPolicy r) {
        return new AdminConfig(address, adminToken, headers, caCert, tlsSkipVerify, clientCert, clientKey, timeout, r,
                addressSource, tokenSource);
    }

    @Override
    public String toString() {
        return "AdminConfig[address=" + address + ", token=" + (adminToken == null ? "none" : "***")
                + ", headers=" + headers.keySet() + ", timeout=" + timeout + "]";
    }
}
