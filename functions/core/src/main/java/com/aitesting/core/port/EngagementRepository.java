package com.aitesting.core.port;

import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.engagement.EngagementId;
import com.aitesting.core.page.PageKey;
import java.util.List;
import java.util.Optional;

/** Table engagements. Called inside {@link Transactions#inTenant}; sees only the bound tenant's rows. */
public interface EngagementRepository {
    void insert(Engagement engagement);

    Optional<Engagement> find(EngagementId id);

    /** The tenant's engagements, newest first ((created_at, id) descending), at most {@code limit} strictly after {@code after}. */
    List<Engagement> list(Optional<PageKey> after, int limit);
}
