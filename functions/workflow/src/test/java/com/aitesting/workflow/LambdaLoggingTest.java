package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The logback.xml the Lambda zip carries at its root (src/lambda): logback without one logs everything at DEBUG,
 * the AWS SDK's wire chatter included. The app logs at INFO (LOG_LEVEL), the libraries at WARN.
 */
class LambdaLoggingTest {
    @Test
    void theLambdaZipsLogbackConfigurationLogsTheAppAtInfoAndLibrariesAtWarn() throws JoranException {
        LoggerContext context = new LoggerContext();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(Path.of("src/lambda/logback.xml").toFile());

        assertThat(context.getStatusManager().getCopyOfStatusList()).noneMatch(s -> s.getLevel() >= Status.WARN);
        assertThat(context.getLogger("com.aitesting.workflow.WorkflowHandler").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("software.amazon.awssdk.request").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.zaxxer.hikari.pool.HikariPool").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("STDOUT")).isNotNull();
        context.stop();
    }
}
