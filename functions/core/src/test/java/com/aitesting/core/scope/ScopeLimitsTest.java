package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.InvalidInputException.FieldError;
import com.aitesting.core.error.InvalidInputException.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopeLimitsTest {

    private static void check(List<String> cidrs, List<String> excluded, boolean allowLargeScope) {
        Scope scope = Scope.parse(new ScopeInput(List.of("example.com"), cidrs, excluded, "active", List.of()));
        FieldErrors errors = new FieldErrors();
        ScopeLimits.check(scope, allowLargeScope, errors, "scope.");
        errors.throwIfAny();
    }

    private static List<FieldError> refusals(List<String> cidrs, List<String> excluded, boolean allowLargeScope) {
        InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
                () -> check(cidrs, excluded, allowLargeScope));
        assertThat(e).as("refused: %s %s", cidrs, excluded).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.UNPROCESSABLE);
        return e.errors();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::/96", "::/96", "2002::/16", "2001::/32", "64:ff9b:1::/48", "64:ff9b::a00:0/104",
            "2002:a00:5::/48", "::a00:5", "2001:0:4136:e378::/64"})
    void anIpv6FormOfIpv4AddressesIsRefusedInScopeEvenWithAllowLargeScope(String entry) {
        for (boolean allowLargeScope : new boolean[] {false, true}) {
            List<FieldError> errors = refusals(List.of("192.0.2.0/24", entry), List.of(), allowLargeScope);
            assertThat(errors).extracting(FieldError::field).containsExactly("scope.in_scope_cidrs[1]");
            assertThat(errors.getFirst().message()).contains("IPv6 form of IPv4 addresses", "list the IPv4 addresses instead");
        }
    }

    @Test
    void theRefusalNamesTheEmbeddingAndTheIpv4RangeMeantWhenItIsPlain() {
        assertThat(refusals(List.of("64:ff9b::a00:0/104"), List.of(), false).getFirst().message())
                .contains("NAT64, 64:ff9b::/96").endsWith("did you mean 10.0.0.0/8?");
        assertThat(refusals(List.of("2002:a00:5::/48"), List.of(), false).getFirst().message())
                .contains("6to4, 2002::/16").endsWith("did you mean 10.0.0.5/32?");
        assertThat(refusals(List.of("64:ff9b::/96"), List.of(), false).getFirst().message()).doesNotContain("did you mean");
        assertThat(refusals(List.of("2001::/32"), List.of(), false).getFirst().message()).contains("Teredo").doesNotContain("did you mean");
    }

    @Test
    void anIpv6FormOfIpv4AddressesIsRefusedOutOfScopeToo() {
        // it would exclude nothing: the guard judges such an address, and so the exclusion, by the IPv4 address only
        List<FieldError> errors = refusals(List.of("10.0.0.0/24"), List.of("admin.example.com", "64:ff9b::a00:5"), false);
        assertThat(errors).extracting(FieldError::field).containsExactly("scope.out_of_scope[1]");
        assertThat(errors.getFirst().message()).contains("did you mean 10.0.0.5/32?");
    }

    @Test
    void aMappedEntryIsHeldToTheLimitsOfItsIpv4Range() {
        assertThat(refusals(List.of("::ffff:0.0.0.0/96"), List.of(), true).getFirst().message()).contains("covers every address");
        assertThat(refusals(List.of("::ffff:10.0.0.0/104"), List.of(), false).getFirst().message()).contains("wider than /16");
        check(List.of("::ffff:10.0.0.0/104"), List.of("::ffff:10.0.0.2/128"), true);
        check(List.of("::ffff:10.0.0.0/112"), List.of(), false);
    }

    @Test
    void loopbackUnspecifiedAndOrdinaryIpv6EntriesAreNotEmbeddings() {
        check(List.of("::1", "::1/128", "2001:db8::/48", "2001:db8:1::5"), List.of("::", "2001:db8:1::/64"), false);
    }

    @Test
    void aWiderIpv6RangeThatContainsAnEmbeddingIsHeldOnlyToTheWidthLimit() {
        // the guard never admits its embedded part through it (only the IPv4 scope does), so it widens nothing
        check(List.of("::/80"), List.of(), false);
        assertThatThrownBy(() -> check(List.of("2000::/3"), List.of(), false)).hasMessageContaining("allow_large_scope");
        check(List.of("2000::/3"), List.of(), true);
    }
}
