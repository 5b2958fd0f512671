package dev.kongsync.plan;

import dev.kongsync.file.ConfigParser;
import dev.kongsync.file.SourceDocument;
import dev.kongsync.state.DesiredEntity;
import dev.kongsync.state.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stable-id rule. Expected ids for services, routes, consumers, vaults and plugins are go-kong's own test
 * vectors (Kong/go-kong kong/ids_test.go, {@code TestFillEntityID}, no workspace): kongsync's ids are those that
 * go-kong's FillID (decK, the Kong Ingress Controller) computes for the same entities.
 */
class StableIdsTest {

    private static DesiredState parse(String yaml) {
        ConfigParser.Result r = ConfigParser.parse(List.of(SourceDocument.parse("t.yml", yaml)), List.of());
        assertEquals(List.of(), r.problems());
        return r.state();
    }

    private static DesiredEntity only(DesiredState s, String kind, String label) {
        return s.entities().stream().filter(e -> e.kind().name().equals(kind) && java.util.Objects.equals(e.label(), label))
                .findFirst().orElseThrow();
    }

    @Test
    void goKongVectors() {
        DesiredState s = parse("""
                _format_version: "3.0"
                services:
                  - name: some.service.name
                    host: example.com
                  - name: service-1
                    host: example.com
                    plugins:
                      - name: rate-limiting
                        config: {minute: 1}
                routes:
                  - name: some.service.name
                    paths: [/x]
                  - name: route-1
                    paths: [/y]
                consumers:
                  - username: some.username
                  - username: consumer-1
                vaults:
                  - name: env
                    prefix: test-env
                plugins:
                  - name: rate-limiting
                    config: {minute: 1}
                  - name: rate-limiting
                    route: route-1
                    consumer: consumer-1
                    config: {minute: 1}
                """);
        assertEquals("d9bee1f8-db6e-5a37-9281-fd4aca16dc00", StableIds.id(only(s, "service", "some.service.name")));
        assertEquals("7f0753cd-bff2-5f74-85b0-e8e2057d9500", StableIds.id(only(s, "route", "some.service.name")));
        assertEquals("782780c4-d345-5682-bdf6-722dccaf93e0", StableIds.id(only(s, "consumer", "some.username")));
        assertEquals("837665c3-856f-5ca2-9db4-52a1cf8a32be", StableIds.id(only(s, "vault", "test-env")));
        List<DesiredEntity> plugins = s.entities().stream().filter(e -> e.kind().name().equals("plugin")).toList();
        assertEquals("rate-limiting:service/service-1", StableIds.name(plugins.get(0)));
        assertEquals("b0df9683-8b2f-5557-8b66-204b1529ed7f", StableIds.id(plugins.get(0)));
        assertEquals("rate-limiting", StableIds.name(plugins.get(1)));
        assertEquals("f0f8012b-f709-5685-9812-0130e5d83c5a", StableIds.id(plugins.get(1)));
        assertEquals("rate-limiting:route/route-1:consumer/consumer-1", StableIds.name(plugins.get(2)));
        assertEquals("d6a8d8fd-f156-5809-a2d0-c75b23db07a5", StableIds.id(plugins.get(2)));
    }

    @Test
    void otherKindsFollowTheSameRule() {
        DesiredState s = parse("""
                _format_version: "3.0"
                upstreams:
                  - name: up
                    targets:
                      - target: 10.0.0.1:8080
                consumers:
                  - custom_id: c-42
                    acls:
                      - group: admins
                    keyauth_credentials:
                      - key: not-a-name
                """);
        DesiredEntity target = s.entities().stream().filter(e -> e.kind().name().equals("target")).findFirst().orElseThrow();
        assertEquals("10.0.0.1:8080:upstream/up", StableIds.name(target));
        assertEquals(dev.kongsync.crypto.Uuid5.of(dev.kongsync.crypto.Uuid5.of(StableIds.KONG_NAMESPACE, "targets"), "10.0.0.1:8080:upstream/up"),
                StableIds.id(target));
        DesiredEntity consumer = only(s, "consumer", "c-42");
        assertEquals("custom_id/c-42", StableIds.name(consumer), "a consumer known by its second key names the key");
        DesiredEntity acl = s.entities().stream().filter(e -> e.kind().name().equals("acl")).findFirst().orElseThrow();
        assertEquals("admins:consumer/c-42", StableIds.name(acl));
        DesiredEntity keyAuth = s.entities().stream().filter(e -> e.kind().name().equals("key-auth")).findFirst().orElseThrow();
        assertNull(StableIds.id(keyAuth), "no id is derived from a secret");
        String random = IdStrategy.STABLE.idFor(keyAuth);
        assertTrue(random.matches("[0-9a-f-]{36}") && random.charAt(14) == '4', "random (v4) instead: " + random);
    }

    @Test
    void sameFileSameIds() {
        String yaml = "_format_version: \"3.0\"\nservices:\n  - name: a\n    host: a.example\n    routes:\n"
                + "      - name: r\n        paths: [/]\n";
        List<String> first = parse(yaml).entities().stream().map(IdStrategy.STABLE::idFor).toList();
        List<String> second = parse(yaml).entities().stream().map(IdStrategy.STABLE::idFor).toList();
        assertEquals(first, second);
    }
}
