package dev.kongsync.testkong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lua 5.1 patterns as Lua's lstrlib.c matches them, with the patterns Kong's schemas use. */
class LuaPatternTest {
    @Test
    void anchorsClassesAndSets() {
        assertTrue(LuaPattern.find("GET", "^%u+$"));
        assertFalse(LuaPattern.find("Get", "^%u+$"));
        assertTrue(LuaPattern.find("a.b-c_d~e", "^[%w%.%-%_~]+$"));
        assertFalse(LuaPattern.find("a b", "^[%w%.%-%_~]+$"));
        assertTrue(LuaPattern.find("xx//yy", "//"));
        assertTrue(LuaPattern.find("abc", "b"));
        assertFalse(LuaPattern.find("abc", "^b"));
        assertTrue(LuaPattern.find("[x]", "^[]x[]+$"));
        assertFalse(LuaPattern.find("abc", "[^%a]"));
    }

    @Test
    void quantifiersIncludingTheLazyMinus() {
        // the vault prefix of kong/db/schema/entities/vaults.lua
        String prefix = "^[a-z][a-z%d-]-[a-z%d]+$";
        assertTrue(LuaPattern.find("banking-env", prefix));
        assertTrue(LuaPattern.find("mv1", prefix));
        assertFalse(LuaPattern.find("env-", prefix));
        assertFalse(LuaPattern.find("1env", prefix));
        assertTrue(LuaPattern.find("ab", "^ab?c?$"));
        assertTrue(LuaPattern.find("aaa", "^a*$"));
        assertFalse(LuaPattern.find("", "^a+$"));
    }

    @Test
    void routeHostWildcards() {
        // typedefs.hosts: at most one wildcard, leftmost or rightmost label
        assertTrue(LuaPattern.find("*.example.com", "^[^*]*%*?[^*]*$"));
        assertFalse(LuaPattern.find("*.*.com", "^[^*]*%*?[^*]*$"));
        assertTrue(LuaPattern.find("*.example.com", "^%*%."));
        assertTrue(LuaPattern.find("example.*", "%.%*$"));
        assertFalse(LuaPattern.find("a*b.com", "^%*%.") || LuaPattern.find("a*b.com", "%.%*$")
                || LuaPattern.find("a*b.com", "^[^*]*$"));
    }

    @Test
    void balanceFrontierCapturesAndBytes() {
        assertTrue(LuaPattern.find("[::1]:80", "^%b[]"));
        assertTrue(LuaPattern.find("THE (quick) fox", "%f[%a]%a+"));
        assertTrue(LuaPattern.find("abab", "^(ab)%1$"));
        assertTrue(LuaPattern.find("naïve", "^[%w\u0080-\u00f4]+$"), "UTF-8 bytes in a byte range");
        assertThrows(IllegalArgumentException.class, () -> LuaPattern.find("x", "[a"));
    }
}
