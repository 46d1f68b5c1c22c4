package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.notification.WebhookTransport.Attempt;
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
    private final List<Duration> waits = new ArrayList<>();

    private DeliveryReport deliver(Attempt... answers) {
        Deque<Attempt> script = new ArrayDeque<>(List.of(answers));
        int[] posts = {0};
        WebhookTransport transport = (url, body) -> {
            posts[0]++;
            return script.isEmpty() ? new Attempt.Answered(200, Optional.empty()) : script.poll();
        };
        return new SlackDelivery(transport, policy, waits::add, () -> 0.5).deliver(URL, Map.of("text", "hi"));
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
        DeliveryReport report = deliver(new Attempt.NoAnswer("HttpTimeoutException"),
                new Attempt.NoAnswer("ConnectException"), status(204));
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
                new Attempt.NoAnswer("HttpTimeoutException"));
        assertThat(report).isEqualTo(new DeliveryReport(false, 4, 0, "HttpTimeoutException"));
        assertThat(waits).hasSize(3);
    }
}
