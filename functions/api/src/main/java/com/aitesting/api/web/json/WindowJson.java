package com.aitesting.api.web.json;

import com.aitesting.core.scope.TestingWindow;
import com.aitesting.core.scope.WindowInput;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A testing window: {@code absolute} (start/end with offset) or {@code weekly} (days, HH:MM, time_zone). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Window", description = "absolute: start/end ISO-8601 with offset. weekly: days mon..sun, start/end HH:MM "
        + "(end <= start crosses midnight), time_zone an IANA id.")
public record WindowJson(
        @Schema(allowableValues = {"absolute", "weekly"}, example = "weekly") String kind,
        @Schema(example = "22:00") String start,
        @Schema(example = "06:00") String end,
        @Schema(example = "[\"mon\",\"tue\"]") List<String> days,
        @Schema(example = "Europe/Berlin") String timeZone) {

    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    public WindowInput toInput() {
        return new WindowInput(kind, start, end, days, timeZone);
    }

    public static WindowJson of(TestingWindow window) {
        return switch (window) {
            case TestingWindow.Absolute a -> new WindowJson("absolute",
                    a.start().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), a.end().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), null, null);
            case TestingWindow.Weekly w -> new WindowJson("weekly", w.start().format(HH_MM), w.end().format(HH_MM),
                    w.dayNames(), w.timeZone().getId());
        };
    }
}
