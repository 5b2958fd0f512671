package dev.kongsync.owners;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.Problem;
import dev.kongsync.file.SourceDocument;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline ownership rules between owners of one Kong. */
class OwnershipLintTest {

    private static Owner owner(String file, String yaml) {
        SourceDocument doc = SourceDocument.parse(file, yaml);
        ConfigParser.Result r = ConfigParser.parse(List.of(doc), List.of());
        return new Owner(Owners.selectTags(doc), List.of(doc), r.state());
    }

    private static final String BANKING = """
            _format_version: "3.0"
            _info:
              select_tags: [banking]
            services:
              - name: auth-service
                host: auth.example
            """;

    @Test
    void disjointOwnersAreClean() {
        Owner reporting = owner("reporting.yml", BANKING.replace("banking", "reporting").replace("auth-service", "r"));
        assertEquals(List.of(), OwnershipLint.offline(List.of(owner("banking.yml", BANKING), reporting)).errors());
    }

    @Test
    void anOwnerWithoutSelectTagsManagesEveryonesEntities() {
        Owner all = owner("all.yml", "_format_version: \"3.0\"\nservices:\n  - name: x\n    host: x.example\n");
        List<Problem> errors = OwnershipLint.offline(List.of(owner("banking.yml", BANKING), all)).errors();
        assertEquals(1, errors.size(), "banking's select tags match none of all.yml's entities: " + errors);
        Problem p = errors.get(0);
        assertEquals("all.yml", p.location().file());
        assertTrue(p.message().startsWith("all.yml has no select tags: a sync of it manages every entity in Kong, "
                + "including 1 entity of banking.yml (select tags [banking]): service auth-service (banking.yml:5:5)"),
                p.message());
    }

    @Test
    void anEntitysOwnTagsCanPutItInAnotherOwnersScope() {
        Owner web = owner("web.yml", """
                _format_version: "3.0"
                _info:
                  select_tags: [web]
                services:
                  - name: web-service
                    host: web.example
                    tags: [banking]
                """);
        List<Problem> errors = OwnershipLint.offline(List.of(owner("banking.yml", BANKING), web)).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertEquals("_info.select_tags", errors.get(0).field());
        assertTrue(errors.get(0).message().startsWith("the select tags [banking] of banking.yml also match 1 entity of "
                + "web.yml (select tags [web]): service web-service (web.yml:5:5)"), errors.get(0).message());
    }
}
