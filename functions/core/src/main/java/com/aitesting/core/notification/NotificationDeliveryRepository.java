package com.aitesting.core.notification;

import com.aitesting.core.run.RunId;
import com.aitesting.core.tenant.TenantId;
import java.time.Duration;
import java.util.List;

/**
 * Port: the deduplication ledger of sent notifications (table notification_deliveries). Called inside
 * {@link com.aitesting.core.port.Transactions#inTenant}.
 */
public interface NotificationDeliveryRepository {

    /**
     * Records the claim to deliver {@code eventId} (status pending). False, writing nothing, when this event
     * id, or another event for the same run and transition, was claimed before.
     */
    boolean claim(TenantId tenant, String eventId, RunId run, Transition transition);

    /**
     * Takes over a claim that is still pending after {@code lease}: its claimer died between claiming and
     * finishing. False when the claim is finished or still fresh (a concurrent duplicate is being delivered).
     */
    boolean reclaimStale(String eventId, Duration lease);

    /** Records how the delivery of a claimed event ended. */
    void finish(String eventId, DeliveryReport report);

    /** The run's deliveries, in the order they were claimed. */
    List<NotificationDelivery> listForRun(RunId run);
}
