package com.aitesting.sfnlocal;

import java.util.List;
import java.util.Optional;

/**
 * Where state machines, executions (with their position tree), history and task tokens live. Each
 * method is one atomic step; {@link #saveExecution} is called at every state transition.
 */
interface ExecutionStore {

    record TokenChange(String token, TokenStatus status) {
    }

    /** A RUNNING execution as persisted: its position tree (JSON text) and the id of its last history event. */
    record Resumable(ExecutionDescription execution, String position, long lastEventId) {
    }

    void saveStateMachine(StateMachineDescription stateMachine);

    List<StateMachineDescription> stateMachines();

    /** Inserts a new execution with its first events; false when its ARN is taken. */
    boolean insertExecution(ExecutionDescription execution, String position, List<HistoryEvent> events);

    /**
     * Persists a transition: the execution row (a null position once it has ended), new history events and
     * token status changes. Ending an execution closes all its tokens still WAITING.
     */
    void saveExecution(ExecutionDescription execution, String position, long lastEventId, List<HistoryEvent> events,
                       List<TokenChange> tokens);

    Optional<ExecutionDescription> execution(String executionArn);

    /** Newest first; {@code status} null means any. */
    List<ExecutionDescription> executions(String stateMachineArn, ExecutionStatus status);

    List<Resumable> running();

    List<HistoryEvent> history(String executionArn);

    Optional<TokenStatus> tokenStatus(String token);
}
