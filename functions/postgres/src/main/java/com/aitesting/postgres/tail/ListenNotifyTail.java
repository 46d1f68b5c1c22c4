package com.aitesting.postgres.tail;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONE listening connection for the whole process: {@code LISTEN run_events}, whose notifications carry
 * the run id (migration trigger {@code pg_notify('run_events', run_id::text)} on insert, delivered at
 * commit). Each notification wakes the run's watchers, which then read the events themselves through
 * the tenant-bound event store, so neither the payload size limit nor a notification lost while the
 * connection was down can lose an event: after every reconnect ALL watchers are woken and re-read.
 */
public final class ListenNotifyTail implements EventTail {
    public static final String CHANNEL = "run_events";
    private static final Logger LOG = LoggerFactory.getLogger(ListenNotifyTail.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final Watchers watchers = new Watchers();
    private final ConnectionFactory connections;
    private final Duration idleCheck;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Connection connection;

    private ListenNotifyTail(ConnectionFactory connections, Duration idleCheck) {
        this.connections = connections;
        this.idleCheck = idleCheck;
        this.thread = Thread.ofPlatform().name("run-events-listen").daemon().unstarted(this::loop);
    }

    /**
     * Connects and LISTENs before returning, so a database where LISTEN is not possible fails here and
     * the caller can fall back to polling. {@code idleCheck}: how long to wait for notifications before
     * checking that the connection is still alive (a half-open TCP connection would otherwise go unnoticed).
     */
    public static ListenNotifyTail start(ConnectionFactory connections, Duration idleCheck) throws SQLException {
        ListenNotifyTail tail = new ListenNotifyTail(connections, idleCheck);
        tail.connection = tail.listen();
        tail.thread.start();
        return tail;
    }

    @Override
    public Watch watch(TenantId tenant, RunId run, Runnable onSignal) {
        return watchers.add(tenant, run, onSignal);
    }

    private Connection listen() throws SQLException {
        Connection c = connections.open();
        try (Statement st = c.createStatement()) {
            c.setAutoCommit(true); // a notification is only delivered between transactions of this session
            st.execute("LISTEN " + CHANNEL);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw e;
        }
    }

    private void loop() {
        Duration backoff = Duration.ofMillis(100);
        while (!closed) {
            try {
                if (connection == null) {
                    connection = listen();
                    LOG.info("Listening on {} again; waking every watcher to re-read", CHANNEL);
                    watchers.signalAll(); // whatever was committed while we were away
                    backoff = Duration.ofMillis(100);
                }
                PGNotification[] notifications = connection.unwrap(PGConnection.class)
                        .getNotifications((int) idleCheck.toMillis());
                if (notifications == null || notifications.length == 0) {
                    if (!connection.isValid(5)) {
                        throw new SQLException("listening connection is no longer valid");
                    }
                    continue;
                }
                for (PGNotification n : notifications) {
                    RunId run = parse(n.getParameter());
                    if (run != null) {
                        watchers.signal(run);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                LOG.warn("Listening connection failed ({}); reconnecting in {} ms", e.getMessage(), backoff.toMillis());
                closeQuietly(connection);
                connection = null;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        closeQuietly(connection);
    }

    private static RunId parse(String payload) {
        try {
            return new RunId(UUID.fromString(payload));
        } catch (IllegalArgumentException | NullPointerException e) {
            LOG.warn("Ignoring a {} notification that is not a run id", CHANNEL);
            return null;
        }
    }

    int watchedRuns() {
        return watchers.runCount();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        closeQuietly(connection);
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken: nothing left to release
            }
        }
    }
}
