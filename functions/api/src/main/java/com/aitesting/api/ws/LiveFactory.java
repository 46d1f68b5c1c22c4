package com.aitesting.api.ws;

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
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

/** Wiring of the live-progress WebSocket. */
@Factory
public class LiveFactory {
    @Singleton
    public LiveMessages liveMessages(ObjectMapper json) {
        return new LiveMessages(json);
    }

    /**
     * LIVE_TABLE and LIVE_CALLBACK_URL (the API function on AWS): the events the run controls append are
     * pushed to the run's WebSocket subscribers after each commit, from this invocation. Unset (the
     * embedded server): nobody is told here, the socket's feeds follow LISTEN/NOTIFY.
     */
    @Singleton
    @Requires(condition = JdbcStore.class)
    public RunEventsCommitted liveCommits(@Value("${live.table:}") String table, @Value("${live.callback-url:}") String callbackUrl,
                                          PostgresTransactions tx, RunEventReads events) {
        return LivePushSettings.listener(LivePushSettings.of(table, callbackUrl), tx, events);
    }

    @Singleton
    public GetRunEvent getRunEvent(Transactions transactions, RunEventReads events) {
        return new GetRunEvent(transactions, events);
    }
}
