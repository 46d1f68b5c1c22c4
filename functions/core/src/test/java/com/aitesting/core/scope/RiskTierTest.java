package com.aitesting.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class RiskTierTest {
    @Test
    void tiersAreOrderedAndAHigherTierAllowsTheLowerOnes() {
        assertThat(RiskTier.SAFE_ACTIVE.allows(RiskTier.PASSIVE)).isTrue();
        assertThat(RiskTier.SAFE_ACTIVE.allows(RiskTier.SAFE_ACTIVE)).isTrue();
        assertThat(RiskTier.SAFE_ACTIVE.allows(RiskTier.ACTIVE)).isFalse();
        assertThat(RiskTier.INTRUSIVE.allows(RiskTier.ACTIVE)).isTrue();
        assertThat(RiskTier.PASSIVE.allows(RiskTier.INTRUSIVE)).isFalse();
    }

    @Test
    void wireNamesAreLowercase() {
        assertThat(RiskTier.fromWire("safe_active")).isEqualTo(RiskTier.SAFE_ACTIVE);
        assertThat(RiskTier.INTRUSIVE.wire()).isEqualTo("intrusive");
        assertThatThrownBy(() -> RiskTier.fromWire("SAFE_ACTIVE")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("passive, safe_active, active, intrusive");
    }
}
