package com.aitesting.postgres.tail;

import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the process's one {@link EventTail}: LISTEN/NOTIFY, or polling when asked or when LISTEN fails. */
public final class RunEventTails {
    private static final Logger LOG = LoggerFactory.getLogger(RunEventTails.class);

    /** EVENT_TAIL: {@code listen} (default) or {@code poll}. */
    public enum Mode {
        LISTEN, POLL;

        public static Mode parse(String value) {
            if (value == null || value.isBlank()) {
                return LISTEN;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("EVENT_TAIL must be 'listen' or 'poll', was '" + value + "'");
            }
        }
    }

    public static EventTail start(Mode mode, ConnectionFactory listenConnections, Transactions transactions,
                             RunEventReads runs, Duration pollInterval, Duration listenIdleCheck) {
        if (mode == Mode.LISTEN) {
            try {
                ListenNotifyTail listen = ListenNotifyTail.start(listenConnections, listenIdleCheck);
                LOG.info("Run event tail: LISTEN {}", ListenNotifyTail.CHANNEL);
                return listen;
            } catch (SQLException e) {
                LOG.warn("LISTEN is not available ({}); polling run heads every {} ms instead", e.getMessage(), pollInterval.toMillis());
            }
        }
        PollingTail poll = PollingTail.start(transactions, runs, pollInterval);
        if (mode == Mode.POLL) {
            LOG.info("Run event tail: polling every {} ms (EVENT_TAIL=poll)", pollInterval.toMillis());
        }
        return poll;
    }

    private RunEventTails() {}
}
