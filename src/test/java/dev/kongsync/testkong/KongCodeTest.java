package dev.kongsync.testkong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The validators Kong keeps in code, each from the file named in its test. */
class KongCodeTest {
    @Test
    void hostsFromTypedefsAndToolsIp() {
        // kong/db/schema/typedefs.lua validate_host over kong/tools/ip.lua normalize_ip
        assertNull(KongCode.validateHost("auth-service.banking.svc.cluster.local"));
        assertNull(KongCode.validateHost("10.0.0.1"));
        assertNull(KongCode.validateHost("[::1]"));
        assertEquals("invalid value: auth_service..banking!", KongCode.validateHost("auth_service..banking!"));
        assertEquals("invalid value: a..b", KongCode.validateHost("a..b"));
        assertEquals("invalid value: a-.b", KongCode.validateHost("a-.b"));
        assertEquals("must not have a port", KongCode.validateHost("example.com:80"));
        assertEquals("must not have a port", KongCode.validateHost("example.com:99999"));
        assertEquals("invalid value: 300.1.1.1", KongCode.validateHost("300.1.1.1"));
        assertNull(KongCode.validateHostWithOptionalPort("example.com:8080"));
        assertEquals("invalid hostname: a b", KongCode.validateHostWithOptionalPort("a b"));
    }

    @Test
    void namesAndTags() {
        // kong/db/schema/typedefs.lua validate_name, validate_utf8_name, validate_tag
        assertNull(KongCode.validateUtf8Name("auth-service.v1_~"));
        assertNull(KongCode.validateUtf8Name("zahlungsdienst-ä"));
        assertEquals("invalid value 'auth service/v1': the only accepted ascii characters are alphanumerics or "
                + "., -, _, and ~", KongCode.validateUtf8Name("auth service/v1"));
        assertEquals("invalid value 'a b': it must only contain alphanumeric and '., -, _, ~' characters",
                KongCode.validateName("a b"));
        assertNull(KongCode.validateTag("other-team"));
        assertNull(KongCode.validateTag("team banking:eu+1"));
        assertNull(KongCode.validateTag("équipe"));
        assertEquals("invalid tag 'team,banking': expected printable ascii (except `,` and `/`) or valid utf-8 "
                + "sequences", KongCode.validateTag("team,banking"));
        assertEquals("invalid tag 'a/b': expected printable ascii (except `,` and `/`) or valid utf-8 sequences",
                KongCode.validateTag("a/b"));
    }

    @Test
    void sniAndWildcardHosts() {
        // kong/db/schema/typedefs.lua validate_wildcard_host and validate_sni
        assertNull(KongCode.validateWildcardHost("*.banking.example"));
        assertNull(KongCode.validateWildcardHost("banking.*"));
        assertEquals("wildcard must be leftmost or rightmost character", KongCode.validateWildcardHost("api.*.example"));
        assertEquals("only one wildcard must be specified", KongCode.validateWildcardHost("*.example.*"));
        assertEquals("must not be an IP", KongCode.validateWildcardHost("10.0.0.1"));
        assertEquals("must not have a port", KongCode.validateWildcardHost("a.example:443"));
        assertEquals("invalid value: wildcard.bad!", KongCode.validateWildcardHost("*.bad!"));
        assertEquals("must not be an IP", KongCode.validateSni("10.0.0.1"));
    }

    @Test
    void routerPaths() {
        // kong/db/schema/typedefs.lua validate_path_with_regexes, kong/tools/uri.lua normalize
        assertNull(KongCode.validateRouterPath("/api/auth"));
        assertNull(KongCode.validateRouterPath("/a b"), "characters outside RFC 3986 are not an error here");
        assertEquals("non-normalized path, consider use '/a/c' instead", KongCode.validateRouterPath("/a/b/../c"));
        assertEquals("non-normalized path, consider use '/a/b' instead", KongCode.validateRouterPath("/a/./b"));
        assertEquals("non-normalized path, consider use '/~' instead", KongCode.validateRouterPath("/%7E"));
        assertNull(KongCode.validateRouterPath("/a%2Fb"), "reserved characters stay encoded");
        assertEquals("invalid url-encoded value: '%zz'", KongCode.validateRouterPath("/a%zz"));
        assertNull(KongCode.validateRouterPath("~/v[0-9]+/x$"));
        assertEquals("invalid regex: '/api/(unclosed' (PCRE returned: pcre2_compile() failed: missing closing "
                + "parenthesis in \"/api/(unclosed\")", KongCode.validateRouterPath("~/api/(unclosed"));
        assertEquals("invalid regex: '/a)' (PCRE returned: pcre2_compile() failed: unmatched closing parenthesis "
                + "in \"/a)\")", KongCode.validateRouterPath("~/a)"));
        assertNull(KongCode.validateRouterPath("~/a{x"), "PCRE reads a brace that is no quantifier as a literal");
    }

    @Test
    void targetsAndUpstreamNames() {
        // kong/db/dao/targets.lua format_target (port 8000 by default), kong/tools/ip.lua format_host
        assertEquals("10.0.0.1:8000", DaoOverrides.formatTarget("10.0.0.1"));
        assertEquals("api.internal:80", DaoOverrides.formatTarget("api.internal:80"));
        assertEquals("[0000:0000:0000:0000:0000:0000:0000:0001]:8000", DaoOverrides.formatTarget("::1"));
        assertEquals("[0000:0000:0000:0000:0000:0000:0000:0001]:81", DaoOverrides.formatTarget("[::1]:81"));
        // kong/db/schema/entities/upstreams.lua validate_name
        assertEquals("Invalid name ('10.0.0.1'); no ip addresses allowed", KongCode.validateUpstreamName("10.0.0.1"));
        assertEquals("Invalid name ('u:80'); no port allowed", KongCode.validateUpstreamName("u:80"));
        assertEquals("Invalid name ('a b'); must be a valid hostname", KongCode.validateUpstreamName("a b"));
    }

    @Test
    void headersCookiesUrlsAndIps() {
        // kong/tools/http.lua validate_header_name, validate_http_token; LuaSocket url.parse; resty.ipmatcher
        assertNull(KongCode.validateHeaderName("X-Version_2"));
        assertEquals("bad header name 'x version', allowed characters are A-Z, a-z, 0-9, '_', and '-'",
                KongCode.validateHeaderName("x version"));
        assertEquals("contains one or more invalid characters. ASCII control characters (0-31;127), space, tab and "
                + "the characters ()<>@,;:\\\"/?={}[] are not allowed.", KongCode.validateHttpToken("a;b"));
        assertNull(KongCode.validateUrl("https://logs.example:9200/x?y#z"));
        assertEquals("missing host in url", KongCode.validateUrl("/only/a/path"));
        assertEquals("missing scheme in url", KongCode.validateUrl("//host/x"));
        // kong/plugins/oauth2/daos.lua validate_uri
        assertEquals("fragment not allowed in 'https://a.example/cb#x'",
                KongCode.validateOauth2Uri("https://a.example/cb#x"));
        assertEquals(true, KongCode.isIp("2001:db8::1"));
        assertEquals(true, KongCode.isIp("::ffff:10.0.0.1"));
        assertEquals(false, KongCode.isIp("1:2:3:4:5:6:7:8:9"));
        assertEquals(false, KongCode.isIp("010.0.0.1"));
    }
}
