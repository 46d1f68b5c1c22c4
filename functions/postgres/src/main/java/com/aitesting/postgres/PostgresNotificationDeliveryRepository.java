package com.aitesting.postgres;

import com.aitesting.core.notification.DeliveryReport;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.notification.Transition;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.sql.PreparedStatement;
import java.time.Duration;

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
}
