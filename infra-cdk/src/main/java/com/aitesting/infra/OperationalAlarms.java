package com.aitesting.infra;

import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * Alarms for what needs a person: failed runs, function errors, API 5xx, undeliverable notifications.
 * Each fires on the first occurrence in five minutes: at this system's volume one is already news.
 * With alarmTopicArn in context they notify that SNS topic.
 */
final class OperationalAlarms extends Construct {

    private static final Duration PERIOD = Duration.minutes(5);
    private static final MetricOptions SUM_PER_PERIOD = MetricOptions.builder().period(PERIOD).statistic("Sum").build();

    private final ITopic topic;

    OperationalAlarms(Construct scope, String id, TenantEnvironmentConfig config) {
        super(scope, id);
        topic = config.alarmTopicArn().map(arn -> Topic.fromTopicArn(this, "AlarmTopic", arn)).orElse(null);
    }

    void failedExecutions(StateMachine stateMachine) {
        alarm("ExecutionsFailed", "A run's state machine execution failed", stateMachine.metricFailed(SUM_PER_PERIOD));
    }

    void functionErrors(Map<String, ? extends IFunction> functionsByName) {
        functionsByName.forEach((name, function) ->
                alarm(name + "Errors", "Function " + name + " reported errors", function.metricErrors(SUM_PER_PERIOD)));
    }

    void apiServerErrors(HttpStage stage) {
        alarm("Api5xx", "The HTTP API answered with 5xx", stage.metricServerError(SUM_PER_PERIOD));
    }

    void deadLetters(Queue queue) {
        alarm("NotificationDeadLetters", "Run status events could not be delivered to the notifier",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(PERIOD).statistic("Maximum").build()));
    }

    private void alarm(String id, String description, IMetric metric) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
    }
}
