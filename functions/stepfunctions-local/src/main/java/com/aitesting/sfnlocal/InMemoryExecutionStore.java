package com.aitesting.sfnlocal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The store used when no DataSource is given: same behaviour, nothing survives the process. */
final class InMemoryExecutionStore implements ExecutionStore {
    private record Row(ExecutionDescription execution, String position, long lastEventId) {
    }

    private final Map<String, StateMachineDescription> stateMachines = new LinkedHashMap<>();
    private final Map<String, Row> executions = new HashMap<>();
    private final Map<String, List<HistoryEvent>> history = new HashMap<>();
    private final Map<String, TokenStatus> tokens = new HashMap<>();
    private final Map<String, String> tokenOwners = new HashMap<>();

    @Override
    public synchronized void saveStateMachine(StateMachineDescription stateMachine) {
        stateMachines.put(stateMachine.stateMachineArn(), stateMachine);
    }

    @Override
    public synchronized List<StateMachineDescription> stateMachines() {
        return List.copyOf(stateMachines.values());
    }

    @Override
    public synchronized boolean insertExecution(ExecutionDescription execution, String position, List<HistoryEvent> events) {
        if (executions.containsKey(execution.executionArn())) {
            return false;
        }
        executions.put(execution.executionArn(), new Row(execution, position, events.size()));
        history.put(execution.executionArn(), new ArrayList<>(events));
        return true;
    }

    @Override
    public synchronized void saveExecution(ExecutionDescription execution, String position, long lastEventId,
                                           List<HistoryEvent> events, List<TokenChange> changes) {
        String arn = execution.executionArn();
        executions.put(arn, new Row(execution, position, lastEventId));
        history.get(arn).addAll(events);
        for (TokenChange change : changes) {
            tokens.put(change.token(), change.status());
            tokenOwners.put(change.token(), arn);
        }
        if (execution.status() != ExecutionStatus.RUNNING) {
            tokenOwners.forEach((token, owner) -> {
                if (owner.equals(arn) && tokens.get(token) == TokenStatus.WAITING) {
                    tokens.put(token, TokenStatus.CLOSED);
                }
            });
        }
    }

    @Override
    public synchronized Optional<ExecutionDescription> execution(String executionArn) {
        return Optional.ofNullable(executions.get(executionArn)).map(Row::execution);
    }

    @Override
    public synchronized List<ExecutionDescription> executions(String stateMachineArn, ExecutionStatus status) {
        return executions.values().stream().map(Row::execution)
                .filter(e -> e.stateMachineArn().equals(stateMachineArn))
                .filter(e -> status == null || e.status() == status)
                .sorted(Comparator.comparing(ExecutionDescription::startDate).reversed())
                .toList();
    }

    @Override
    public synchronized List<Resumable> running() {
        return executions.values().stream().filter(r -> r.execution().status() == ExecutionStatus.RUNNING)
                .map(r -> new Resumable(r.execution(), r.position(), r.lastEventId())).toList();
    }

    @Override
    public synchronized List<HistoryEvent> history(String executionArn) {
        return List.copyOf(history.getOrDefault(executionArn, List.of()));
    }

    @Override
    public synchronized Optional<TokenStatus> tokenStatus(String token) {
        return Optional.ofNullable(tokens.get(token));
    }
}
