package com.aitesting.core.scope;

import java.util.List;

/** A testing window as the API receives it (all fields raw and nullable); see {@link TestingWindow#parse}. */
public record WindowInput(String kind, String start, String end, List<String> days, String timeZone) {
    public TestingWindow parse() {
        return TestingWindow.parse(kind, start, end, days, timeZone);
    }
}
