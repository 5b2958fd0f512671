package dev.kongsync.cli;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The question before reset: only "yes" goes ahead; anything else, or the end of input, does not. */
class ConfirmationTest {
    static Confirmation.Terminal answering(String answer, List<String> asked) {
        return prompt -> {
            asked.add(prompt);
            return answer;
        };
    }

    @Test
    void onlyYesGoesAhead() {
        List<String> asked = new ArrayList<>();
        assertTrue(Confirmation.confirmed(answering("yes", asked), "reset deletes 14 entities."));
        assertEquals(List.of("reset deletes 14 entities. Type yes to go ahead: "), asked);
        assertTrue(Confirmation.confirmed(answering(" YES ", asked), "q"));
        assertFalse(Confirmation.confirmed(answering("y", asked), "q"));
        assertFalse(Confirmation.confirmed(answering("", asked), "q"));
        assertFalse(Confirmation.confirmed(answering(null, asked), "q"), "the end of input is no answer");
    }
}
