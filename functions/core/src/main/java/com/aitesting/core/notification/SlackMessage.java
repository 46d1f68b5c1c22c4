package com.aitesting.core.notification;

import com.aitesting.core.finding.SeverityCounts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Slack message for a {@link RunNotice}: Block Kit blocks plus the plain-text {@code text} that Slack
 * shows in notifications and where blocks cannot render. Everything taken from run data is escaped for
 * mrkdwn, so a step summary cannot inject links or {@code <!channel>} mentions.
 */
public final class SlackMessage {
    static final int MAX_STEPS_LISTED = 10;
    private static final int MAX_SUMMARY_CHARS = 200;
    private static final int MAX_SECTION_CHARS = 2900; // Slack's limit for a section's text is 3000
    private static final int MAX_REASON_CHARS = 1000;
    /** Slack refuses a whole message whose section field is over 2000 characters: a name never gets near. */
    private static final int MAX_ACTOR_CHARS = 300;

    private SlackMessage() {}

    /** The run's link: the API resource of the run under the public base URL. */
    public static URI runLink(URI publicBaseUrl, RunNotice notice) {
        String base = publicBaseUrl.toString().replaceAll("/+$", "");
        return URI.create(base + "/v1/tests/" + notice.run());
    }

    /** The webhook body: {@code {"text": ..., "blocks": [...]}}. */
    public static Map<String, Object> build(RunNotice notice, URI link) {
        String runId = notice.run().toString();
        String title = switch (notice.transition()) {
            case STARTED -> "Run started";
            case COMPLETED -> "Run completed";
            case FAILED -> "Run failed";
            case ABORTED -> "Run aborted";
        };
        String emoji = switch (notice.transition()) {
            case STARTED -> ":arrow_forward:";
            case COMPLETED -> ":white_check_mark:";
            case FAILED -> ":x:";
            case ABORTED -> ":octagonal_sign:";
        };

        List<String> facts = new ArrayList<>(); // plain-text fallback lines
        List<Map<String, Object>> fields = new ArrayList<>();
        fields.add(field("Run", "<" + link + "|" + escape(runId) + ">"));
        fields.add(field("Tenant", escape(notice.tenant().value())));
        String detail = null;
        switch (notice.transition()) {
            case STARTED -> {
                if (notice.stepsTotal() > 0) {
                    fields.add(field("Steps planned", String.valueOf(notice.stepsTotal())));
                    facts.add(notice.stepsTotal() + " steps planned");
                }
            }
            case COMPLETED -> {
                notice.duration().ifPresent(d -> {
                    fields.add(field("Duration", formatDuration(d)));
                    facts.add("duration " + formatDuration(d));
                });
                String steps = notice.stepsCompleted() + (notice.stepsCompleted() == 1 ? " step" : " steps");
                fields.add(field("Steps", steps));
                facts.add(steps);
                findings(notice, fields, facts);
                detail = stepList(notice.steps());
            }
            case FAILED -> {
                String reason = truncate(notice.reason(), MAX_REASON_CHARS);
                fields.add(field("Steps completed", progress(notice)));
                findings(notice, fields, facts);
                detail = "*Reason*\n" + escape(reason);
                facts.add("reason: " + reason);
            }
            case ABORTED -> {
                // Every abort is recorded by ControlRun with its actor (an execution stopped elsewhere fails the run
                // instead); an event written before actors were recorded says so rather than guessing.
                String who = notice.abortedBy() == null ? "unknown (not recorded)" : truncate(notice.abortedBy(), MAX_ACTOR_CHARS);
                fields.add(field("Aborted by", escape(who)));
                fields.add(field("Steps completed", progress(notice)));
                facts.add("aborted by " + who);
                findings(notice, fields, facts);
            }
        }

        List<Map<String, Object>> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text", "text", title, "emoji", true)));
        blocks.add(Map.of("type", "section", "fields", List.copyOf(fields)));
        if (detail != null && !detail.isEmpty()) {
            blocks.add(Map.of("type", "section", "text", mrkdwn(truncateEscaped(detail, MAX_SECTION_CHARS))));
        }
        blocks.add(Map.of("type", "context", "elements", List.of(mrkdwn(emoji + " <" + link + "|Open the run>"))));

        StringBuilder text = new StringBuilder(title).append(": run ").append(runId)
                .append(" (tenant ").append(notice.tenant().value()).append(")");
        if (!facts.isEmpty()) {
            text.append(" - ").append(String.join(", ", facts));
        }
        text.append(". ").append(link);

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", escape(truncate(text.toString(), MAX_SECTION_CHARS)));
        body.put("blocks", List.copyOf(blocks));
        return body;
    }

    /**
     * The run's findings by severity, most severe first ("2 high, 1 medium, 5 info"), when it stored any. A run
     * that stored none (every simulated run) shows no findings field rather than a claim of a clean result.
     */
    private static void findings(RunNotice notice, List<Map<String, Object>> fields, List<String> facts) {
        SeverityCounts counts = notice.findings();
        if (counts.total() == 0) {
            return;
        }
        fields.add(field("Findings", counts.total() + ": " + counts.describe()));
        facts.add("findings " + counts.describe());
    }

    private static String stepList(List<RunNotice.StepResult> steps) {
        if (steps.isEmpty()) {
            return "";
        }
        StringBuilder list = new StringBuilder("*Results*");
        steps.stream().limit(MAX_STEPS_LISTED).forEach(step -> {
            list.append("\n• *").append(escape(step.label())).append("*");
            if (!step.summary().isEmpty()) {
                list.append(": ").append(escape(truncate(step.summary(), MAX_SUMMARY_CHARS)));
            }
        });
        if (steps.size() > MAX_STEPS_LISTED) {
            list.append("\n…and ").append(steps.size() - MAX_STEPS_LISTED).append(" more");
        }
        return list.toString();
    }

    private static String progress(RunNotice notice) {
        return notice.stepsTotal() > 0 ? notice.stepsCompleted() + " of " + notice.stepsTotal()
                : String.valueOf(notice.stepsCompleted());
    }

    static String formatDuration(Duration d) {
        long seconds = d.toSeconds();
        if (seconds < 1) {
            return d.toMillis() + " ms";
        }
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return h > 0 ? h + "h " + m + "m " + s + "s" : m > 0 ? m + "m " + s + "s" : s + "s";
    }

    /** Slack mrkdwn control characters; see "Escaping text" in Slack's formatting reference. */
    static String escape(String raw) {
        return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** At most {@code max} characters, cut with an ellipsis, never between the two halves of a surrogate pair. */
    static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, cutAt(s, max - 1)) + "…";
    }

    /** As {@link #truncate}, for text already escaped: never inside an entity such as {@code &amp;}. */
    static String truncateEscaped(String s, int max) {
        if (s.length() <= max) {
            return s;
        }
        int cut = cutAt(s, max - 1);
        int amp = s.lastIndexOf('&', cut - 1);
        if (amp >= 0 && amp >= cut - "&amp;".length() + 1 && s.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        return s.substring(0, cut) + "…";
    }

    private static int cutAt(String s, int at) {
        return at > 0 && Character.isHighSurrogate(s.charAt(at - 1)) ? at - 1 : at;
    }

    private static Map<String, Object> field(String name, String valueMrkdwn) {
        return mrkdwn("*" + name + "*\n" + valueMrkdwn);
    }

    /** Verbatim: Slack applies the formatting written here and parses nothing else (no names turned into mentions). */
    private static Map<String, Object> mrkdwn(String text) {
        return Map.of("type", "mrkdwn", "text", text, "verbatim", true);
    }
}
