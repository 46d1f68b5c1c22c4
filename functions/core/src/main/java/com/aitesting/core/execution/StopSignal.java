package com.aitesting.core.execution;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fires once when a running step must stop (the run was aborted or ended): listeners close in-flight
 * connections, probe loops check {@link #stopped()} before each probe.
 */
public final class StopSignal {
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    public boolean stopped() {
        return stopped;
    }

    public void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} on stop, or at once when already stopped. */
    public void onStop(Runnable listener) {
        listeners.add(listener);
        if (stopped) {
            listener.run();
        }
    }
}
