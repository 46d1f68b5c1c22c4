package com.aitesting.infra;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnOutputProps;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.Construct;

/** One tenant's environment: database, workflow, API, event stream, notifications and alarms. */
public final class TenantEnvironmentStack extends Stack {

    TenantEnvironmentStack(Construct scope, String id, StackProps props, TenantEnvironmentConfig config,
                           LambdaArtifacts artifacts) {
        super(scope, id, props);
        Tags.of(this).add("ait:environment", config.environmentName());
        Tags.of(this).add("ait:tenant", config.tenantId());

        Network network = new Network(this, "Network", config);
        Database database = new Database(this, "Database", config, network.vpc());
        DatabaseMigration migration = new DatabaseMigration(this, "Migration", config, artifacts, network.vpc(), database);
        Map<String, String> databaseEnvironment = Map.of(
                "DATABASE_URL", database.jdbcUrl(),
                "DATABASE_USER", Database.APP_ROLE,
                "DATABASE_SECRET_ARN", database.appRoleSecret().getSecretArn(),
                "DEPLOYMENT_TENANT_ID", config.tenantId());

        EventStream eventStream = new EventStream(this, "EventStream", config, artifacts, database);
        LiveProgressApi live = new LiveProgressApi(this, "Live", config, artifacts, database, eventStream.streamTokenKey());
        // the processes that append run events push them to WebSocket subscribers after their commits
        Map<String, String> writerEnvironment = new LinkedHashMap<>(databaseEnvironment);
        writerEnvironment.putAll(live.pushEnvironment());
        RunWorkflow workflow = new RunWorkflow(this, "Workflow", config, artifacts, network.vpc(), database, databaseEnvironment,
                writerEnvironment);
        // the API offers the WebSocket API's stage URL to browsers with their stream token (console)
        Map<String, String> apiEnvironment = new LinkedHashMap<>(writerEnvironment);
        apiEnvironment.put("LIVE_WEBSOCKET_URL", live.url());
        PublicApi api = new PublicApi(this, "Api", config, artifacts, network.vpc(), database, apiEnvironment,
                workflow.stateMachine(), eventStream);
        live.allowPushFrom(api.function());
        workflow.tasks().forEach((task, function) -> {
            if (TaskFunctions.appendsRunEvents(task)) {
                live.allowPushFrom(function);
            }
        });
        // the notifier appends too: run.failed for a run whose execution ended without it, notification.failed
        RunNotifications notifications = new RunNotifications(this, "Notifications", config, artifacts, network.vpc(),
                database, writerEnvironment, workflow.stateMachine(), config.publicBaseUrl().orElse(api.stage().getUrl()));
        live.allowPushFrom(notifications.function());

        WebhookEncryption webhookEncryption = new WebhookEncryption(this, "WebhookEncryption");
        webhookEncryption.allow(api.function());
        webhookEncryption.allow(notifications.function());

        OperationalAlarms alarms = new OperationalAlarms(this, "Alarms", config);
        alarms.failedExecutions(workflow.stateMachine());
        alarms.apiServerErrors(api.stage());
        alarms.deadLetters(notifications.deadLetterQueue());
        Map<String, Function> functions = new LinkedHashMap<>();
        functions.put("Api", api.function());
        functions.put("EventStream", eventStream.function());
        functions.put("Notifier", notifications.function());
        functions.put("Migration", migration.function());
        functions.put("LiveRoutes", live.routes());
        functions.put("LiveAuthorizer", live.authorizer());
        workflow.tasks().forEach((task, function) -> functions.put(TaskFunctions.constructId(task), function));
        alarms.functionErrors(functions);

        output("ApiUrl", api.stage().getUrl(), "Base URL of the REST API (JWT required)");
        output("EventStreamUrl", eventStream.url(), "Function URL of the SSE stream (stream token required)");
        output("LiveProgressUrl", live.url(), "WebSocket API of live progress (?token=JWT or ?stream_token= required)");
        output("StateMachineArn", workflow.stateMachine().getStateMachineArn(), "Run state machine");
        output("ScannerEgressIps", Fn.join(",", network.egressAddresses()),
                "Source addresses of every probe (the NAT gateways): for the targets' allow lists and logs");
        output("SlackWebhookSecretArn", notifications.webhookSecret().getSecretArn(), "Put the Slack webhook URL here");
    }

    private void output(String id, String value, String description) {
        new CfnOutput(this, id, CfnOutputProps.builder().value(value).description(description).build());
    }
}
