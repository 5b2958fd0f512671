package dev.kongsync.schema;

import dev.kongsync.kind.Kinds;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typedef checks Kong makes in code, with the messages the recorded Kong 3.9.1 answered on
 * {@code POST /schemas/{entity}/validate} (second transcript), and Kong's rules from
 * {@code kong/db/schema/typedefs.lua} and {@code kong/tools/ip.lua} at 3.9.1 where nothing was recorded.
 */
class TypedefsTest {
    private final SchemaRegistry schemas = BundledSchemas.registry();

    private List<String> violations(dev.kongsync.kind.EntityKind kind, Map<String, Object> entity) {
        return Validator.validate(schemas.forEntity(kind, entity).orElseThrow(), entity,
                Set.of("service", "route", "consumer", "certificate", "upstream", "client_certificate", "set"))
                .stream().map(v -> v.field() + ": " + v.message()).toList();
    }

    @Test
    void recordedRefusals() {
        assertEquals(List.of("host: invalid value: auth_service..banking!"),
                violations(Kinds.SERVICE, Map.of("name", "a", "host", "auth_service..banking!")));
        assertEquals(List.of("name: invalid value 'auth service/v1': the only accepted ascii characters are "
                + "alphanumerics or ., -, _, and ~"), violations(Kinds.SERVICE, Map.of("name", "auth service/v1",
                "host", "a.example")));
        assertEquals(List.of("tags.0: invalid tag 'team,banking': expected printable ascii (except `,` and `/`) or "
                + "valid utf-8 sequences"), violations(Kinds.SERVICE, Map.of("name", "a", "host", "a.example",
                "tags", List.of("team,banking"))));
        List<String> regex = violations(Kinds.ROUTE, Map.of("name", "r", "paths", List.of("/a", "~/b/((")));
        assertEquals(1, regex.size(), regex.toString());
        assertTrue(regex.get(0).startsWith("paths.1: invalid regex: '/b/((' ("), regex.toString());
        assertEquals(List.of(), violations(Kinds.ROUTE, Map.of("name", "r", "paths", List.of("~/api/v[0-9]+/.*"))));
    }

    @Test
    void hosts() {
        assertNull(Typedefs.host("auth-service.banking.svc.cluster.local"));
        assertNull(Typedefs.host("10.0.0.1"));
        assertNull(Typedefs.host("localhost"));
        assertEquals("must not have a port", Typedefs.host("a.example:8080"));
        assertEquals("invalid value: a-.example", Typedefs.host("a-.example"));
        assertNull(Typedefs.hostWithOptionalPort("a.example:8080"));
        assertEquals("invalid port number", Typedefs.hostWithOptionalPort("a.example:99999"));
        assertNull(Typedefs.hostWithWildcards("*.banking.example"));
        assertEquals("must not be an IP", Typedefs.sni("10.0.0.1"));
        assertEquals("only one wildcard must be specified", Typedefs.wildcardHost("*.a.*"));
        assertEquals("Invalid name ('10.0.0.1'); no ip addresses allowed", Typedefs.upstreamName("10.0.0.1"));
        assertNull(Typedefs.upstreamName("auth-upstream"));
    }

    @Test
    void pathsAndEmptyStrings() {
        assertEquals("non-normalized path, consider use '/a/c' instead", Typedefs.routerPath("/a/b/../c"));
        assertEquals("invalid url-encoded value: '%zz'", Typedefs.routerPath("/a%zz"));
        assertNull(Typedefs.routerPath("/api/payments"));
        assertEquals(List.of("path: invalid path: '/a b' (characters outside of the reserved list of RFC 3986 found)"),
                violations(Kinds.SERVICE, Map.of("name", "a", "host", "a.example", "path", "/a b")));
        assertEquals(List.of("host: length must be at least 1"), violations(Kinds.SERVICE, Map.of("name", "a",
                "host", "")));
    }

    @Test
    void pluginConfigsUseTheSameTypedefs() {
        // rate-limiting's config.redis.host is typedefs.host
        List<String> v = violations(Kinds.PLUGIN, Map.of("name", "rate-limiting", "config", Map.of("minute", 5,
                "policy", "redis", "redis", Map.of("host", "redis..redis!"))));
        assertEquals(List.of("config.redis.host: invalid value: redis..redis!"), v);
    }
}
