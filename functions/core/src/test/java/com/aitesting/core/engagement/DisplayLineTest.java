package com.aitesting.core.engagement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

/** The shown-text rule as the engagement's name and its authorization reference apply it. */
class DisplayLineTest {

    @Test
    void nameAndReferenceAreTrimmedAndBoundedTheSameWay() {
        assertThat(EngagementName.checkNew("  Demo Net  ")).isEqualTo("Demo Net");
        assertThat(EngagementAuthorization.checkReference("  SEC-1234 ")).isEqualTo("SEC-1234");
        for (String tooLong : new String[] {"x".repeat(201), "   "}) {
            assertRefused(() -> EngagementName.checkNew(tooLong), "name", "1-200 characters");
            assertRefused(() -> EngagementAuthorization.checkReference(tooLong), "reference", "1-200 characters");
        }
    }

    @Test
    void lettersOfAnyScriptAndEmojiSequencesStayAllowed() {
        for (String fine : new String[] {"Réseau démo", "שלום עולם", "網路測試", "Team \uD83D\uDC69\u200D\uD83D\uDCBB"}) {
            assertThat(EngagementName.checkNew(fine)).isEqualTo(fine);
        }
    }

    @Test
    void aNewNameAndAReferenceAreOneLineButAStoredNameStillLoads() {
        for (String control : new String[] {"a\nb", "a\u001b[31mb", "a\u0007b", "a\u009bb", "a\u2028b", "a\u2029b",
                "a\u202eb", "a\u2066b", "a\u200fb", "a\u061cb"}) {
            assertRefused(() -> EngagementName.checkNew(control), "name", "one line");
            assertRefused(() -> EngagementAuthorization.checkReference(control), "reference", "one line");
            assertThat(EngagementName.check(control)).isEqualTo(control);
        }
    }

    private static void assertRefused(Runnable check, String field, String message) {
        assertThatThrownBy(check::run).isInstanceOfSatisfying(InvalidInputException.class, e -> {
            assertThat(e.errors()).singleElement().satisfies(error -> {
                assertThat(error.field()).isEqualTo(field);
                assertThat(error.message()).contains(message);
            });
        });
    }
}
