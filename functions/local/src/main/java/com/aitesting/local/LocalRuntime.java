package com.aitesting.local;

import com.aitesting.core.secret.MasterKey;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded default, composed of parts started in dependency order and stopped in reverse:
 * database -> workflow engine (with the Slack notifier) -> HTTP API. The API reaches the engine through
 * its endpoint, passed as properties, like any Step Functions client. The API and the notifier share the
 * webhook master key (the key file beside DATA_DIR, {@link WebhookKeyFile}).
 */
public final class LocalRuntime implements AutoCloseable {
    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private Database database;
    private ApiServerPart api;
    private WorkflowEnginePart workflow;

    public LocalRuntime() {}

    /**
     * Starts the parts in order. On failure everything already started is stopped again. A shutdown
     * hook may call {@link #close()} at any time, also while this is still starting.
     */
    public synchronized LocalRuntime start(LocalConfig config) {
        try {
            if (config.external() == null) {
                EmbeddedPostgresPart embedded = EmbeddedPostgresPart.start(config.dataDir(), config.ephemeralDb());
                parts.push(embedded);
                database = embedded.database();
            } else {
                database = ExternalDatabase.prepare(config.external());
            }
            MasterKey webhookKey = WebhookKeyFile.forConfig(config);
            workflow = WorkflowEnginePart.start(database, config.simulateStep(), config.realSteps(),
                    config.notifier(), webhookKey);
            parts.push(workflow);
            Map<String, Object> apiProperties = new HashMap<>(workflow.apiProperties());
            // The API accepts exactly what the notifier will send to: one policy from the same settings.
            apiProperties.put("ait.outbound.allowed-hosts", String.join(",", config.notifier().outbound().allowedHosts()));
            apiProperties.put("ait.outbound.allow-loopback-http", String.valueOf(config.notifier().outbound().allowLoopback()));
            // The API's real-mode rules (authorization, executable tests) follow the mode the steps run in.
            apiProperties.put("ait.simulate-progress", String.valueOf(config.realSteps().isEmpty()));
            config.bind().warning().ifPresent(System.err::println);
            api = ApiServerPart.start(config.port(), config.bind().address(), database, apiProperties, webhookKey);
            parts.push(api);
            return this;
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    public String apiUrl() {
        return api.url();
    }

    public String databaseDescription() {
        return database.description();
    }

    /** Where the data is, e.g. for a benchmark that reads run_events as the app role. */
    public Database database() {
        return database;
    }

    ApiServerPart api() {
        return api;
    }

    WorkflowEnginePart workflow() {
        return workflow;
    }

    @Override
    public synchronized void close() {
        while (!parts.isEmpty()) {
            try {
                parts.pop().close();
            } catch (Exception e) {
                System.err.println("ai-testing: error while stopping: " + e);
            }
        }
    }
}
