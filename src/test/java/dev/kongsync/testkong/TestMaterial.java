package dev.kongsync.testkong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Throwaway certificates for the test Kong's tests: the recorded transcripts' pair, and a leaf certificate. */
final class TestMaterial {
    private TestMaterial() {}

    /** The certificate and key of the write matrix (transcript 3, line 4), as JSON strings {cert, key}. */
    static ObjectNode certificate() {
        try {
            for (TestKongFidelityTest.Line l : TestKongFidelityTest.read("admin-api-transcript-3-write-matrix.jsonl")) {
                if (l.method().equals("POST") && l.path().equals("/certificates")) {
                    ObjectNode out = KongSchema.NODES.objectNode();
                    out.set("cert", l.body().get("cert"));
                    out.set("key", l.body().get("key"));
                    return out;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no certificate in the write matrix");
    }

    /** A self-signed certificate with basicConstraints CA:FALSE (generated with openssl for these tests). */
    static JsonNode leaf() {
        try (InputStream in = TestMaterial.class.getClassLoader().getResourceAsStream("testkong/leaf-certificate.pem")) {
            return KongSchema.NODES.textNode(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Two certificates in one string. */
    static JsonNode twoCertificates(JsonNode pair) {
        return KongSchema.NODES.textNode(pair.get("cert").asText() + pair.get("cert").asText());
    }
}
