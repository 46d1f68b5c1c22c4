package com.aitesting.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.finding.FindingTarget;
import com.aitesting.core.finding.NewFinding;
import com.aitesting.core.finding.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableTest {
    @Test
    void whatCannotBeStoredIsNamedAndEscapedVisiblyAndTheRestIsLeftAsItIs() {
        assertThat(Storable.problem("plain é 😀")).isNull();
        assertThat(Storable.escaped("plain é 😀")).isEqualTo("plain é 😀");
        assertThat(Storable.problem("a\u0000b")).contains("NUL");
        assertThat(Storable.escaped("a\u0000b")).isEqualTo("a\\u0000b");
        assertThat(Storable.problem("a\ud800b")).contains("surrogate");
        assertThat(Storable.escaped("a\ud800b\udc00")).isEqualTo("a\\ud800b\\udc00");
    }

    @Test
    void wireTextIsEscapedWhereItWouldReadDifferentlyFromWhatItIsWhereItIsShown() {
        // line breaks and other controls (an ANSI sequence, a bare CR, DEL, C1), and bidirectional formatting
        assertThat(Storable.escaped("a\nb\rc\td\u001b[2Je\u007ff\u0085g\u2028h\u202ei\u2066j"))
                .isEqualTo("a\\u000ab\\u000dc\\u0009d\\u001b[2Je\\u007ff\\u0085g\\u2028h\\u202ei\\u2066j");
        assertThat(Storable.escaped("plain é 😀 <b>&amp;</b>")).isEqualTo("plain é 😀 <b>&amp;</b>");
    }

    @Test
    void aFindingKeepsWhatATargetSentStorableDownToNestedEvidence() {
        NewFinding finding = new NewFinding("http.security_headers", "http.cookie.httponly_missing", Severity.LOW,
                "Cookie x\u0000y", "d", new FindingTarget("h\u0000st", null, 80, "http://h/\u0000"),
                Map.of("cookies", List.of("x\u0000y"), "nested", Map.of("k\u0000", "v\u0000")));
        assertThat(finding.title()).isEqualTo("Cookie x\\u0000y");
        assertThat(finding.target().host()).isEqualTo("h\\u0000st");
        assertThat(finding.target().url()).isEqualTo("http://h/\\u0000");
        assertThat(finding.evidence()).containsEntry("cookies", List.of("x\\u0000y"))
                .containsEntry("nested", Map.of("k\\u0000", "v\\u0000"));
    }

    @Test
    void evidenceTextOverTheBoundIsCutVisiblyNeverInsideACharacter() {
        String pairs = "😀".repeat(NewFinding.MAX_EVIDENCE_TEXT); // two chars each: the cut falls between pairs
        String odd = "a" + pairs;                                    // here it would fall inside one
        NewFinding finding = new NewFinding("t", "r", Severity.INFO, "title", "d", new FindingTarget("h", null, 80, null),
                Map.of("short", "as it is", "long", pairs, "odd", List.of(odd)));

        assertThat(finding.evidence()).containsEntry("short", "as it is");
        assertThat(finding.evidence().get("long")).isEqualTo("😀".repeat(NewFinding.MAX_EVIDENCE_TEXT / 2)
                + "… (" + NewFinding.MAX_EVIDENCE_TEXT + " more characters)");
        assertThat(finding.evidence().get("odd")).isEqualTo(List.of("a" + "😀".repeat(NewFinding.MAX_EVIDENCE_TEXT / 2 - 1)
                + "… (" + (NewFinding.MAX_EVIDENCE_TEXT + 2) + " more characters)"));
    }
}
