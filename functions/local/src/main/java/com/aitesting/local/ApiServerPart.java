package com.aitesting.local;

import com.aitesting.api.Application;
import com.aitesting.core.secret.MasterKey;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.HashMap;
import java.util.Map;

/** The HTTP app (functions/api) on Netty, connected as the restricted role to the given database. */
final class ApiServerPart implements AutoCloseable {
    private final ApplicationContext context;
    private final EmbeddedServer server;

    private ApiServerPart(ApplicationContext context, EmbeddedServer server) {
        this.context = context;
        this.server = server;
    }

    /**
     * @param extra further properties, e.g. from parts added to the runtime later (the local Step
     *              Functions endpoint the workflow adapter should talk to)
     */
    static ApiServerPart start(int port, Database database, Map<String, Object> extra, MasterKey webhookKey) {
        Map<String, Object> properties = new HashMap<>(extra);
        properties.put("micronaut.server.port", port == 0 ? -1 : port); // -1: Micronaut picks a free port
        properties.put("ait.database.url", database.jdbcUrl());
        properties.put("ait.database.user", database.app().user());
        properties.put("ait.database.password", database.app().password());
        // The context is started here and the server explicitly, so that no Micronaut shutdown hook
        // races LocalRuntime's ordered shutdown (server first, database last).
        ApplicationContext context = ApplicationContext.builder()
                .mainClass(Application.class)
                .banner(false)
                .properties(properties)
                .singletons(webhookKey) // in place of the KMS key the app uses on AWS
                .start();
        try {
            EmbeddedServer server = context.getBean(EmbeddedServer.class);
            server.start();
            return new ApiServerPart(context, server);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    /** The URL the server listens on, e.g. http://localhost:8080. */
    String url() {
        return "http://localhost:" + server.getPort();
    }

    int port() {
        return server.getPort();
    }

    ApplicationContext context() {
        return context;
    }

    @Override
    public void close() {
        server.stop();
        context.close();
    }
}
