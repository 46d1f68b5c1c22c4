package com.aitesting.core.run;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.catalog.CatalogTest;
import com.aitesting.core.engagement.Engagement;
import com.aitesting.core.error.AuthorizationRequiredException;
import com.aitesting.core.error.FieldErrors;
import com.aitesting.core.error.InvalidInputException.Kind;
import com.aitesting.core.plan.Plan;
import com.aitesting.core.plan.PlannedTest;
import java.util.Optional;

/**
 * How this deployment executes runs (SIMULATE_PROGRESS), and the one home of what a REAL run needs beyond a
 * simulated one: every selected test has a real executor (the catalog's {@code executable}), and the engagement
 * has a recorded authorization. A simulated run probes nothing, so it needs neither.
 */
public enum RunMode {
    SIMULATED, REAL;

    public static RunMode of(boolean simulateProgress) {
        return simulateProgress ? SIMULATED : REAL;
    }

    /** As a step.completed summary's and run.completed's {@code mode} says it: "simulated" or "real". */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** "simulated" or "real" as {@link #wire()} writes it; empty for anything else (a summary written before modes were named). */
    public static Optional<RunMode> fromWire(Object value) {
        for (RunMode mode : values()) {
            if (mode.wire().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /** Why this mode cannot run {@code test}, if it cannot (a plan refuses it, the plan options show it). */
    public Optional<String> refusal(CatalogTest test) {
        return this == REAL && !test.executable()
                ? Optional.of(test.id() + " has no real executor" + NOT_EXECUTABLE)
                : Optional.empty();
    }

    /**
     * Before a run of {@code plan} is queued: a real run needs the engagement's authorization (422
     * authorization-required) and only executable tests (422 on plan_id naming each other test; the plan may
     * have been made while the deployment simulated).
     */
    public void checkStartable(Engagement engagement, Plan plan, Catalog catalog) {
        if (this == SIMULATED) {
            return;
        }
        if (engagement.currentAuthorization().isEmpty()) {
            throw new AuthorizationRequiredException(engagement.id());
        }
        FieldErrors errors = new FieldErrors();
        for (PlannedTest test : plan.tests()) {
            boolean executable = catalog.find(test.testId()).map(CatalogTest::executable).orElse(false);
            if (!executable) {
                errors.add(Kind.UNPROCESSABLE, "plan_id", "selects " + test.testId() + ", which has no real executor" + NOT_EXECUTABLE);
            }
        }
        errors.throwIfAny();
    }

    private static final String NOT_EXECUTABLE =
            " (\"executable\": false in GET /v1/catalog); it runs only simulated (SIMULATE_PROGRESS=true)";
}
