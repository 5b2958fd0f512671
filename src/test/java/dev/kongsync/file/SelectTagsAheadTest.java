package dev.kongsync.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The guess of the files' select tags made before they are parsed: what the parser will find where it can be known
 * from the {@code _info} block alone, "not sure" otherwise. Each case whose guess is a list is checked against the
 * parser itself.
 */
class SelectTagsAheadTest {
    private static final String SERVICES = "services:\n  - name: a\n    url: http://a.banking.svc.cluster.local:80\n";

    /** The guess for one text, and, where it is sure, that the parser finds the same. */
    private static List<String> guess(String text) {
        List<String> guessed = SelectTagsAhead.inText(text);
        if (guessed != null) {
            List<String> parsed = ConfigParser.loadTexts(List.of(Map.entry("kong.yml", text)), List.of()).selectTags();
            assertEquals(parsed, guessed, "the guess is what the parser finds in:\n" + text);
        }
        return guessed;
    }

    @Test
    void aYamlInfoBlockGivesItsTagsSorted() {
        assertEquals(List.of("a", "b"), guess("_format_version: \"3.0\"\n_info:\n  # owners\n  select_tags:\n"
                + "    - b\n\n    - a\n" + SERVICES));
        assertEquals(List.of("team"), guess("_format_version: \"3.0\"\n\"_info\": {select_tags: [team]}\n" + SERVICES));
        assertEquals(List.of("team"), guess("_format_version: \"3.0\"\n" + SERVICES
                + "_info:\r\n  select_tags: [team]\r\n"));
    }

    @Test
    void noInfoOrNoSelectTagsGivesNone() {
        assertEquals(List.of(), guess("_format_version: \"3.0\"\n" + SERVICES));
        assertEquals(List.of(), guess("_format_version: \"3.0\"\n_info:\n  defaults: {}\n" + SERVICES));
        // an _info key deeper in the file is not the header
        assertEquals(List.of(), guess("_format_version: \"3.0\"\nservices:\n  - name: a\n    url: http://a:80\n"
                + "    tags: [_info]\n"));
    }

    @Test
    void aJsonFileIsReadForItsInfoOnly() {
        assertEquals(List.of("x", "y"), guess("{\"_format_version\": \"3.0\", \"services\": [{\"name\": \"a\", "
                + "\"url\": \"http://a.banking.svc.cluster.local:80\"}], \"_info\": {\"defaults\": {}, "
                + "\"select_tags\": [\"y\", \"x\"]}}"));
        assertEquals(List.of(), guess("{\"_format_version\": \"3.0\", \"services\": []}"));
        assertEquals(List.of(), guess("{\"_format_version\": \"3.0\", \"_info\": {\"defaults\": {}}}"));
        assertNull(SelectTagsAhead.inText("{\"_info\": {\"select_tags\": null}}"), "refused by the parser");
        assertNull(SelectTagsAhead.inText("{\"_info\": [\"a\"]}"), "an _info that is not an object");
        assertNull(SelectTagsAhead.inText("{\"_info\": {\"select_tags\": \"a\"}}"), "select_tags not a list");
        assertNull(SelectTagsAhead.inText("{\"_info\": {\"select_tags\": [\"${{ env \\\"DECK_TEAM\\\" }}\"]}}"),
                "a template");
    }

    @Test
    void whatOnlyTheParserKnowsIsNotGuessed() {
        assertNull(SelectTagsAhead.inText("_info:\n  select_tags: ['${{ env \"DECK_TEAM\" }}']\n" + SERVICES),
                "a template");
        assertNull(SelectTagsAhead.inText("x: &t [a]\n_info:\n  select_tags: *t\n" + SERVICES), "an alias");
        assertNull(SelectTagsAhead.inText("_info:\n  select_tags: a\n"), "not a list");
        assertNull(SelectTagsAhead.inText("_info:\n  select_tags:\n" + SERVICES), "null, which the parser refuses");
        assertNull(SelectTagsAhead.inText("{_info: {select_tags: [a]}}"), "a YAML flow mapping, not JSON");
        assertNull(SelectTagsAhead.inText("_info:\n  select_tags: [a]\n---\n_info:\n  select_tags: [b]\n"),
                "documents that disagree");
    }

    @Test
    void filesTogether(@TempDir Path dir) throws Exception {
        Path tagged = Files.writeString(dir.resolve("a.yml"), "_info:\n  select_tags: [team]\n" + SERVICES);
        Path plain = Files.writeString(dir.resolve("b.yml"), "_format_version: \"3.0\"\n");
        Path other = Files.writeString(dir.resolve("c.yml"), "_info:\n  select_tags: [other]\n");
        assertEquals(Optional.of(List.of("team")), SelectTagsAhead.of(List.of(plain.toString(), tagged.toString()),
                List.of()));
        assertEquals(Optional.empty(), SelectTagsAhead.of(List.of(tagged.toString(), other.toString()), List.of()),
                "files that disagree are refused by the parser");
        assertEquals(Optional.empty(), SelectTagsAhead.of(List.of("-"), List.of()), "standard input is read once");
        assertEquals(Optional.empty(), SelectTagsAhead.of(List.of(dir.resolve("none.yml").toString()), List.of()));
        assertEquals(Optional.empty(), SelectTagsAhead.of(List.of(), List.of()), "files from a ConfigMap");
        assertEquals(Optional.of(List.of("a", "b")), SelectTagsAhead.of(List.of("-"), List.of("b", "a")),
                "--select-tag decides whatever the files say");
        assertEquals(Optional.empty(), SelectTagsAhead.of(List.of(plain.toString()),
                List.of("a", "b", "c", "d", "e", "f")), "more tags than Kong filters on");
    }
}
