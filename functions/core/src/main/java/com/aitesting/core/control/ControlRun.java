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
import com.aitesting.core.run.RunStatus;
import com.aitesting.core.tenant.Actor;
import com.aitesting.core.workflow.Keys;
import com.aitesting.core.workflow.ParkRun;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * POST /v2/runs/{run_id}/control. Each action is ONE conditional transition; only its winner writes the
 * event, so concurrent controls end in one consistent state with no duplicate transition:
 * <ul>
 *   <li>pause: running -> pausing, run.pause_requested. The workflow parks at the next step boundary
 *       ({@code ParkRun}: pausing -> paused, run.paused). Pausing or paused already: accepted, no event.</li>
 *   <li>resume: pausing | paused -> running, run.resumed; a stored task token is taken and answered. Running
 *       because of a resume already (the run's latest control event is run.resumed): accepted, no event.
 *       Otherwise running (or queued) is a conflict: there is nothing to resume.</li>
 *   <li>abort: queued | running | pausing | paused -> aborted, run.aborted (terminal), then the execution is
 *       stopped. Every task also checks the status, so a failed stop only delays the end by one task. Aborted
 *       already: accepted, no event (only an abort leads there).</li>
 *   <li>any other action on a completed, failed or aborted run: 409 invalid-transition with the current status.</li>
 * </ul>
 * So the same action sent twice (a client retrying) is accepted the second time without a second event,
 * while an action that makes no sense in the current status is still a conflict. A status that another
 * client changed between a missed transition and the read after it never turns into a wrong refusal: when
 * the action applies to the status read, the transition is tried again ({@link #attempt}).
 * The actor is recorded in each event's payload.
 */
public final class ControlRun {
    private static final Logger LOG = Logger.getLogger(ControlRun.class.getName());
    static final String ABORT_CAUSE = "The run was aborted by an operator.";
    /** Conditional updates per action when other clients keep moving the run in between (see attempt). */
    static final int MAX_ATTEMPTS = 5;
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

    public ControlOutcome execute(Actor actor, ControlRunCommand command) {
        return switch (command.action()) {
            case PAUSE -> transactions.inTenant(actor.tenant(), () -> pause(actor, command.run()));
            case RESUME -> transactions.inTenant(actor.tenant(), () -> resume(actor, command.run()));
            case ABORT -> abort(actor, command.run());
        };
    }

    private ControlOutcome pause(Actor actor, RunId id) {
        Attempt pause = attempt(ControlAction.PAUSE, id, EnumSet.of(RunStatus.RUNNING), RunStatus.PAUSING,
                () -> EnumSet.of(RunStatus.PAUSING, RunStatus.PAUSED));
        return pause.moved() ? changed(actor, ControlAction.PAUSE, pause.run(), RunEventType.RUN_PAUSE_REQUESTED)
                : new ControlOutcome(ControlAction.PAUSE, false, pause.run());
    }

    /**
     * The token is answered INSIDE the transaction, after the status change: if the engine call fails, the
     * rollback keeps the run paused with its token, and the operator's retry works. If the commit fails after
     * a successful answer, the execution's next checkpoint still reads paused and simply parks again.
     */
    private ControlOutcome resume(Actor actor, RunId id) {
        // The latest control event is read before the status, so a running status read after it is explained
        // by it: running after a run.resumed is this resume already done; after none it never paused.
        Attempt resume = attempt(ControlAction.RESUME, id, EnumSet.of(RunStatus.PAUSING, RunStatus.PAUSED), RunStatus.RUNNING,
                () -> events.latestOf(id, CONTROL_EVENTS).filter(e -> e.type().equals(RunEventType.RUN_RESUMED)).isPresent()
                        ? EnumSet.of(RunStatus.RUNNING) : EnumSet.noneOf(RunStatus.class));
        if (!resume.moved()) {
            return new ControlOutcome(ControlAction.RESUME, false, resume.run());
        }
        ControlOutcome outcome = changed(actor, ControlAction.RESUME, resume.run(), RunEventType.RUN_RESUMED);
        // No token: the workflow has not parked yet; ParkRun will find the run running and continue by itself.
        runs.takeTaskToken(id).ifPresent(workflow::resume);
        return outcome;
    }

    /**
     * The engine is told after the commit: the run is aborted even if the engine is unreachable, and every
     * later task of the execution sees the aborted status and ends (checkpoint: abort; step: stops; park:
     * fails its token). A parked execution has its token failed with Run.Aborted, which the Map catches as
     * an abort; otherwise (or if that fails) the execution is stopped, which also ends a step in flight.
     */
    private ControlOutcome abort(Actor actor, RunId id) {
        record Aborted(ControlOutcome outcome, Optional<String> token) {}
        Aborted aborted = transactions.inTenant(actor.tenant(), () -> {
            Attempt abort = attempt(ControlAction.ABORT, id, RunStatus.ACTIVE, RunStatus.ABORTED, () -> EnumSet.of(RunStatus.ABORTED));
            return abort.moved()
                    ? new Aborted(changed(actor, ControlAction.ABORT, abort.run(), RunEventType.RUN_ABORTED), runs.takeTaskToken(id))
                    : new Aborted(new ControlOutcome(ControlAction.ABORT, false, abort.run()), Optional.empty());
        });
        boolean ended = aborted.token().isPresent() && quietly(
                () -> workflow.failToken(aborted.token().get(), ParkRun.ABORTED_ERROR, ABORT_CAUSE), "fail the parked task token");
        String execution = aborted.outcome().run().executionId();
        if (aborted.outcome().changed() && !ended && execution != null) {
            quietly(() -> workflow.stop(execution, ABORT_CAUSE), "stop execution " + execution);
        }
        return aborted.outcome();
    }

    private ControlOutcome changed(Actor actor, ControlAction action, Run run, String eventType) {
        Map<String, Object> by = new LinkedHashMap<>();
        by.put("user", actor.user());
        if (actor.email() != null) {
            by.put("email", actor.email());
        }
        String key = RunEventType.isTerminal(eventType) ? eventType : Keys.next(eventType, run);
        events.append(run.id(), new NewRunEvent(eventType, Map.of("actor", by, "action", action.wire()), key));
        return new ControlOutcome(action, true, runs.find(run.id()).orElseThrow());
    }

    /** The run after an action's transition: moved by this call, or already where the action leads. */
    private record Attempt(Run run, boolean moved) {}

    /**
     * The conditional transition {@code from -> to}; when it misses, the status read next decides: already
     * where the action leads (accepted, unchanged), or one the action does not apply to (409). That read
     * comes AFTER the miss, so it can show another client's later change, e.g. a pause that missed on
     * paused reads running because a resume committed in between. Deciding from that status would refuse
     * an action that now applies, so the conditional update is tried again instead: every change stays one
     * conditional UPDATE, never a write decided by a read. Each retry needs another client's commit in the
     * short gap between two statements, so a few attempts suffice; after them, 409 with the status read.
     */
    private Attempt attempt(ControlAction action, RunId id, Set<RunStatus> from, RunStatus to, Supplier<Set<RunStatus>> alreadyThere) {
        Run current = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<Run> moved = runs.transition(id, from, to, Timestamps.now(clock));
            if (moved.isPresent()) {
                return new Attempt(moved.get(), true);
            }
            Set<RunStatus> accepted = alreadyThere.get();
            current = runs.find(id).orElseThrow(() -> new NotFoundException("run", id));
            if (accepted.contains(current.status())) {
                return new Attempt(current, false);
            }
            if (!from.contains(current.status())) {
                break;
            }
        }
        String why = from.contains(current.status())
                ? "The run kept changing while it was being asked to " + action.wire() + " (now " + current.status().wire() + "); try again."
                : "Cannot " + action.wire() + " a run that is " + current.status().wire() + ".";
        throw new ConflictException("invalid-transition", why,
                Map.of("current_status", current.status().wire(), "action", action.wire()));
    }

    private static boolean quietly(Runnable call, String what) {
        try {
            call.run();
            return true;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not " + what + "; the execution's next task will see the run aborted and end", e);
            return false;
        }
    }
}
