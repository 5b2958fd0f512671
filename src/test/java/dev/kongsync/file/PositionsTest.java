package dev.kongsync.file;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact pointer-to-position index answers as the map of pointers to locations it replaces. */
class PositionsTest {
    @Test
    void answersAsAMapOfPointersToLocations() {
        Positions p = new Positions();
        Map<String, Location> expected = new HashMap<>();
        for (int i = 0; i < 70_000; i++) {
            String ptr = "/services/" + (i / 7) + (i % 7 == 0 ? "" : "/routes/" + (i % 7) + "/paths/0");
            p.put(ptr, i + 1, (i % 80) + 1, false);
            expected.putIfAbsent(ptr, new Location("f.yaml", i + 1, (i % 80) + 1));
        }
        p.put("/services/0/na\u00efve~1k\u00e9y", 5, 6, false);
        expected.put("/services/0/na\u00efve~1k\u00e9y", new Location("f.yaml", 5, 6));
        p.put("/services/1", 900, 3, false);
        p.put("/services/2", 901, 4, true);
        expected.put("/services/2", new Location("f.yaml", 901, 4));
        p.trimmed();
        p.put("/after/trim", 1_000_000, 2, false);
        expected.put("/after/trim", new Location("f.yaml", 1_000_000, 2));

        for (Map.Entry<String, Location> e : expected.entrySet()) {
            assertEquals(e.getValue(), p.get("f.yaml", e.getKey()), e.getKey());
            assertTrue(p.contains(e.getKey()));
        }
        assertNull(p.get("f.yaml", "/services/0/routes"));
        assertFalse(p.contains("/services/0/na\u00efve~1k\u00e9"), "a prefix is another pointer");
        assertFalse(p.contains(""));
    }
}
