package com.aitesting.sfnlocal;

import java.time.Instant;

/** What DescribeExecution returns. {@code input} and {@code output} are JSON text; unset fields are null. */
public record ExecutionDescription(String executionArn, String stateMachineArn, String name, ExecutionStatus status,
                                   Instant startDate, Instant stopDate, String input, String output, String error,
                                   String cause) {

    ExecutionDescription finished(ExecutionStatus newStatus, Instant stop, String newOutput, String newError,
                                  String newCause) {
        return new ExecutionDescription(executionArn, stateMachineArn, name, newStatus, startDate, stop, input,
                newOutput, newError, newCause);
    }
}
