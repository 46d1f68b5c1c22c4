package com.aitesting.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import java.net.BindException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A start that fails over a setting says which, in one sentence, rather than with Micronaut's bean path. */
class StartFailureTest {
    private static final LocalConfig CONFIG = LocalConfig.parse(Map.of("PORT", "18592"));

    @Test
    void aRuleBrokenInsideBeanCreationIsItsOwnMessage() {
        Throwable wrapped = new BeanInstantiationException("Bean definition [StreamSettings] could not be loaded",
                new IllegalArgumentException("EVENT_TAIL must be 'listen' or 'poll', was 'kafka'"));

        assertThat(StartFailure.explain(wrapped, CONFIG)).contains("EVENT_TAIL must be 'listen' or 'poll', was 'kafka'");
    }

    @Test
    void aValidationFailureOfTheSettingsIsItsViolations() {
        // the shape Micronaut gives a @ConfigurationProperties bean that fails its jakarta constraints
        Throwable wrapped = new BeanInstantiationException("Bean definition [WorkflowEngine] could not be loaded: Error "
                + "instantiating bean of type [ApiProperties$Stream]\n\nMessage: Validation failed for bean definition "
                + "[ApiProperties$Stream]\nList of constraint violations:[\n\tcom.aitesting.api.config.ApiProperties$Stream."
                + "keepaliveMs - STREAM_KEEPALIVE_MS must be a whole number from 50 to 300000\n]\nPath Taken: ...");

        assertThat(StartFailure.explain(wrapped, CONFIG)).contains("STREAM_KEEPALIVE_MS must be a whole number from 50 to 300000");
    }

    @Test
    void aTakenPortSaysSoAndAnythingElseIsUnexplained() {
        Throwable taken = new ServerStartupException("Unable to start Micronaut server on 127.0.0.1:18592",
                new BindException("Address already in use"));

        assertThat(StartFailure.explain(taken, CONFIG)).contains("PORT 18592 is already in use on 127.0.0.1: stop what "
                + "listens there, or set another PORT.");
        assertThat(StartFailure.explain(new NullPointerException("bug"), CONFIG)).isEmpty();
    }
}
