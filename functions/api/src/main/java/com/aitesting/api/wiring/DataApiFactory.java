package com.aitesting.api.wiring;

import com.aitesting.api.config.ApiConfig;
import com.aitesting.aws.dataapi.DataApiClients;
import com.aitesting.aws.dataapi.DataApiRunEventReads;
import com.aitesting.aws.dataapi.DataApiTransactions;
import com.aitesting.core.port.RunEventReads;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/**
 * EVENT_TAIL=data_api (the SSE function on AWS, outside the VPC): the ports the event stream reads through
 * ({@code Transactions} and {@code RunEventReads}; signals come from the same PollingTail as EVENT_TAIL=poll,
 * see StreamFactory) backed by the Aurora Data API instead of JDBC. The stream code is the same; only these
 * adapters differ, and there is no write port to wire: the SSE function writes nothing.
 */
@Factory
@Requires(condition = DataApiStore.class)
public class DataApiFactory {

    /** Secondary, so a test can register its own client (JdbcRdsDataClient) in its place. */
    @Singleton
    @Secondary
    @Bean(preDestroy = "close")
    public RdsDataClient rdsDataClient() {
        return DataApiClients.create();
    }

    @Singleton
    public DataApiTransactions dataApiTransactions(RdsDataClient client, ApiConfig config) {
        return new DataApiTransactions(client, config.deployment().dataApi()
                .orElseThrow(() -> new IllegalStateException("EVENT_TAIL=data_api without a Data API target")));
    }

    @Singleton
    public RunEventReads dataApiRunEventReads(DataApiTransactions transactions) {
        return new DataApiRunEventReads(transactions);
    }
}
