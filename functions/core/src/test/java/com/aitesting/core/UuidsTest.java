package com.aitesting.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.plan.PlanId;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.StartRunCommand;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UuidsTest {
    private static final String ID = "0a1b2c3d-0e0f-4a0b-8c0d-0e0f0a0b0c0d";

    @Test
    void theCanonicalFormInEitherCaseIsOneId() {
        assertThat(RunId.parse(ID.toUpperCase())).isEqualTo(RunId.parse(ID));
        assertThat(RunId.parse(ID.toUpperCase()).toString()).isEqualTo(ID);
        assertThat(Uuids.parse(ID)).isEqualTo(UUID.fromString(ID));
    }

    /** UUID.fromString takes all of these, each as another spelling of some id. */
    @ParameterizedTest
    @ValueSource(strings = {"1-1-1-1-1", "a1b2c3d-e0f-4a0b-8c0d-e0f0a0b0c0d", "0a1b2c3d-0e0f-4a0b-8c0d-00e0f0a0b0c0d",
            "0a1b2c3d0e0f4a0b8c0d0e0f0a0b0c0d", "+a1b2c3d-0e0f-4a0b-8c0d-0e0f0a0b0c0d", " " + ID})
    void otherSpellingsNameNothing(String text) {
        assertThatThrownBy(() -> Uuids.parse(text)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RunId.parse(text)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> EngagementId.parse(text)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> PlanId.parse(text)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> StartRunCommand.parse(text, ID)).isInstanceOf(InvalidInputException.class);
    }
}
