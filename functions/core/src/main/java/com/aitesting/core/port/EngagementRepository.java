package com.aitesting.core.port;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import java.util.List;
import java.util.Optional;

/** Table engagements. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. */
public interface EngagementRepository {
    void insert(Engagement engagement);

    Optional<Engagement> find(EngagementId id);

    /** The tenant's engagements, newest first. */
    List<Engagement> list();
}
