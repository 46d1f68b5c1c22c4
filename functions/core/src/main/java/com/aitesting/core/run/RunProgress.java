package com.aitesting.core.run;

/** How far a run is: steps completed, the step under way (null when none is), percent of the whole run. */
public record RunProgress(int completedSteps, Integer currentStepIndex, int percent) {}
