package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "example.com, example.com",
            "Example.COM., example.com",
            "*.Example.com, *.example.com",
            "bücher.de, xn--bcher-kva.de",
            "*.bücher.de, *.xn--bcher-kva.de",
            "a-b.example.com, a-b.example.com",
            "localhost, localhost",
    })
    void normalises(String input, String expected) {
        assertThat(HostPattern.parse(input).text()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.com", "-example.com", "example-.com", "a..b", ".example.com", "*", "*.com.", "a.*.example.com",
            "*example.com", "**.example.com", "ex_ample.com", "10.0.0.1", "example.123"})
    void rejects(String input) {
        assertThatThrownBy(() -> HostPattern.parse(input)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsLabelAndNameLength() {
        String label63 = "a".repeat(63);
        assertThat(HostPattern.parse(label63 + ".com").text()).hasSize(67);
        assertThatThrownBy(() -> HostPattern.parse("a".repeat(64) + ".com")).hasMessageContaining("63");
        String name = (label63 + ".").repeat(3) + "a".repeat(61);
        assertThat(name).hasSize(253);
        assertThat(HostPattern.parse(name).text()).hasSize(253);
        assertThatThrownBy(() -> HostPattern.parse(name + "a")).hasMessageContaining("253");
    }

    @Test
    void wildcardMatchesSubdomainsAtAnyDepthButNotTheApex() {
        HostPattern wildcard = HostPattern.parse("*.example.com");
        assertThat(wildcard.matches("app.example.com")).isTrue();
        assertThat(wildcard.matches("a.b.EXAMPLE.com.")).isTrue();
        assertThat(wildcard.matches("example.com")).isFalse();
        assertThat(wildcard.matches("badexample.com")).isFalse();
        assertThat(wildcard.matches("not a host")).isFalse();
        assertThat(HostPattern.parse("example.com").matches("Example.com.")).isTrue();
        assertThat(HostPattern.parse("example.com").matches("www.example.com")).isFalse();
        assertThat(HostPattern.parse("xn--bcher-kva.de").matches("bücher.de")).isTrue();
    }

    @Test
    void anEntryIsACidrWhenItLooksLikeAnAddress() {
        assertThat(ScopeEntry.parse("10.0.0.5")).isInstanceOf(Cidr.class);
        assertThat(ScopeEntry.parse("2001:db8::/48")).isInstanceOf(Cidr.class);
        assertThat(ScopeEntry.parse("*.corp.example.com")).isInstanceOf(HostPattern.class);
        assertThatThrownBy(() -> ScopeEntry.parse("10.0.0.1/24")).hasMessageContaining("10.0.0.0/24");
    }
}
