package com.aitesting.core.plan;

import com.aitesting.core.error.InvalidInputException;
import java.util.Locale;

/** How a plan assigns agents to tests. Only {@code recommended} exists until agents can be chosen per test. */
public enum AgentStrategy {
    /** Each test gets the catalog's default agent. */
    RECOMMENDED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AgentStrategy fromWire(String value) {
        for (AgentStrategy strategy : values()) {
            if (strategy.wire().equals(value)) {
                return strategy;
            }
        }
        throw InvalidInputException.of("strategy", "is not supported; supported strategies: recommended");
    }
}
