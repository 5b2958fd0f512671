package dev.kongsync.admin;

/**
 * An Admin API request failed: HTTP status (0 when no answer came) and Kong's message. Never carries headers.
 */
public final class AdminApiException extends RuntimeException {
    private final String method;
    private final String path;
    private final int status;
    private final String kongMessage;
    private final String body;

    public AdminApiException(String method, String path, int status, String kongMessage, String body, Throwable cause) {
        super(method + " " + path + " failed: " + (status > 0 ? "HTTP " + status + " " : "") + kongMessage, cause);
        this.method = method;
        this.path = path;
        this.status = status;
        this.kongMessage = kongMessage;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** HTTP status, or 0 if Kong could not be reached or did not answer in time. */
    public int status() {
        return status;
    }

    public String kongMessage() {
        return kongMessage;
    }

    /** The raw response body (Kong's error document), or null. */
    public String body() {
        return body;
    }
}
