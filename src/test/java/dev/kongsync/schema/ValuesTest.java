package dev.kongsync.schema;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Numbers compare by value whatever type the parser gave them (YAML gives Long, Jackson Integer or Double). */
class ValuesTest {
    /** The rule by decimal text, as it is stated: integral values as Long when they fit, the rest as Double. */
    private static Object byDecimalText(Number n) {
        BigDecimal d = new BigDecimal(n.toString());
        if (d.stripTrailingZeros().scale() <= 0 && d.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0) {
            return d.longValue();
        }
        return n.doubleValue();
    }

    @Test
    void intsAndDoublesTakeTheSameCanonicalFormAsByTheirDecimalText() {
        List<Number> samples = new ArrayList<>(List.of(0, -1, 60, Integer.MAX_VALUE, Integer.MIN_VALUE, (short) 7,
                (byte) -3, 0.0, -0.0, 60.0, 60.5, 0.1, -2.5, 1e15, 1e18, 9.2e18, 0x1p63, -0x1p63, 1e19, 1e300,
                Double.MIN_VALUE, 4.9e-324, 123456789.000001));
        Random r = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            samples.add(r.nextInt());
            samples.add(r.nextDouble() * Math.pow(10, r.nextInt(40) - 20));
            samples.add((double) r.nextLong());
            samples.add(Math.floor(r.nextGaussian() * 1e6));
        }
        for (Number n : samples) {
            assertEquals(byDecimalText(n), Values.canonicalNumber(n), "for " + n + " (" + n.getClass() + ")");
        }
    }

    @Test
    void otherNumbersAndNonNumbersAsBefore() {
        assertEquals((double) 0.1f, Values.canonicalNumber(0.1f));
        assertEquals(3L, Values.canonicalNumber(3.0f));
        assertEquals(12L, Values.canonicalNumber(new BigDecimal("12.000")));
        assertEquals(5L, Values.canonicalNumber(java.math.BigInteger.valueOf(5)));
        assertEquals(9L, Values.canonicalNumber(9L));
        assertEquals("60", Values.canonicalNumber("60"));
        assertEquals(null, Values.canonicalNumber(null));
    }
}
