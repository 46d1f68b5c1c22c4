package com.aitesting.core.notification;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.run.RunStatus;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlackMessageTest {
    private static final URI BASE = URI.create("http://localhost:8080/");

    private static Map<String, Object> message(RunNotice notice) {
        return SlackMessage.build(notice, SlackMessage.runLink(BASE, notice));
    }

    /** Every text of the message (fallback and blocks), flattened, to assert on content wherever it is. */
    private static String allText(Object node) {
        StringBuilder out = new StringBuilder();
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.append(k.equals("text") && v instanceof String s ? s + "\n" : allText(v)));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> out.append(allText(v)));
        }
        return out.toString();
    }

    @Test
    void linkPointsAtTheRunUnderThePublicBaseUrl() {
        RunNotice notice = RunNotice.decide(RunNoticeTest.change(ExecutionStatus.RUNNING, null, null),
                RunNoticeTest.run(RunStatus.RUNNING, 0, null, null), List.of()).orElseThrow();

        assertThat(SlackMessage.runLink(BASE, notice))
                .isEqualTo(URI.create("http://localhost:8080/v1/tests/" + RunNoticeTest.RUN));
    }

    @Test
    void completedMessageHasBlocksAndAPlainTextFallbackWithDurationStepsAndResults() {
        RunNotice notice = RunNotice.decide(RunNoticeTest.change(ExecutionStatus.SUCCEEDED, null, null),
                RunNoticeTest.run(RunStatus.COMPLETED, 2, null, RunNoticeTest.T0.plusSeconds(61)),
                RunNoticeTest.completedHistory()).orElseThrow();

        Map<String, Object> body = message(notice);

        assertThat((String) body.get("text")).startsWith("Run completed: run " + RunNoticeTest.RUN)
                .contains("duration 1m 0s", "2 steps", "/v1/tests/" + RunNoticeTest.RUN);
        assertThat((List<?>) body.get("blocks")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(((Map<?, ?>) ((List<?>) body.get("blocks")).getFirst()).get("type")).isEqualTo("header");
        assertThat(allText(body.get("blocks"))).contains("Run completed", "1m 0s", "Ping sweep",
                "12 hosts up in 10.0.0.0/24", "open_ports: 22 443");
    }

    @Test
    void failedMessageCarriesTheReason() {
        RunNotice notice = RunNotice.decide(RunNoticeTest.change(ExecutionStatus.FAILED, null, null),
                RunNoticeTest.run(RunStatus.FAILED, 1, "nmap: target unreachable", RunNoticeTest.T0.plusSeconds(9)),
                List.of()).orElseThrow();

        assertThat(allText(message(notice))).contains("Run failed", "nmap: target unreachable", "1 of 2");
    }

    @Test
    void abortedMessageNamesWhoAborted() {
        RunNotice notice = new RunNotice(Transition.ABORTED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(3), 0, 2, List.of(), null, "yered (yered@example.com)");

        assertThat(allText(message(notice))).contains("Run aborted", "Aborted by", "yered (yered@example.com)");
    }

    @Test
    void anAbortWithoutARecordedActorSaysSoInsteadOfNamingACause() {
        RunNotice notice = new RunNotice(Transition.ABORTED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(3), 0, 2, List.of(), null, null);

        assertThat(allText(message(notice))).contains("Run aborted", "aborted by unknown (not recorded)")
                .doesNotContain("outside");
    }

    @Test
    void runDataIsEscapedSoItCannotMentionChannelsOrForgeLinks() {
        RunNotice notice = new RunNotice(Transition.FAILED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0, 0, 0, List.of(), "<!channel> see <http://evil|here> & more", null);

        String text = allText(message(notice));

        assertThat(text).doesNotContain("<!channel>").doesNotContain("<http://evil")
                .contains("&lt;!channel&gt; see &lt;http://evil|here&gt; &amp; more");
    }

    @Test
    void aLongActorIsCutWithinSlacksFieldLimitAndNothingIsParsedAsAMention() {
        RunNotice notice = new RunNotice(Transition.ABORTED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(3), 0, 2, List.of(), null, "@channel " + "a&b".repeat(1000));

        Map<String, Object> message = message(notice);

        List<?> blocks = (List<?>) message.get("blocks");
        List<?> fields = (List<?>) ((Map<?, ?>) blocks.get(1)).get("fields");
        for (Object field : fields) {
            assertThat(((String) ((Map<?, ?>) field).get("text")).length()).isLessThanOrEqualTo(2000);
            assertThat(((Map<?, ?>) field).get("verbatim")).isEqualTo(true);
        }
    }

    @Test
    void cutsFallNeitherInsideASurrogatePairNorInsideAnEntity() {
        String emoji = "\uD83D\uDE00";
        assertThat(SlackMessage.truncate("ab" + emoji + "cd", 4)).isEqualTo("ab…");
        assertThat(SlackMessage.truncateEscaped("abc&amp;def", 6)).isEqualTo("abc…");
        assertThat(SlackMessage.truncateEscaped("abc&amp;def", 10)).isEqualTo("abc&amp;d…");

        List<RunNotice.StepResult> steps = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            steps.add(new RunNotice.StepResult("Step " + (i + 1), "&".repeat(199)));
        }
        RunNotice notice = new RunNotice(Transition.COMPLETED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(3), 10, 10, steps, null, null);
        List<?> blocks = (List<?>) message(notice).get("blocks");
        String detail = (String) ((Map<?, ?>) ((Map<?, ?>) blocks.get(2)).get("text")).get("text");
        assertThat(detail).endsWith("&amp;…").hasSizeLessThanOrEqualTo(2900);
    }

    @Test
    void longResultListsAreCutWithACount() {
        List<RunNotice.StepResult> steps = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            steps.add(new RunNotice.StepResult("Step " + (i + 1), "x".repeat(500)));
        }
        RunNotice notice = new RunNotice(Transition.COMPLETED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(3600 + 61), 14, 14, steps, null, null);

        String text = allText(message(notice));

        assertThat(text).contains("1h 1m 1s", "Step 10", "…and 4 more").doesNotContain("Step 11*");
        assertThat(text).doesNotContain("x".repeat(201));
    }

    @Test
    void durationsReadNaturally() {
        assertThat(SlackMessage.formatDuration(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(SlackMessage.formatDuration(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(SlackMessage.formatDuration(Duration.ofSeconds(125))).isEqualTo("2m 5s");
    }

    @Test
    void aCompletedRunNamesItsFindingsBySeverityMostSevereFirst() {
        RunNotice notice = new RunNotice(Transition.COMPLETED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(30), 2, 2, List.of(), null, null)
                .withFindings(new com.aitesting.core.finding.SeverityCounts(java.util.Map.of(
                        com.aitesting.core.finding.Severity.INFO, 5L, com.aitesting.core.finding.Severity.HIGH, 2L,
                        com.aitesting.core.finding.Severity.MEDIUM, 1L)));

        Map<String, Object> message = message(notice);

        assertThat(allText(message)).contains("*Findings*\n8: 2 high, 1 medium, 5 info");
        assertThat((String) message.get("text")).contains("findings 2 high, 1 medium, 5 info");
    }

    @Test
    void aRunThatStoredNoFindingsShowsNoFindingsField() {
        RunNotice notice = new RunNotice(Transition.COMPLETED, RunNoticeTest.TENANT, RunNoticeTest.RUN,
                RunNoticeTest.T0, RunNoticeTest.T0.plusSeconds(30), 2, 2, List.of(), null, null);
        assertThat(allText(message(notice))).doesNotContain("Findings");
    }
}
