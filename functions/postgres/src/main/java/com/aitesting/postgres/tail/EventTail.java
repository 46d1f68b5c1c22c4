package com.aitesting.postgres.tail;

import com.aitesting.core.stream.RunEventSignals;

/** A started source of run event signals, owned by the process; closed at shutdown. */
public interface EventTail extends RunEventSignals, AutoCloseable {
    @Override
    void close();
}
