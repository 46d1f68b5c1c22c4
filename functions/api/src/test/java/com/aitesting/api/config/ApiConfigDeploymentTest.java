package com.aitesting.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aitesting.api.console.ConsoleController;
import com.aitesting.api.web.EventLinks;
import com.aitesting.core.tenant.TenantId;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AWS environment contract (infra-cdk) parsed into ApiConfig: each path, and failing fast naming the variable. */
class ApiConfigDeploymentTest {
    private static final String URL = "jdbc:postgresql://db.internal:5432/aitesting";
    private static final String DB_SECRET = "arn:aws:secretsmanager:eu-west-1:1:secret:app-AbCdEf";
    private static final String CLUSTER = "arn:aws:rds:eu-west-1:1:cluster:ait-dev";

    private static TestSettings.Aws aws(String dbSecret, String tenant, String streamUrl, String tokenArn, String tail,
                                             String cluster, String dataSecret, String dbName) {
        return new TestSettings.Aws(dbSecret, tenant, streamUrl, tokenArn, tail, cluster, dataSecret, dbName);
    }

    @Test
    void theApiFunctionsEnvironment() {
        ApiConfig config = TestSettings.config("jwt", "tenant_id", URL, "ait_app", null, null, null,
                aws(DB_SECRET, "acme", "https://abc.lambda-url.eu-west-1.on.aws/", DB_SECRET.replace("app", "key"), null, null, null, null));
        assertThat(config.authMode()).isEqualTo(AuthMode.JWT);
        assertThat(config.database().secretArn()).isEqualTo(DB_SECRET);
        assertThat(config.database().password()).isNull();
        assertThat(config.deployment().tenant()).contains(new TenantId("acme"));
        assertThat(config.deployment().eventStreamUrl()).contains(URI.create("https://abc.lambda-url.eu-west-1.on.aws"));
        assertThat(config.deployment().streamTokenSecretArn()).isPresent();
        assertThat(config.deployment().dataApi()).isEmpty();
    }

    @Test
    void theWebSocketApisStageUrlIsOfferedToBrowsersAndAllowedByTheConsolesPolicy() {
        ApiProperties settings = TestSettings.of("jwt", "tenant_id", URL, "ait_app", null, null, null,
                aws(DB_SECRET, "acme", "https://abc.lambda-url.eu-west-1.on.aws/", null, null, null, null, null));
        settings.getDeployment().setWebsocketUrl("wss://ws1.execute-api.eu-west-1.amazonaws.com/live/");
        ApiConfig config = ApiConfig.from(settings);
        assertThat(config.deployment().webSocketUrl()).contains(URI.create("wss://ws1.execute-api.eu-west-1.amazonaws.com/live"));
        assertThat(new EventLinks(config).webSocket("stream_token=t"))
                .contains("wss://ws1.execute-api.eu-west-1.amazonaws.com/live?stream_token=t");
        assertThat(new ConsoleController(config).index().getHeaders().get("Content-Security-Policy"))
                .contains("connect-src 'self' https://abc.lambda-url.eu-west-1.on.aws wss://ws1.execute-api.eu-west-1.amazonaws.com;");

        settings.getDeployment().setWebsocketUrl(null);
        assertThat(new EventLinks(ApiConfig.from(settings)).webSocket("stream_token=t")).as("not told: none offered").isEmpty();
        for (String bad : List.of("https://ws1.example/live", "ws1.example/live", "wss://ws1.example/live?x=1", "wss:///live")) {
            settings.getDeployment().setWebsocketUrl(bad);
            assertThatThrownBy(() -> ApiConfig.from(settings)).as(bad).hasMessageContaining("LIVE_WEBSOCKET_URL");
        }
    }

    @Test
    void theRunControlsPushToTheWebSocketStageWhenTheStackSetsBothLiveVariables() {
        ApiProperties settings = TestSettings.of("jwt", "tenant_id", URL, "ait_app", null, null, null,
                aws(DB_SECRET, "acme", "https://abc.lambda-url.eu-west-1.on.aws/", null, null, null, null, null));
        assertThat(ApiConfig.from(settings).deployment().livePush()).as("neither: nobody is told").isEmpty();
        settings.getDeployment().setLiveTable(" live-connections ");
        settings.getDeployment().setLiveCallbackUrl("https://ws1.execute-api.eu-west-1.amazonaws.com/live");
        assertThat(ApiConfig.from(settings).deployment().livePush()).hasValueSatisfying(push -> {
            assertThat(push.table()).isEqualTo("live-connections");
            assertThat(push.callbackUrl()).isEqualTo(URI.create("https://ws1.execute-api.eu-west-1.amazonaws.com/live"));
        });
        settings.getDeployment().setLiveCallbackUrl(" ");
        assertThatThrownBy(() -> ApiConfig.from(settings)).hasMessageContaining("LIVE_TABLE and LIVE_CALLBACK_URL");
    }

    @Test
    void theSseFunctionsEnvironmentNeedsNoJdbcUrl() {
        ApiConfig config = TestSettings.config("stream_token", null, null, null, null, null, null,
                aws(null, "acme", null, DB_SECRET, "data_api", CLUSTER, DB_SECRET, "aitesting"));
        assertThat(config.authMode()).isEqualTo(AuthMode.STREAM_TOKEN);
        assertThat(config.database()).isNull();
        assertThat(config.deployment().dataApi()).hasValueSatisfying(t -> {
            assertThat(t.clusterArn()).isEqualTo(CLUSTER);
            assertThat(t.database()).isEqualTo("aitesting");
        });
    }

    @Test
    void locallyNothingChanges() {
        ApiConfig config = TestSettings.config(null, null, URL, "ait_app", "pw", null, null);
        assertThat(config.deployment()).isEqualTo(ApiConfig.Deployment.NONE);
        assertThat(config.database().secretArn()).isNull();
    }

    @Test
    void aMisconfigurationStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> TestSettings.config("jwt", null, null, null, null, null, null,
                aws(null, null, null, null, "data_api", CLUSTER, DB_SECRET, "aitesting"))).hasMessageContaining("AUTH_MODE=stream_token");
        assertThatThrownBy(() -> TestSettings.config("stream_token", null, null, null, null, null, null,
                aws(null, null, null, null, "data_api", null, DB_SECRET, "aitesting"))).hasMessageContaining("DATA_API_CLUSTER_ARN");
        assertThatThrownBy(() -> TestSettings.config("stream_token", null, null, null, null, null, null,
                aws(null, null, null, null, "data_api", CLUSTER, DB_SECRET, null))).hasMessageContaining("DATABASE_NAME");
        assertThatThrownBy(() -> TestSettings.config("stream_token", null, URL, null, null, null, null,
                aws(null, null, null, null, "data_api", CLUSTER, DB_SECRET, "aitesting"))).hasMessageContaining("DATABASE_URL must not be set");
        assertThatThrownBy(() -> TestSettings.config("jwt", null, URL, null, null, null, null,
                aws(null, "not a tenant!", null, null, null, null, null, null))).hasMessageContaining("DEPLOYMENT_TENANT_ID");
        assertThatThrownBy(() -> TestSettings.config("jwt", null, URL, null, null, null, null,
                aws(null, null, "abc.lambda-url.on.aws", null, null, null, null, null))).hasMessageContaining("EVENT_STREAM_URL");
        assertThatThrownBy(() -> TestSettings.config("jwt", null, URL, null, null, null, null,
                aws(null, null, null, "my-key", null, null, null, null))).hasMessageContaining("STREAM_TOKEN_SECRET_ARN");
        assertThat(ApiStartTest.startFailure(Map.of("AUTH_MODE", "basic"))).contains("stream_token");
    }

    @Test
    void aSecretArnAndAPlainPasswordTogetherIsAMistakeAndNoPasswordIsEverPrinted() {
        assertThatThrownBy(() -> TestSettings.config("jwt", null, URL, "ait_app", "hunter2", null, null,
                aws(DB_SECRET, null, null, null, null, null, null, null)))
                .hasMessageContaining("DATABASE_SECRET_ARN").hasMessageNotContaining("hunter2");
        assertThat(TestSettings.config(null, null, URL, "ait_app", "hunter2", null, null).toString()).doesNotContain("hunter2");
    }
}
