package com.aitesting.api.ws;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.api.wiring.JdbcStore;
import com.aitesting.aws.live.LiveMessages;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.RunEventsCommitted;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.stream.GetRunEvent;
import com.aitesting.postgres.PostgresTransactions;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/** Wiring of the live-progress WebSocket. */
@Factory
public class LiveFactory {
    @Singleton
    public LiveMessages liveMessages(ObjectMapper json) {
        return new LiveMessages(json);
    }

    /** Who is told after the run controls' commits ({@link ApiConfig.Deployment#livePush}). */
    @Singleton
    @Requires(condition = JdbcStore.class)
    public RunEventsCommitted liveCommits(ApiConfig config, PostgresTransactions tx, RunEventReads events) {
        return LivePushSettings.listener(config.deployment().livePush(), tx, events);
    }

    @Singleton
    public GetRunEvent getRunEvent(Transactions transactions, RunEventReads events) {
        return new GetRunEvent(transactions, events);
    }
}
