package com.aitesting.workflow;

import com.aitesting.core.settings.Flags;
import com.aitesting.aws.live.LivePushSettings;
import com.aitesting.aws.secrets.DatabaseLogin;
import com.aitesting.executors.ExecutorSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The task Lambdas' environment, parsed once at cold start; a missing required value fails the start.
 * The database login follows the one rule of every function ({@link DatabaseLogin}): DATABASE_SECRET_ARN
 * on AWS, else DATABASE_USER + DATABASE_PASSWORD; blank is unset.
 *
 * @param stateMachineArn STATE_MACHINE_ARN: needed by the park task, which answers its own token when a
 *                        resume arrived first
 * @param sfnEndpoint     SFN_ENDPOINT and SFN_ENDPOINT_TOKEN: the embedded engine's endpoint and the bearer
 *                        token it requires; absent on AWS
 * @param stepDuration    SIMULATE_STEP_MS: how long one simulated step takes, spread over its events
 * @param realSteps       with SIMULATE_PROGRESS=false, how the real executors probe ({@link ExecutorSettings}); empty
 *                        when steps are simulated (SIMULATE_PROGRESS=true, the default)
 * @param live            LIVE_TABLE and LIVE_CALLBACK_URL: where committed events are pushed to WebSocket
 *                        subscribers ({@link LivePushSettings}); empty locally
 */
public record WorkflowConfig(String jdbcUrl, DatabaseLogin login, Optional<String> stateMachineArn, Optional<SfnWorkflowEngine.LocalEndpoint> sfnEndpoint,
                             Duration stepDuration, Optional<ExecutorSettings> realSteps, Optional<LivePushSettings> live) {

    public static final Duration DEFAULT_STEP = Duration.ofMillis(1500);

    public static WorkflowConfig fromEnvironment(Map<String, String> env) {
        String url = required(env, "DATABASE_URL");
        DatabaseLogin login = DatabaseLogin.fromEnvironment(env);
        Duration step = DEFAULT_STEP;
        if (env.containsKey("SIMULATE_STEP_MS")) {
            try {
                step = Duration.ofMillis(Long.parseLong(env.get("SIMULATE_STEP_MS").trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("SIMULATE_STEP_MS must be a whole number of milliseconds: " + env.get("SIMULATE_STEP_MS"));
            }
            if (step.isNegative()) {
                throw new IllegalStateException("SIMULATE_STEP_MS must not be negative");
            }
        }
        return new WorkflowConfig(url, login, Optional.ofNullable(env.get("STATE_MACHINE_ARN")),
                Optional.ofNullable(env.get("SFN_ENDPOINT")).map(uri -> new SfnWorkflowEngine.LocalEndpoint(URI.create(uri),
                        required(env, "SFN_ENDPOINT_TOKEN"))), step, realSteps(env), LivePushSettings.fromEnvironment(env));
    }

    /** SIMULATE_PROGRESS=false runs the real executors; true or unset simulates (the API's rule, {@link Flags}). */
    public static Optional<ExecutorSettings> realSteps(Map<String, String> env) {
        return Flags.parse("SIMULATE_PROGRESS", env.get("SIMULATE_PROGRESS"), true)
                ? Optional.empty() : Optional.of(ExecutorSettings.fromEnvironment(env));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is required");
        }
        return value;
    }
}
