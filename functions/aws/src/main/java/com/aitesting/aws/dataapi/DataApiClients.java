package com.aitesting.aws.dataapi;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;

/** The production Data API client: regional endpoint from AWS_REGION, signed with the function's role. */
public final class DataApiClients {
    public static RdsDataClient create() {
        return RdsDataClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
    }

    private DataApiClients() {}
}
