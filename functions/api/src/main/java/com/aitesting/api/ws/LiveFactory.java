package com.aitesting.api.ws;

import com.aitesting.core.port.RunEventReads;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.stream.GetRunEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/** Wiring of the live-progress WebSocket. */
@Factory
public class LiveFactory {
    @Singleton
    public LiveMessages liveMessages(ObjectMapper json) {
        return new LiveMessages(json);
    }

    @Singleton
    public GetRunEvent getRunEvent(Transactions transactions, RunEventReads events) {
        return new GetRunEvent(transactions, events);
    }
}
