package dev.kongsync.file;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input that would make a parser run away is refused with its line, at once. */
class BoundedInputTest {

    /** Nine nested aliases ("billion laughs"): 9^9 values if expanded. */
    static String aliasBomb() {
        StringBuilder sb = new StringBuilder("_format_version: \"3.0\"\n");
        sb.append("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'i'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i > 0 ? "," : "").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        return sb.toString();
    }

    @Test
    void anAliasBombIsRefusedAtTheLineWhereItExplodes() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SourceDocument.parse("bomb.yml", aliasBomb()));
        Problem p = e.problems().get(0);
        assertTrue(p.message().startsWith("YAML aliases expand to more than 1000000 values"), p.toString());
        assertEquals(7, p.location().line(), p.toString());
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "_format_version: \"3.0\"\nx: " + "[".repeat(200) + "]".repeat(200) + "\n";
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SourceDocument.parse("deep.yml", deep));
        assertTrue(e.problems().get(0).toString().startsWith("deep.yml:2:"), e.problems().toString());
        assertTrue(e.problems().get(0).message().contains("nested more than 64 levels deep"), e.problems().toString());
    }

    @Test
    void aTabInIndentationNamesItsLine() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> SourceDocument.parse("tab.yml", "_format_version: \"3.0\"\nservices:\n\t- name: a\n"));
        Problem p = e.problems().get(0);
        assertEquals(3, p.location().line(), p.toString());
        assertTrue(p.message().contains("tab"), p.toString());
    }

    @Test
    void aJsonFileThatHoldsYamlIsReadAsYaml() {
        SourceDocument d = SourceDocument.parse("kong.json", "_format_version: \"3.0\"\nservices:\n- name: a\n  host: b\n");
        assertTrue(d.root() instanceof java.util.Map<?, ?>);
    }
}
