package com.aitesting.infra;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * The run state machine, deployed from the ASL file as-is, and its six task functions (in the VPC:
 * they read and write runs in Aurora as the application role).
 */
final class RunWorkflow extends Construct {

    private final Map<WorkflowTask, Function> tasks = new EnumMap<>(WorkflowTask.class);
    private final StateMachine stateMachine;

    RunWorkflow(Construct scope, String id, TenantEnvironmentConfig config, LambdaArtifacts artifacts, IVpc vpc,
                Database database, Map<String, String> databaseEnvironment, Map<String, String> writerEnvironment) {
        super(scope, id);
        // A fixed name, so that the park task can be told the state machine's ARN: referencing the state
        // machine resource from a function its definition calls would make a dependency cycle.
        String stateMachineName = config.namePrefix() + "-run";
        String stateMachineArn = Stack.of(this).formatArn(ArnComponents.builder()
                .service("states").resource("stateMachine").resourceName(stateMachineName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());
        Map<String, String> substitutions = new LinkedHashMap<>();
        for (WorkflowTask task : WorkflowTask.values()) {
            // the tasks that append run events also push them (LiveProgressApi.pushEnvironment)
            Map<String, String> environment = new LinkedHashMap<>(task.appendsRunEvents() ? writerEnvironment : databaseEnvironment);
            if (task == WorkflowTask.PARK_RUN) {
                // The park task answers its own token when a resume arrived before it parked (ParkRun).
                environment.put("STATE_MACHINE_ARN", stateMachineArn);
            }
            if (task == WorkflowTask.EXECUTE_STEP) {
                // Real or simulated steps, and how the real executors probe.
                environment.putAll(config.realRuns().executeStepEnvironment());
            }
            Function function = new JavaLambda(this, task.constructId(), config, JavaLambda.Spec.of(
                            "Run workflow task " + task.constructId(), artifacts.workflowZip(), task.handlerClass(),
                            task.timeout(), environment)
                    .inVpc(vpc))
                    .function();
            database.allowConnectionsFrom(function);
            SecretAccess.allowGetValue(function, database.appRoleSecret());
            if (task == WorkflowTask.PARK_RUN) {
                // Same scoping as the API's resume/abort (see PublicApi.allowRunControl).
                function.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("states:SendTaskSuccess", "states:SendTaskFailure"))
                        .resources(List.of(stateMachineArn))
                        .build());
            }
            tasks.put(task, function);
            substitutions.put(task.substitutionKey(), function.getFunctionArn());
        }

        LogGroup executionLog = LogGroup.Builder.create(this, "ExecutionLogs")
                // Vended-log groups under this prefix keep the CloudWatch Logs resource policy small. Deleted
                // with the stack: a retained group of this fixed name would block re-creating the environment.
                .logGroupName("/aws/vendedlogs/states/" + config.namePrefix() + "-run")
                .retention(LogRetention.ofDays(config.logRetentionDays()))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        stateMachine = StateMachine.Builder.create(this, "StateMachine")
                .stateMachineName(stateMachineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromString(
                        StateMachineDefinition.load(config.stateMachineFile(), substitutions)))
                .logs(LogOptions.builder()
                        .destination(executionLog)
                        .level(LogLevel.ALL)
                        // Payloads carry test steps and results of a tenant; state transitions are enough to debug.
                        .includeExecutionData(false)
                        .build())
                .tracingEnabled(config.tracing())
                .build();
        // The definition is a plain string, so CDK cannot see which functions it calls: grant each one.
        tasks.values().forEach(function -> function.grantInvoke(stateMachine));
        if (!config.tracing()) {
            Nag.suppress(stateMachine, "AwsSolutions-SF2", "X-Ray turned off with the context value tracing=false");
        }
        Nag.suppress(stateMachine, "AwsSolutions-IAM5", "CloudWatch Logs vended delivery and X-Ray support no"
                + " resource-level permissions", List.of("Resource::*"));
        Nag.suppressMatching(stateMachine, "AwsSolutions-IAM5", "grantInvoke also covers the task functions'"
                + " versions and aliases (ARN:*)", "/^Resource::<Workflow[A-Za-z]+Function[0-9A-F]+\\.Arn>:\\*$/");
    }

    StateMachine stateMachine() {
        return stateMachine;
    }

    Map<WorkflowTask, Function> tasks() {
        return tasks;
    }
}
