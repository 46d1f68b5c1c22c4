package com.aitesting.core.run;

import com.aitesting.core.notification.NotificationDelivery;
import java.util.List;
import java.util.Objects;

/** GET /v1/tests/{id}: the run and its notification deliveries, read in one transaction. */
public record RunDetail(Run run, List<NotificationDelivery> notifications) {
    public RunDetail {
        Objects.requireNonNull(run, "run");
        notifications = List.copyOf(notifications);
    }
}
