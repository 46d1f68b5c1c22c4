package com.aitesting.core.fake;

import com.aitesting.core.notification.DeliveryReport;
import com.aitesting.core.notification.NotificationDelivery;
import com.aitesting.core.notification.NotificationDeliveryRepository;
import com.aitesting.core.notification.Transition;
import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.util.List;

/** A deliveries ledger that never had a notification: for use cases that only read it. */
public final class NoDeliveries implements NotificationDeliveryRepository {
    @Override
    public boolean claim(TenantId tenant, String eventId, RunId run, Transition transition) {
        throw new UnsupportedOperationException("read-only fake");
    }

    @Override
    public boolean reclaimStale(String eventId, Duration lease) {
        throw new UnsupportedOperationException("read-only fake");
    }

    @Override
    public void finish(String eventId, DeliveryReport report) {
        throw new UnsupportedOperationException("read-only fake");
    }

    @Override
    public List<NotificationDelivery> listForRun(RunId run) {
        return List.of();
    }
}
