package dev.kongsync.cli;

import dev.kongsync.admin.AdminConfig;
import dev.kongsync.admin.RetryPolicy;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How to reach the Kong Admin API; shared by every command that talks to Kong. */
public final class KongOptions {

    @Option(names = "--kong-addr", defaultValue = "http://localhost:8001", paramLabel = "URL",
            description = "Kong Admin API address (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--kong-admin-token", paramLabel = "TOKEN", description = "Sent as the Kong-Admin-Token header. "
            + "Prefer KONGSYNC_KONG_ADMIN_TOKEN or --kong-admin-token-file: a command line is visible to other processes.")
    String adminToken;

    @Option(names = "--kong-admin-token-file", paramLabel = "FILE",
            description = "Read the admin token from this file (e.g. a mounted Secret).")
    Path adminTokenFile;

    @Option(names = "--header", paramLabel = "NAME:VALUE",
            description = "Extra header sent with every Admin API request; repeatable. Values are never printed.")
    List<String> headers = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "FILE", description = "PEM file of the CA certificate(s) to trust.")
    Path caCert;

    @Option(names = "--tls-skip-verify", description = "Do not verify the Admin API's TLS certificate (unsafe).")
    boolean tlsSkipVerify;

    @Option(names = "--tls-client-cert", paramLabel = "FILE", description = "PEM client certificate for mutual TLS.")
    Path clientCert;

    @Option(names = "--tls-client-key", paramLabel = "FILE", description = "PEM (PKCS#8) key of --tls-client-cert.")
    Path clientKey;

    @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = Durations.class,
            description = "Timeout of one Admin API request (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--retries", defaultValue = "5", paramLabel = "N",
            description = "Retries of a request that failed with 5xx, 429 or a connection error, with exponential "
                    + "backoff (default: ${DEFAULT-VALUE}); 4xx answers are never retried.")
    int retries;

    @Option(names = {"-v", "--verbose"}, description = "Print the time each stage took, and the Admin API requests "
            + "sent by method, to standard error.")
    boolean verbose;

    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

    /** Where an option's value came from: the command line, its environment variable, or its default. */
    String source(String option) {
        if (spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option)) {
            return option;
        }
        String variable = EnvironmentDefaults.variableFor(option);
        return System.getenv(variable) != null ? variable : "the default of " + option;
    }

    public AdminConfig toConfig() {
        URI uri;
        try {
            uri = URI.create(address.endsWith("/") ? address.substring(0, address.length() - 1) : address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source("--kong-addr") + ": not a URL: " + address);
        }
        if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                || uri.getHost() == null) {
            throw new IllegalArgumentException(source("--kong-addr") + " must be an http:// or https:// URL, got "
                    + (uri.getRawUserInfo() == null ? address : "a URL with credentials"));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("--kong-addr must not carry credentials (they would show in reports "
                    + "and plans); use --header 'Authorization:...' or --kong-admin-token");
        }
        Map<String, String> hs = new LinkedHashMap<>();
        for (String h : headers) {
            int i = h.indexOf(':');
            if (i <= 0) {
                throw new IllegalArgumentException(source("--header") + " must look like Name:value");
            }
            hs.put(h.substring(0, i).trim(), h.substring(i + 1).trim());
        }
        String token = adminToken;
        if (adminTokenFile != null) {
            try {
                token = Files.readString(adminTokenFile, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new IllegalArgumentException("--kong-admin-token-file: cannot read " + adminTokenFile);
            }
        }
        if (retries < 0) {
            throw new IllegalArgumentException(source("--retries") + " must be 0 or more");
        }
        String tokenSource = adminTokenFile != null ? source("--kong-admin-token-file") + " " + adminTokenFile
                : source("--kong-admin-token");
        return new AdminConfig(uri, token, hs, caCert, tlsSkipVerify, clientCert, clientKey, timeout,
                RetryPolicy.DEFAULT.withMaxRetries(retries), source("--kong-addr"), tokenSource);
    }
}
