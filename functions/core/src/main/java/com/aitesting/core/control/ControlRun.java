package com.aitesting.core.control;

import com.aitesting.core.Timestamps;
import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.port.RunEventStore;
import com.aitesting.core.port.RunRepository;
import com.aitesting.core.port.Transactions;
import com.aitesting.core.port.WorkflowEngine;
import com.aitesting.core.run.NewRunEvent;
import com.aitesting.core.run.Run;
import com.aitesting.core.run.RunEventType;
import com.aitesting.core.run.RunId;
import com.aitesting.core.run.RunLifecycle;
import com.aitesting.core.run.RunLifecycle.Effect;
import com.aitesting.core.run.RunLifecycle.Transition;
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.workflow.ParkRun;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * POST /v2/runs/{run_id}/control: lock the run, decide with {@link RunLifecycle#control}, write, in one
 * transaction. Concurrent controls (and the workflow's park task, which locks the same row) queue on the lock,
 * so each decides on the status the previous one committed: no retry, no refusal based on a stale read.
 * <ul>
 *   <li>the transition applies: the status moves and its event is written, with the actor in its payload;</li>
 *   <li>the run already is where it leads (the same pause twice, a retried abort): accepted, no event;</li>
 *   <li>otherwise 409 invalid-transition with the current status.</li>
 * </ul>
 * The transition's {@link Effect} on the workflow: a resume answers the stored task token of a parked
 * execution; an abort fails that token with Run.Aborted, or stops the execution when none is parked.
 */
public final class ControlRun {
    private static final System.Logger LOG = System.getLogger(ControlRun.class.getName());
    static final String ABORT_CAUSE = "The run was aborted by an operator.";
    private static final Set<String> CONTROL_EVENTS = Set.of(RunEventType.RUN_PAUSE_REQUESTED, RunEventType.RUN_RESUMED);

    private final Transactions transactions;
    private final RunRepository runs;
    private final RunEventStore events;
    private final WorkflowEngine workflow;
    private final Clock clock;

    public ControlRun(Transactions transactions, RunRepository runs, RunEventStore events, WorkflowEngine workflow, Clock clock) {
        this.transactions = transactions;
        this.runs = runs;
        this.events = events;
        this.workflow = workflow;
        this.clock = clock;
    }

    /** The outcome, and the parked task token the transaction took for the workflow effect. */
    private record Decided(ControlOutcome outcome, Optional<String> token) {}

    public ControlOutcome execute(Actor actor, ControlRunCommand command) {
        Decided decided = transactions.inTenant(actor.tenant(), () -> decide(actor, command));
        if (command.action().transition().effect() == Effect.END_WORKFLOW && decided.outcome().changed()) {
            endWorkflow(decided);
        }
        return decided.outcome();
    }

    private Decided decide(Actor actor, ControlRunCommand command) {
        ControlAction action = command.action();
        Transition transition = action.transition();
        RunId id = command.run();
        Run run = runs.lock(id).orElseThrow(() -> new NotFoundException("run", id));
        // Under the lock the latest control event explains a running status: after a run.resumed this resume
        // is done already; after none (or a pause) the run never paused, so there is nothing to resume.
        boolean resumedLast = transition == Transition.RESUME && run.status() == RunStatus.RUNNING
                && events.latestOf(id, CONTROL_EVENTS).filter(e -> e.type().equals(RunEventType.RUN_RESUMED)).isPresent();
        switch (RunLifecycle.control(transition, run.status(), resumedLast)) {
            case REFUSED -> throw new ConflictException("invalid-transition",
                    "Cannot " + action.wire() + " a run that is " + run.status().wire() + ".",
                    Map.of("current_status", run.status().wire(), "action", action.wire()));
            case ALREADY_THERE -> {
                return new Decided(new ControlOutcome(action, false, run), Optional.empty());
            }
            case MOVE -> { }
        }
        runs.transition(id, transition.from(), transition.to(), Timestamps.now(clock))
                .orElseThrow(() -> new IllegalStateException("run " + id + " did not move although it is locked"));
        events.append(id, new NewRunEvent(transition.event(), Map.of("actor", actor(actor), "action", action.wire()),
                transition.key(run)));
        Optional<String> token = transition.effect() == Effect.NONE ? Optional.empty() : runs.takeTaskToken(id);
        if (transition.effect() == Effect.WAKE_WORKFLOW) {
            // Answered INSIDE the transaction, after the status change: if the engine call fails, the rollback
            // keeps the run paused with its token and the operator's retry works. If the commit fails after a
            // successful answer, the execution's next checkpoint still reads paused and simply parks again.
            // No token: the workflow has not parked yet; its park task will find the run running and go on.
            token.ifPresent(workflow::resume);
        }
        return new Decided(new ControlOutcome(action, true, runs.find(id).orElseThrow()), token);
    }

    /**
     * After the commit: the run is aborted even if the engine is unreachable, and every later task of the
     * execution sees the aborted status and ends (checkpoint: abort; step: stops; park: fails its token). A
     * parked execution has its token failed with Run.Aborted, which the Map catches as an abort; otherwise (or
     * if that fails) the execution is stopped, which also ends a step in flight.
     */
    private void endWorkflow(Decided decided) {
        boolean ended = decided.token().isPresent() && quietly(
                () -> workflow.failToken(decided.token().get(), ParkRun.ABORTED_ERROR, ABORT_CAUSE), "fail the parked task token");
        String execution = decided.outcome().run().executionId();
        if (!ended && execution != null) {
            quietly(() -> workflow.stop(execution, ABORT_CAUSE), "stop execution " + execution);
        }
    }

    private static Map<String, Object> actor(Actor actor) {
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("user", actor.user());
        if (actor.email() != null) {
            by.put("email", actor.email());
        }
        return by;
    }

    private static boolean quietly(Runnable call, String what) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "could not " + what + "; the execution's next task will see the run aborted and end", e);
            return false;
        }
    }
}
