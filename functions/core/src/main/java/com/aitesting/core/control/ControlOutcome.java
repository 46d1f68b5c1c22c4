package com.aitesting.core.control;

import com.aitesting.core.run.Run;

/**
 * An accepted control and the run after it. {@code changed} is false when the run already was where the
 * action leads (the same pause twice): accepted, but no second event.
 */
public record ControlOutcome(ControlAction action, boolean changed, Run run) {}
