package com.aitesting.workflow;

import com.aitesting.core.error.StoreUnavailableException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Runs a handler's use case and turns the failures worth retrying into {@link TransientTaskException}:
 * a transient database failure, or the workflow engine's API unreachable. Everything else propagates and
 * fails the run.
 */
public final class Tasks {
    public static <T> T run(Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreUnavailableException e) {
            throw new TransientTaskException(e.getMessage(), e);
        } catch (SdkClientException e) {
            throw new TransientTaskException("The workflow engine could not be reached", e);
        }
    }

    private Tasks() {}
}
