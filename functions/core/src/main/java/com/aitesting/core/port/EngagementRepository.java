package com.aitesting.core.port;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementAuthorization;
import com.aitesting.core.engagement.EngagementId;
import java.util.List;
import java.util.Optional;

/** Table engagements. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. */
public interface EngagementRepository {
    /** Inserts the engagement itself; its authorization, if any, is recorded by {@link #recordAuthorization}. */
    void insert(Engagement engagement);

    /** Makes {@code authorization} the engagement's current one; earlier ones stay on record. */
    void recordAuthorization(EngagementId engagement, EngagementAuthorization authorization);

    /** The engagement with its current authorization. */
    Optional<Engagement> find(EngagementId id);

    /** The tenant's engagements, newest first. */
    List<Engagement> list();
}
