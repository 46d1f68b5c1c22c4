package com.aitesting.postgres;

import com.aitesting.core.notification.DeliveryReport;
import com.aitesting.core.notification.NotificationDelivery;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.notification.Transition;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** notification_deliveries (V051). Times come from the database clock, so notifiers' clocks cannot disagree. */
public final class PostgresNotificationDeliveryRepository implements NotificationDeliveryRepository {
    private final PostgresTransactions tx;

    public PostgresNotificationDeliveryRepository(PostgresTransactions tx) {
        this.tx = tx;
    }

    @Override
    public boolean claim(TenantId tenant, String eventId, RunId run, Transition transition) {
        return tx.withConnection(c -> {
            // No conflict target: both the event id and (tenant, run, transition) deduplicate.
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO notification_deliveries (event_id, tenant_id, run_id, transition)
                    VALUES (?, ?, ?, ?)
                    ON CONFLICT DO NOTHING""")) {
                s.setString(1, eventId);
                s.setString(2, tenant.value());
                s.setObject(3, run.value());
                s.setString(4, transition.wire());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean reclaimStale(String eventId, Duration lease) {
        return tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE notification_deliveries SET claimed_at = clock_timestamp()
                    WHERE event_id = ? AND status = 'pending'
                      AND claimed_at < clock_timestamp() - (? * interval '1 millisecond')""")) {
                s.setString(1, eventId);
                s.setLong(2, lease.toMillis());
                return s.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void finish(String eventId, DeliveryReport report) {
        tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    UPDATE notification_deliveries
                    SET status = ?, attempts = attempts + ?, last_status = ?, last_error = ?,
                        finished_at = clock_timestamp()
                    WHERE event_id = ?""")) {
                s.setString(1, report.delivered() ? "sent" : "failed");
                s.setInt(2, report.attempts());
                s.setInt(3, report.lastStatus());
                s.setString(4, report.lastError());
                s.setString(5, eventId);
                return s.executeUpdate();
            }
        });
    }

    @Override
    public List<NotificationDelivery> listForRun(RunId run) {
        return tx.withConnection(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    SELECT transition, status, attempts, last_status, last_error, claimed_at, finished_at
                    FROM notification_deliveries WHERE run_id = ? ORDER BY created_at, event_id""")) {
                s.setObject(1, run.value());
                List<NotificationDelivery> out = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        int lastStatus = r.getInt(4);
                        Integer status = r.wasNull() ? null : lastStatus;
                        OffsetDateTime finished = r.getObject(7, OffsetDateTime.class);
                        out.add(new NotificationDelivery(NotificationDelivery.SLACK,
                                Transition.valueOf(r.getString(1).toUpperCase(Locale.ROOT)),
                                NotificationDelivery.Outcome.fromWire(r.getString(2)), r.getInt(3), status, r.getString(5),
                                r.getObject(6, OffsetDateTime.class).toInstant(), finished == null ? null : finished.toInstant()));
                    }
                }
                return out;
            }
        });
    }
}
