package com.aitesting.core.scope;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** An engagement's windows; testing is allowed while any is open, and always when there are none. */
public record TestingWindows(List<TestingWindow> windows) {
    public TestingWindows {
        windows = List.copyOf(windows);
    }

    public boolean isOpen(Instant at) {
        return windows.isEmpty() || windows.stream().anyMatch(w -> w.isOpen(at));
    }

    /** {@code at} itself while open; the earliest future opening otherwise; empty when none lies ahead. */
    public Optional<Instant> nextOpening(Instant at) {
        if (isOpen(at)) {
            return Optional.of(at);
        }
        return windows.stream().flatMap(w -> w.nextOpening(at).stream()).min(Instant::compareTo);
    }
}
