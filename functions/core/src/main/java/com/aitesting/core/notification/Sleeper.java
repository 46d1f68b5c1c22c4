package com.aitesting.core.notification;

import java.time.Duration;

/** Port: waits between delivery attempts ({@code Thread::sleep} in production, recorded in unit tests). */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
