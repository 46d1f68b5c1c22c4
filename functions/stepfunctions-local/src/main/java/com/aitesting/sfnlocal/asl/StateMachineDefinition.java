package com.aitesting.sfnlocal.asl;

/** A loaded, validated definition. {@code timeoutSeconds} 0 means the execution has no time limit. */
public record StateMachineDefinition(String json, StateGraph graph, long timeoutSeconds) {
}
