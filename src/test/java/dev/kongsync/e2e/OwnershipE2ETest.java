package dev.kongsync.e2e;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ownership lint: owners of one Kong checked offline against each other (validate --owners) and online
 * against the test Kong over HTTP (diff, sync, dump).
 */
@QuarkusMainTest
class OwnershipE2ETest extends E2E {

    /** A payments team whose select tags include banking's: banking's scope matches everything it declares. */
    Path overlappingTeam() {
        return file("payments.yml", """
                _format_version: "3.0"
                _info:
                  select_tags: [banking, payments]
                services:
                  - name: payments-service
                    url: http://payments.payments.svc.cluster.local:8080
                    routes:
                      - name: payments-route
                        paths: ["/payments"]
                """);
    }

    @Test
    void twoTeamFilesWhoseScopesOverlap(QuarkusMainLauncher launcher) {
        Path team = overlappingTeam();
        LaunchResult r = run(launcher, "validate", "--owners", "kong/kong.yml", team.toString());
        assertEquals(1, r.exitCode(), r.getOutput());
        assertEquals("error: kong/kong.yml:10:3: _info.select_tags: the select tags [banking] of kong/kong.yml also "
                + "match 2 entities of " + team + " (select tags [banking, payments]): service payments-service ("
                + team + ":5:5), route payments-route (" + team + ":8:9); a sync of kong/kong.yml would delete them. "
                + "Give each owner a select tag the other's entities do not carry", r.getErrorOutput().trim());

        LaunchResult clean = ok(launcher, "validate", "--owners", "kong/kong.yml", "kong/examples/split-by-team.yml");
        assertEquals("kong/kong.yml (select tags [banking]): valid (4 services, 5 routes, 5 plugins)\n"
                + "kong/examples/split-by-team.yml (select tags [reporting]): valid (1 service, 1 route)",
                clean.getOutput().trim());
        assertEquals("", clean.getErrorOutput().trim());
    }

    @Test
    void referencesToAnotherOwnersEntityNeedLookupTagsThatFindIt(QuarkusMainLauncher launcher) {
        String team = """
                _format_version: "3.0"
                _info:
                  select_tags: [web]
                %s
                routes:
                  - name: web-login-route
                    service: auth-service
                    paths: ["/web/login"]
                """;
        Path none = file("web.yml", team.formatted(""));
        LaunchResult r = run(launcher, "validate", "--owners", "kong/kong.yml", none.toString());
        assertEquals(1, r.exitCode());
        assertEquals("error: " + none + ":7:5: routes[0].service: references service auth-service, which kong/kong.yml "
                + "(select tags [banking]) declares (kong/kong.yml:14:5), without _info.default_lookup_tags.services: "
                + "kongsync would not find it (add default_lookup_tags: {services: [banking]})",
                r.getErrorOutput().trim(), "the lint's error replaces the parser's");

        Path wrong = file("web-wrong.yml", team.formatted("  default_lookup_tags:\n    services: [banking, web]"));
        LaunchResult w = run(launcher, "validate", "--owners", "kong/kong.yml", wrong.toString());
        assertEquals(1, w.exitCode());
        assertTrue(w.getErrorOutput().contains("routes[0].service: references service auth-service, which kong/kong.yml "
                + "(select tags [banking]) declares (kong/kong.yml:14:5), but _info.default_lookup_tags.services "
                + "[banking, web] does not find it: it carries [banking]"), w.getErrorOutput());

        Path right = file("web-right.yml", team.formatted("  default_lookup_tags:\n    services: [banking]"));
        ok(launcher, "validate", "--owners", "kong/kong.yml", right.toString());

        Path many = file("web-many.yml", team.formatted("  default_lookup_tags:\n    services: [a, b, c, d, e, f]"));
        LaunchResult m = run(launcher, "validate", many.toString());
        assertEquals(1, m.exitCode());
        assertEquals("error: " + many + ":5:5: _info.default_lookup_tags.services: Kong filters on at most 5 tags, "
                + "got 6: the lookup would be refused", m.getErrorOutput().trim());
    }

    @Test
    void onlineAgainstKong(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        ok(launcher, "sync", overlappingTeam().toString());
        kong.clearRequests();
        LaunchResult diff = run(launcher, "diff", "kong/kong.yml", "--exit-code");
        assertEquals(3, diff.exitCode(), "banking's scope matches the payments team's entities: it would delete them");
        assertTrue(diff.getErrorOutput().contains("warning: this change deletes 2 entities in the scope [banking] that "
                + "also carry the tags [payments] (route payments-route, service payments-service): if another file "
                + "owns them with select tags [banking, payments], both scopes match them and each sync undoes the "
                + "other's"), diff.getErrorOutput());
        assertEquals(0, kong.writes().size());
    }

    @Test
    void unmanagedEntitiesAreCountedAndListed(QuarkusMainLauncher launcher) throws Exception {
        ok(launcher, "sync", "kong/kong.yml");
        put("/services/legacy-service", "{\"host\": \"legacy.example\"}");
        put("/services/legacy-service/routes/legacy-route", "{\"paths\": [\"/legacy\"], \"tags\": [\"kongsync:allow-overlap\"]}");
        LaunchResult plain = ok(launcher, "diff", "kong/kong.yml");
        assertFalse(plain.getErrorOutput().contains("unmanaged"), "only with -v");
        LaunchResult verbose = ok(launcher, "diff", "kong/kong.yml", "-v");
        assertTrue(verbose.getErrorOutput().contains("unmanaged: 2 entities in Kong carry no owner tag (unmanaged: no "
                + "select-tag scope owns them): service legacy-service, route legacy-route"), verbose.getErrorOutput());
        Path out = tmp.resolve("dump.yml");
        LaunchResult dump = ok(launcher, "dump", "--select-tag", "banking", "-o", out.toString());
        assertTrue(dump.getErrorOutput().contains("unmanaged: 2 entities in Kong carry no owner tag"), dump.getErrorOutput());
        assertFalse(Files.readString(out).contains("legacy"), "the dump keeps to its scope");
    }

    @Test
    void aReferenceByIdOutsideTheScopeWithoutLookupTagsIsNamed(QuarkusMainLauncher launcher) throws Exception {
        put("/services/7d1e5a4b-8f6c-4b9e-9c3a-2f1b0d6e8a71", "{\"name\": \"shared-service\", \"host\": "
                + "\"shared.example\", \"tags\": [\"platform\"]}");
        Path f = file("byid.yml", """
                _format_version: "3.0"
                _info:
                  select_tags: [web]
                routes:
                  - name: web-route
                    service: 7d1e5a4b-8f6c-4b9e-9c3a-2f1b0d6e8a71
                    paths: ["/web"]
                """);
        LaunchResult r = ok(launcher, "diff", f.toString());
        assertTrue(r.getErrorOutput().contains("warning: route web-route (" + f + ":5:5) references service shared-service "
                + "(7d1e5a4b-8f6c-4b9e-9c3a-2f1b0d6e8a71) by id; it is outside the select tags [web], owned by the tags "
                + "[platform]: list [platform] in _info.default_lookup_tags.services"), r.getErrorOutput());
    }

    static void put(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(kong.url() + path))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }
}
