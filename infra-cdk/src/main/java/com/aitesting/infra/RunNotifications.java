package com.aitesting.infra;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.IStateMachine;
import software.constructs.Construct;

/**
 * Run status changes to Slack: Step Functions' own "Execution Status Change" events for this state
 * machine, through an EventBridge rule, to the notifier. Events the notifier cannot take after the
 * retries land in a dead-letter queue (alarmed) instead of being dropped.
 */
final class RunNotifications extends Construct {

    static final String HANDLER = "com.aitesting.notifier.SlackNotifierHandler";
    static final String DETAIL_TYPE = "Step Functions Execution Status Change";
    static final String PLACEHOLDER_WEBHOOK = "unset";
    // Above the notifier's worst case with its default Slack retry settings (about 100 s: 4 attempts of up to
    // 2 x (3 s connect + 5 s read), plus backoff and Retry-After waits), so a slow Slack is not cut off mid-retry.
    static final Duration DELIVERY_TIMEOUT = Duration.minutes(3);
    // A complete secret ARN ends in the 6-character suffix Secrets Manager appends to the name.
    private static final Pattern COMPLETE_SECRET_ARN = Pattern.compile("arn:[^:]+:secretsmanager:.*-[A-Za-z0-9]{6}");

    private final Function function;
    private final ISecret webhookSecret;
    private final Queue deadLetterQueue;

    RunNotifications(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts, IVpc vpc,
                     Database database, Map<String, String> databaseEnvironment, IStateMachine stateMachine,
                     String publicBaseUrl) {
        super(scope, id);
        webhookSecret = config.slackWebhookSecret().map(this::importWebhookSecret).orElseGet(this::createWebhookSecret);

        Map<String, String> environment = new LinkedHashMap<>(databaseEnvironment);
        environment.put("SLACK_WEBHOOK_SECRET_ARN", webhookSecret.getSecretArn());
        // Base of the run links in the messages.
        environment.put("PUBLIC_BASE_URL", publicBaseUrl);
        // In the VPC: a failed delivery is recorded as a notification.failed run event.
        function = new JavaLambda(this, "Notifier", config, JavaLambda.Spec.of(
                        "Posts run status changes to Slack", artifacts.notifierZip(), HANDLER,
                        DELIVERY_TIMEOUT, environment)
                .inVpc(vpc))
                .function();
        database.allowConnectionsFrom(function);
        SecretAccess.allowGetValue(function, database.appRoleSecret());
        SecretAccess.allowGetValue(function, webhookSecret);
        if (webhookSecret instanceof Secret created) {
            denyEveryoneElse(created, function);
        }

        deadLetterQueue = Queue.Builder.create(this, "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        Nag.suppress(deadLetterQueue, "AwsSolutions-SQS3", "it is itself the dead-letter queue of the status-change"
                + " rule's target (alarmed); nothing consumes it");
        Rule.Builder.create(this, "StatusChangeRule")
                .description("Execution status changes of this environment's run state machine")
                .eventPattern(EventPattern.builder()
                        .source(List.of("aws.states"))
                        .detailType(List.of(DETAIL_TYPE))
                        .detail(Map.of("stateMachineArn", List.of(stateMachine.getStateMachineArn())))
                        .build())
                .targets(List.of(new LambdaFunction(function, LambdaFunctionProps.builder()
                        .deadLetterQueue(deadLetterQueue)
                        .retryAttempts(8)
                        .maxEventAge(Duration.hours(6))
                        .build())))
                .build();
    }

    private ISecret importWebhookSecret(String nameOrArn) {
        if (!nameOrArn.startsWith("arn:")) {
            return Secret.fromSecretNameV2(this, "SlackWebhook", nameOrArn);
        }
        return COMPLETE_SECRET_ARN.matcher(nameOrArn).matches()
                ? Secret.fromSecretCompleteArn(this, "SlackWebhook", nameOrArn)
                : Secret.fromSecretPartialArn(this, "SlackWebhook", nameOrArn);
    }

    /** Created with a placeholder; an operator puts the webhook URL in it after the first deploy. */
    private ISecret createWebhookSecret() {
        Secret secret = Secret.Builder.create(this, "SlackWebhook")
                .description("Slack incoming webhook URL for run notifications (replace the placeholder '"
                        + PLACEHOLDER_WEBHOOK + "')")
                .secretStringValue(SecretValue.unsafePlainText(PLACEHOLDER_WEBHOOK))
                .build();
        Nag.suppress(secret, "AwsSolutions-SMG4", "Slack issues the webhook URL; only an operator can replace it");
        return secret;
    }

    /** The webhook is a bearer credential for the Slack channel: only the notifier may read it. */
    private static void denyEveryoneElse(Secret secret, Function reader) {
        secret.addToResourcePolicy(PolicyStatement.Builder.create()
                .effect(Effect.DENY)
                .principals(List.of(new AnyPrincipal()))
                .actions(List.of("secretsmanager:GetSecretValue"))
                .resources(List.of("*"))
                .conditions(Map.of("StringNotEquals", Map.of("aws:PrincipalArn", reader.getRole().getRoleArn())))
                .build());
    }

    Function function() {
        return function;
    }

    ISecret webhookSecret() {
        return webhookSecret;
    }

    Queue deadLetterQueue() {
        return deadLetterQueue;
    }
}
