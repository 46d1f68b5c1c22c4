package com.aitesting.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.core.notification.ExecutionStatus;
import com.aitesting.core.notification.ExecutionStatusChange;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutionStatusEnvelopeTest {
    private static final String RUN = "0b6f5d0e-0f6a-4d8e-9d55-2a8c7b5e1f11";

    private static Map<String, Object> envelope(Map<String, Object> detailOverrides) {
        Map<String, Object> detail = new HashMap<>(Map.of(
                "executionArn", "arn:aws:states:eu-west-1:1:execution:ait-run:x",
                "status", "FAILED",
                "startDate", 1746093600000L,
                "stopDate", 1746093660000L,
                "input", "{\"tenant_id\":\"t_demo\",\"run_id\":\"" + RUN + "\"}",
                "error", "Run.Failed",
                "cause", "see run.failed"));
        detail.putAll(detailOverrides);
        return Map.of("id", "e-1", "detail-type", "Step Functions Execution Status Change", "source", "aws.states",
                "detail", detail);
    }

    @Test
    void readsTheFieldsTheNotifierNeeds() {
        ExecutionStatusChange change = ExecutionStatusEnvelope.parse(envelope(Map.of()));

        assertThat(change.eventId()).isEqualTo("e-1");
        assertThat(change.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(change.tenant().value()).isEqualTo("t_demo");
        assertThat(change.run().toString()).isEqualTo(RUN);
        assertThat(change.startDate()).isEqualTo(Instant.parse("2025-05-01T10:00:00Z"));
        assertThat(change.stopDate()).isEqualTo(Instant.parse("2025-05-01T10:01:00Z"));
        assertThat(change.error()).isEqualTo("Run.Failed");
    }

    @Test
    void rejectsWhatIsNotARunsStatusChange() {
        assertThatThrownBy(() -> ExecutionStatusEnvelope.parse(Map.of("detail-type", "Scheduled Event")))
                .isInstanceOf(InvalidEnvelopeException.class);
        assertThatThrownBy(() -> ExecutionStatusEnvelope.parse(envelope(Map.of("status", "EXPLODED"))))
                .isInstanceOf(InvalidEnvelopeException.class);
        assertThatThrownBy(() -> ExecutionStatusEnvelope.parse(envelope(Map.of("input", "not json"))))
                .isInstanceOf(InvalidEnvelopeException.class);
        assertThatThrownBy(() -> ExecutionStatusEnvelope.parse(envelope(Map.of("input", "{\"run_id\":\"nope\"}"))))
                .isInstanceOf(InvalidEnvelopeException.class);
    }
}
