package dev.kongsync.file;

import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * decK renders {@code ${{ env "..." }}} templates over the file's text and then parses it, so an unquoted template
 * takes the type YAML gives the rendered text; a quoted one stays a string.
 */
class PlainTemplateTest {
    private static final Map<String, String> ENV = Map.of("DECK_RETRIES", "5", "DECK_SERVICE_HOST", "example.com",
            "DECK_ON", "true", "DECK_RATIO", "0.5", "DECK_EMPTY", "~", "DECK_PORT_SUFFIX", "43");

    private static ConfigParser.Result parse(String yaml) {
        return ConfigParser.parse(List.of(SourceDocument.parse("kong.yml", yaml)), List.of(), ENV::get);
    }

    private static Map<String, Object> service(ConfigParser.Result r) {
        assertEquals(List.of(), r.problems());
        return r.state().entities().get(0).fields();
    }

    @Test
    void anUnquotedTemplateTakesTheTypeOfItsRenderedText() {
        Map<String, Object> s = service(parse("""
                _format_version: "3.0"
                services:
                  - name: mask-test-service
                    host: ${{ env "DECK_SERVICE_HOST" }}
                    retries: ${{ env "DECK_RETRIES" }}
                    enabled: ${{ env "DECK_ON" }}
                    port: 4${{ env "DECK_PORT_SUFFIX" }}
                    tls_verify_depth: ${{ env "DECK_EMPTY" }}
                """));
        assertEquals("example.com", s.get("host"));
        assertEquals(5L, s.get("retries"));
        assertEquals(Boolean.TRUE, s.get("enabled"));
        assertEquals(443L, s.get("port"));
        assertTrue(s.containsKey("tls_verify_depth"));
        assertNull(s.get("tls_verify_depth"));
    }

    @Test
    void aQuotedTemplateStaysAString() {
        Map<String, Object> s = service(parse("""
                _format_version: "3.0"
                services:
                  - name: a
                    host: "${{ env "DECK_SERVICE_HOST" }}"
                    path: "/v${{ env "DECK_RETRIES" }}"
                    retries: "${{ env "DECK_RETRIES" }}"
                    connect_timeout: '${{ env "DECK_RETRIES" }}'
                """));
        assertEquals("example.com", s.get("host"), "a template may sit in quotes inside quotes, as in decK files");
        assertEquals("/v5", s.get("path"));
        assertEquals("5", s.get("retries"));
        assertEquals("5", s.get("connect_timeout"));
    }

    @Test
    void pipesAndAliasesKeepTheirMeaningAndLinesStayRight() {
        ConfigParser.Result r = parse("""
                _format_version: "3.0"
                services:
                  - name: a
                    host: x.example
                    retries: &r ${{ env "DECK_RETRIES" }}
                    write_timeout: ${{ env "DECK_RETRIES" | toInt }}
                  - name: b
                    host: y.example
                    retries: *r
                    read_timeout: ${{ env "DECK_RATIO" }}
                """);
        assertEquals(List.of(), r.problems());
        DesiredState state = r.state();
        DesiredEntity a = state.entities().get(0);
        DesiredEntity b = state.entities().get(1);
        assertEquals(5L, a.fields().get("retries"));
        assertEquals(5L, a.fields().get("write_timeout"));
        assertEquals(5L, b.fields().get("retries"), "an alias of a plain template is plain too");
        assertEquals(0.5, b.fields().get("read_timeout"));
        assertEquals(10, b.doc().locate(b.pointer() + "/read_timeout").line());
        assertEquals(Map.of("retries", "DECK_RETRIES", "write_timeout", "DECK_RETRIES"), a.envPaths(),
                "every value from the environment is still known, so it is redacted");
    }

    @Test
    void anEnvironmentValueWrittenAsAQuotedYamlStringIsDecoded() {
        // decK's sync/057 sets DECK_CLIENT_CERT to "-----BEGIN CERTIFICATE-----\nMII...": YAML source text
        ConfigParser.Result r = ConfigParser.parse(List.of(SourceDocument.parse("kong.yml", """
                _format_version: "3.0"
                services:
                  - name: a
                    host: ${{ env "DECK_QUOTED" }}
                """)), List.of(), Map.of("DECK_QUOTED", "\"line1\\nline2\"")::get);
        assertEquals("line1\nline2", service(r).get("host"));
    }

    @Test
    void unsetAndMalformedTemplatesNameTheirLine() {
        ConfigParser.Result r = parse("""
                _format_version: "3.0"
                services:
                  - name: a
                    host: ${{ env "DECK_NOT_SET" }}
                    path: ${{ envv "X" }}
                """);
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertEquals("kong.yml:4:5: services[0].host: environment variable DECK_NOT_SET is not set",
                r.problems().get(0).toString());
        assertTrue(r.problems().get(1).toString().startsWith("kong.yml:5:11: services[0].path: malformed template"),
                r.problems().get(1).toString());
    }

    @Test
    void inJsonAQuotedTemplateIsAStringAndABareOneTakesItsType() {
        // as decK renders it: "host": "${{ env "X" }}" is a JSON string; a bare template makes the file YAML
        ConfigParser.Result r = ConfigParser.parse(List.of(SourceDocument.parse("kong.json",
                "{\"_format_version\": \"3.0\", \"services\": [{\"name\": \"a\",\n"
                        + "  \"host\": \"${{ env \"DECK_SERVICE_HOST\" }}\", \"path\": \"/${{ env \"DECK_RETRIES\" }}\",\n"
                        + "  \"retries\": ${{ env \"DECK_RETRIES\" }}}]}")), List.of(), ENV::get);
        Map<String, Object> s = service(r);
        assertEquals("example.com", s.get("host"));
        assertEquals("/5", s.get("path"));
        assertEquals(5L, s.get("retries"));
    }
}
