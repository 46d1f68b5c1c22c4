package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.notification.WebhookTransport.Attempt;
import com.aitesting.core.outbound.OutboundPolicy;
import com.aitesting.core.outbound.OutboundRefusal;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SlackDeliveryTest {
    private static final WebhookUrl URL = WebhookUrl.parse("http://127.0.0.1:9/hook");
    private final RetryPolicy policy = new RetryPolicy(4, Duration.ofMillis(100), Duration.ofMillis(1000), Duration.ofSeconds(5));
    /** The local receiver above is loopback: allowed only because this policy says so. */
    private static final OutboundPolicy LOOPBACK_ALLOWED = OutboundPolicy.of(null, true, false);
    private final List<Duration> waits = new ArrayList<>();
    private final int[] posts = {0};

    private DeliveryReport deliver(Attempt... answers) {
        return deliver(LOOPBACK_ALLOWED, URL, answers);
    }

    private DeliveryReport deliver(OutboundPolicy outbound, WebhookUrl url, Attempt... answers) {
        Deque<Attempt> script = new ArrayDeque<>(List.of(answers));
        WebhookTransport transport = (target, body) -> {
            posts[0]++;
            return script.isEmpty() ? new Attempt.Answered(200, Optional.empty()) : script.poll();
        };
        return new SlackDelivery(transport, outbound, policy, waits::add, () -> 0.5).deliver(url, Map.of("text", "hi"));
    }

    private static Attempt status(int status) {
        return new Attempt.Answered(status, Optional.empty());
    }

    @Test
    void firstSuccessIsOneAttemptWithoutWaiting() {
        assertThat(deliver(status(200))).isEqualTo(new DeliveryReport(true, 1, 200, null));
        assertThat(waits).isEmpty();
    }

    @Test
    void serverErrorIsRetriedWithBackoff() {
        assertThat(deliver(status(500), status(200))).isEqualTo(new DeliveryReport(true, 2, 200, null));
        assertThat(waits).containsExactly(Duration.ofMillis(50));
    }

    @Test
    void timeoutsAndConnectionErrorsAreRetriedWithGrowingBackoff() {
        DeliveryReport report = deliver(new Attempt.NoAnswer(DeliveryError.TIMEOUT),
                new Attempt.NoAnswer(DeliveryError.CONNECTION_REFUSED), status(204));
        assertThat(report).isEqualTo(new DeliveryReport(true, 3, 204, null));
        assertThat(waits).containsExactly(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void tooManyRequestsWaitsForRetryAfterCapped() {
        DeliveryReport report = deliver(new Attempt.Answered(429, Optional.of(Duration.ofSeconds(2))),
                new Attempt.Answered(429, Optional.of(Duration.ofHours(1))), status(200));
        assertThat(report.delivered()).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void tooManyRequestsWithoutRetryAfterFallsBackToBackoff() {
        deliver(status(429), status(200));
        assertThat(waits).containsExactly(Duration.ofMillis(50));
    }

    @Test
    void clientErrorIsPermanentAfterOneAttempt() {
        assertThat(deliver(status(404))).isEqualTo(new DeliveryReport(false, 1, 404, "http_404"));
        assertThat(waits).isEmpty();
    }

    @Test
    void givesUpAfterMaxAttemptsWithoutWaitingAfterTheLast() {
        DeliveryReport report = deliver(status(503), status(502), status(500),
                new Attempt.NoAnswer(DeliveryError.TIMEOUT));
        assertThat(report).isEqualTo(new DeliveryReport(false, 4, 0, "timeout"));
        assertThat(waits).hasSize(3);
    }

    @Test
    void aUrlThePolicyRefusesIsNeverPostedAndRecordsTheReason() {
        DeliveryReport report = deliver(OutboundPolicy.slackDefault(), URL, status(200));
        assertThat(report).isEqualTo(new DeliveryReport(false, 0, 0, "not_https"));
        assertThat(posts[0]).isZero();

        DeliveryReport elsewhere = deliver(OutboundPolicy.slackDefault(), WebhookUrl.parse("https://10.0.0.5/hook"), status(200));
        assertThat(elsewhere.lastError()).isEqualTo("private_address");
        assertThat(posts[0]).isZero();
    }

    @Test
    void anAddressRefusedAtConnectTimeIsPermanentWithItsReason() {
        DeliveryReport report = deliver(new Attempt.Refused(OutboundRefusal.LINK_LOCAL_ADDRESS), status(200));
        assertThat(report).isEqualTo(new DeliveryReport(false, 1, 0, "link_local_address"));
        assertThat(posts[0]).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void everyRecordedCodeHasASentenceAndNoneIsAnExceptionName() {
        for (String code : List.of("timeout", "connection_refused", "tls_failed", "http_503", "private_address",
                "host_not_allowed", "webhook_unreadable")) {
            assertThat(DeliveryError.describe(code)).as(code).hasValueSatisfying(s -> assertThat(s).endsWith(".")
                    .doesNotContain("Exception"));
        }
        assertThat(DeliveryError.describe("SomethingElse")).isEmpty();
    }
}
