package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Walks every IAM statement of the template: no wildcards, and each function holds only what it uses. */
class IamLeastPrivilegeStackTest {

    /**
     * Actions that may be granted on Resource "*", grouped by the reason. Nothing else may: a statement
     * with "*" as a resource passes only if all of its actions are listed here.
     */
    private static final Map<String, Set<String>> WILDCARD_RESOURCE_ALLOWED = Map.of(
            "X-Ray has no resource-level permissions (tracing=true)", Set.of(
                    "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"),
            "CloudWatch Logs vended delivery (Step Functions logging) supports only Resource *", Set.of(
                    "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
                    "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies",
                    "logs:DescribeLogGroups"));
    private static final Set<String> WILDCARD_RESOURCE_ACTIONS = WILDCARD_RESOURCE_ALLOWED.values().stream()
            .flatMap(Set::stream).collect(Collectors.toSet());

    /** AWS-managed policies CDK attaches to Lambda roles: log writing, and ENIs for functions in the VPC. */
    private static final Set<String> MANAGED_POLICIES_ALLOWED = Set.of(
            "service-role/AWSLambdaBasicExecutionRole", "service-role/AWSLambdaVPCAccessExecutionRole");

    private static TemplateResources resources;
    private static Map<String, List<Map<String, Object>>> statementsByRole;

    @BeforeAll
    static void synthesize() {
        resources = new TemplateResources(SynthesizedEnvironment.template());
        statementsByRole = resources.allowStatementsByRole();
    }

    @Test
    void noStatementAllowsAWildcardAction() {
        List<String> wildcards = new ArrayList<>();
        statementsByRole.forEach((role, statements) -> statements.forEach(statement ->
                TemplateResources.values(statement, "Action").stream()
                        .map(String::valueOf)
                        .filter(action -> action.contains("*"))
                        .forEach(action -> wildcards.add(role + ": " + action))));
        assertThat(wildcards).isEmpty();
    }

    @Test
    void wildcardResourcesAreOnlyGrantedForActionsWithoutResourceLevelPermissions() {
        List<String> offending = new ArrayList<>();
        statementsByRole.forEach((role, statements) -> statements.stream()
                .filter(statement -> TemplateResources.values(statement, "Resource").contains("*"))
                .forEach(statement -> TemplateResources.values(statement, "Action").stream()
                        .map(String::valueOf)
                        .filter(action -> !WILDCARD_RESOURCE_ACTIONS.contains(action))
                        .forEach(action -> offending.add(role + ": " + action + " on *"))));
        assertThat(offending).as("only these actions may use Resource *: %s", WILDCARD_RESOURCE_ALLOWED).isEmpty();
    }

    /** The one role API Gateway itself assumes (the account's logging role, needed by WebSocket access logs). */
    private static final String API_GATEWAY_LOGS_POLICY = "service-role/AmazonAPIGatewayPushToCloudWatchLogs";

    @Test
    void rolesUseNoManagedPoliciesBeyondTheLambdaExecutionOnes() {
        resources.ofType("AWS::IAM::Role").forEach((role, properties) -> {
            boolean apiGatewayLogs = String.valueOf(properties.get("AssumeRolePolicyDocument")).contains("apigateway.amazonaws.com");
            for (Object arn : TemplateResources.list(properties.getOrDefault("ManagedPolicyArns", List.of()))) {
                List<Object> parts = TemplateResources.list(TemplateResources.list(TemplateResources.map(arn).get("Fn::Join")).get(1));
                String name = String.valueOf(parts.get(parts.size() - 1)).replaceFirst("^:iam::aws:policy/", "");
                assertThat(apiGatewayLogs ? Set.of(API_GATEWAY_LOGS_POLICY) : MANAGED_POLICIES_ALLOWED).as(role).contains(name);
            }
        });
    }

    @Test
    void eachSecretIsReadableOnlyByTheFunctionsThatUseIt() {
        Map<String, Set<String>> readers = secretReaders();
        Set<String> appRoleUsers = new TreeSet<>(Set.of(PublicApi.HANDLER, "run.sh", RunNotifications.HANDLER,
                DatabaseMigration.HANDLER, LiveProgressApi.ROUTES_HANDLER));
        for (WorkflowTask task : WorkflowTask.values()) {
            appRoleUsers.add(task.handlerClass());
        }
        assertThat(readers).containsOnlyKeys(secretRef("DatabaseClusterSecretAttachment"),
                secretRef("DatabaseAppRoleSecretAttachment"), secretRef("EventStreamStreamTokenKey"),
                secretRef("NotificationsSlackWebhook"));
        assertThat(readers.get(secretRef("DatabaseClusterSecretAttachment"))).containsExactly(DatabaseMigration.HANDLER);
        assertThat(readers.get(secretRef("DatabaseAppRoleSecretAttachment"))).isEqualTo(appRoleUsers);
        assertThat(readers.get(secretRef("EventStreamStreamTokenKey"))).containsExactlyInAnyOrder(PublicApi.HANDLER, "run.sh",
                LiveProgressApi.AUTHORIZER_HANDLER);
        assertThat(readers.get(secretRef("NotificationsSlackWebhook"))).containsExactly(RunNotifications.HANDLER);
    }

    @Test
    void createdSlackWebhookSecretDeniesEveryoneButTheNotifier() {
        String notifierRole = resources.roleOf(resources.functionWithHandler(RunNotifications.HANDLER));
        // (the database secrets carry the resource policies of their hosted rotation)
        Map<String, Object> policy = resources.ofType("AWS::SecretsManager::ResourcePolicy").values().stream()
                .filter(p -> String.valueOf(p.get("SecretId")).contains("NotificationsSlackWebhook")).findFirst().orElseThrow();
        Map<String, Object> statement = TemplateResources.map(TemplateResources.list(
                TemplateResources.map(policy.get("ResourcePolicy")).get("Statement")).get(0));
        assertThat(statement).containsEntry("Effect", "Deny")
                .containsEntry("Action", "secretsmanager:GetSecretValue")
                .containsEntry("Condition", Map.of("StringNotEquals",
                        Map.of("aws:PrincipalArn", Map.of("Fn::GetAtt", List.of(notifierRole, "Arn")))));
    }

    @Test
    void onlyTheApiControlsRunsAndOnlyOnItsOwnStateMachine() {
        String stateMachine = resources.ofType("AWS::StepFunctions::StateMachine").keySet().iterator().next();
        String apiRole = resources.roleOf(resources.functionWithHandler(PublicApi.HANDLER));
        String parkRole = resources.roleOf(resources.functionWithHandler(WorkflowTask.PARK_RUN.handlerClass()));
        Map<String, List<Object>> resourcesByAction = new TreeMap<>();
        statementsByRole.forEach((role, statements) -> statements.forEach(statement ->
                TemplateResources.values(statement, "Action").stream().map(String::valueOf)
                        .filter(action -> action.startsWith("states:"))
                        .filter(action -> !role.equals(parkRole)) // the park task's own answer: next test
                        .forEach(action -> {
                            assertThat(role).as(action).isEqualTo(apiRole);
                            resourcesByAction.put(action, TemplateResources.values(statement, "Resource"));
                        })));
        Map<String, Object> ownStateMachine = Map.of("Ref", stateMachine);
        assertThat(resourcesByAction).containsOnlyKeys("states:StartExecution", "states:StopExecution",
                "states:DescribeExecution", "states:SendTaskSuccess", "states:SendTaskFailure");
        assertThat(resourcesByAction.get("states:StartExecution")).containsExactly(ownStateMachine);
        assertThat(resourcesByAction.get("states:SendTaskSuccess")).containsExactly(ownStateMachine);
        assertThat(resourcesByAction.get("states:SendTaskFailure")).containsExactly(ownStateMachine);
        for (String executionAction : List.of("states:StopExecution", "states:DescribeExecution")) {
            assertThat(String.valueOf(resourcesByAction.get(executionAction)))
                    .as("executions of this state machine only")
                    .contains(":execution:", "Ref=" + stateMachine);
        }
    }

    @Test
    void theParkTaskMayOnlyAnswerTokensOfItsOwnStateMachineWhoseArnItIsGiven() {
        Map<String, Object> stateMachine = resources.ofType("AWS::StepFunctions::StateMachine").values().iterator().next();
        String name = String.valueOf(stateMachine.get("StateMachineName"));
        assertThat(name).isEqualTo("ait-test-run");
        String park = resources.functionWithHandler(WorkflowTask.PARK_RUN.handlerClass());
        Set<String> actions = new HashSet<>();
        List<Object> stateResources = new ArrayList<>();
        for (Map<String, Object> statement : statementsByRole.get(resources.roleOf(park))) {
            List<String> stated = TemplateResources.values(statement, "Action").stream().map(String::valueOf).toList();
            actions.addAll(stated);
            if (stated.stream().anyMatch(a -> a.startsWith("states:"))) {
                stateResources.addAll(TemplateResources.values(statement, "Resource"));
            }
        }
        assertThat(actions.stream().filter(a -> a.startsWith("states:")))
                .containsExactlyInAnyOrder("states:SendTaskSuccess", "states:SendTaskFailure");
        assertThat(stateResources).hasSize(1);
        assertThat(String.valueOf(stateResources.get(0))).contains(":stateMachine:" + name).doesNotContain("*");
        // the same ARN is in its environment (no reference to the state machine: that would be a cycle)
        Map<String, Object> variables = TemplateResources.map(TemplateResources.map(
                resources.ofType("AWS::Lambda::Function").get(park).get("Environment")).get("Variables"));
        assertThat(variables.get("STATE_MACHINE_ARN")).isEqualTo(stateResources.get(0));
    }

    @Test
    void sseFunctionMayOnlyQueryItsClusterThroughTheDataApiAndReadItsTwoSecrets() {
        String sseRole = resources.roleOf(resources.functionWithHandler("run.sh"));
        String cluster = resources.ofType("AWS::RDS::DBCluster").keySet().iterator().next();
        Set<String> actions = new HashSet<>();
        for (Map<String, Object> statement : statementsByRole.get(sseRole)) {
            TemplateResources.values(statement, "Action").forEach(a -> actions.add(String.valueOf(a)));
            if (String.valueOf(statement.get("Action")).contains("rds-data:")) {
                assertThat(String.valueOf(statement.get("Resource"))).contains(":cluster:", "Ref=" + cluster);
            }
        }
        actions.removeAll(WILDCARD_RESOURCE_ACTIONS);
        assertThat(actions).containsExactlyInAnyOrder("rds-data:ExecuteStatement", "rds-data:BeginTransaction",
                "rds-data:CommitTransaction", "rds-data:RollbackTransaction", "secretsmanager:GetSecretValue");
    }

    @Test
    void stateMachineMayInvokeOnlyItsSixTaskFunctions() {
        Set<String> expected = new TreeSet<>();
        for (WorkflowTask task : WorkflowTask.values()) {
            expected.add(resources.functionWithHandler(task.handlerClass()));
        }
        String stateMachineRole = (String) TemplateResources.list(TemplateResources.map(resources
                .ofType("AWS::StepFunctions::StateMachine").values().iterator().next().get("RoleArn")).get("Fn::GetAtt")).get(0);
        Set<String> invoked = new TreeSet<>();
        for (Map<String, Object> statement : statementsByRole.get(stateMachineRole)) {
            if (TemplateResources.values(statement, "Action").contains("lambda:InvokeFunction")) {
                TemplateResources.values(statement, "Resource").stream()
                        .filter(r -> r instanceof Map<?, ?> m && m.containsKey("Fn::GetAtt"))
                        .forEach(r -> invoked.add((String) TemplateResources.list(TemplateResources.map(r).get("Fn::GetAtt")).get(0)));
            }
        }
        assertThat(invoked).isEqualTo(expected);
    }

    /** Secret reference (as it appears in a policy) to the handlers of the functions allowed to read it. */
    private static Map<String, Set<String>> secretReaders() {
        Map<String, String> handlerByRole = new TreeMap<>();
        resources.ofType("AWS::Lambda::Function").forEach((id, function) ->
                handlerByRole.put(resources.roleOf(id), String.valueOf(function.get("Handler"))));
        Map<String, Set<String>> readers = new TreeMap<>();
        statementsByRole.forEach((role, statements) -> statements.stream()
                .filter(s -> TemplateResources.values(s, "Action").stream().anyMatch(a -> String.valueOf(a).startsWith("secretsmanager:")))
                .forEach(s -> {
                    assertThat(TemplateResources.values(s, "Action")).as(role).containsExactly("secretsmanager:GetSecretValue");
                    TemplateResources.values(s, "Resource").forEach(secret -> readers
                            .computeIfAbsent(secretIdPrefix(secret), k -> new TreeSet<>())
                            .add(handlerByRole.get(role)));
                }));
        return readers;
    }

    /** A secret reference reduced to its logical id without CDK's hash suffix, e.g. EventStreamStreamTokenKey. */
    private static String secretIdPrefix(Object reference) {
        String logicalId = (String) TemplateResources.map(reference).get("Ref");
        return secretRef(logicalId.substring(0, logicalId.length() - 8));
    }

    private static String secretRef(String logicalIdPrefix) {
        return "Ref " + logicalIdPrefix;
    }
}
