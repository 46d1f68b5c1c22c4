package com.aitesting.core.scope;

import java.util.List;

/** A testing window as the API receives it (all fields raw and nullable); see {@link TestingWindow#parse}. */
public record WindowInput(String kind, String start, String end, List<String> days, String timeZone) {
    /** The raw form of a parsed window (absolute windows have no days or time zone). */
    public static WindowInput of(TestingWindow window) {
        return switch (window) {
            case TestingWindow.Absolute a -> new WindowInput("absolute", a.start().toString(), a.end().toString(), null, null);
            case TestingWindow.Weekly w -> new WindowInput("weekly", w.start().toString(), w.end().toString(), w.dayNames(),
                    w.timeZone().getId());
        };
    }

    public TestingWindow parse() {
        return TestingWindow.parse(kind, start, end, days, timeZone);
    }
}
