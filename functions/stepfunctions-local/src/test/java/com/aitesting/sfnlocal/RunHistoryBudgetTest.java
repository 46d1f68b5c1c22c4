package com.aitesting.sfnlocal;

import static com.aitesting.sfnlocal.Fixtures.awaitEnd;
import static com.aitesting.sfnlocal.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How fast the real run.asl.json fills an execution's history: Step Functions refuses a Standard execution's
 * 25,001st event, and the run then fails with it (EndRunWithExecution). The engine writes the history events
 * AWS writes for these states (TaskStateEntered, TaskScheduled, TaskStarted, TaskSucceeded, TaskStateExited,
 * the Map's iteration events ...), so the counts here are the budget docs/architecture.md gives: a change to
 * the state machine that costs more per step or per chunk fails this test and has to update that figure.
 */
class RunHistoryBudgetTest {
    /** Events a step adds with one chunk and no pause, and what each further chunk adds. */
    static final int PER_STEP = 18;
    static final int PER_EXTRA_CHUNK = 16;
    static final int HISTORY_LIMIT = 25_000;

    private final Map<String, AtomicInteger> chunksLeft = new ConcurrentHashMap<>();
    private volatile int steps;
    private volatile int chunksPerStep;
    private final LocalStepFunctions engine = LocalStepFunctions.builder()
            .function("ait-begin-run", p -> {
                StringBuilder list = new StringBuilder();
                for (int i = 0; i < steps; i++) {
                    list.append(i == 0 ? "" : ",").append("{\"name\":\"s").append(i).append("\"}");
                }
                return json("{\"steps\":[" + list + "]}");
            })
            .function("ait-checkpoint", p -> json("{\"action\":\"continue\"}"))
            .function("ait-park-run", p -> null)
            .function("ait-execute-step", p -> {
                int left = chunksLeft.computeIfAbsent(p.get("step_index").asText(), k -> new AtomicInteger(chunksPerStep))
                        .decrementAndGet();
                return json("{\"done\":" + (left == 0) + ",\"next_offset\":" + (chunksPerStep - left) + ",\"counts\":{}}");
            })
            .function("ait-complete-run", p -> null)
            .function("ait-fail-run", p -> null)
            .build();
    private final String machine;

    RunHistoryBudgetTest() {
        machine = engine.createStateMachine("ai-testing-run", Fixtures.read(Fixtures.RUN_DEFINITION), RunStateMachineTest.SUBSTITUTIONS);
        engine.start();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    private int historyOf(int stepCount, int chunks) {
        steps = stepCount;
        chunksPerStep = chunks;
        chunksLeft.clear();
        String name = "run-" + stepCount + "-" + chunks;
        ExecutionDescription done = awaitEnd(engine, engine.startExecution(machine, name, RunStateMachineTest.INPUT));
        assertThat(done.status()).as(name).isEqualTo(ExecutionStatus.SUCCEEDED);
        return engine.getExecutionHistory(done.executionArn()).size();
    }

    @Test
    void aStepCostsEighteenEventsAndEachFurtherChunkSixteen() {
        int oneStep = historyOf(1, 1);
        int threeSteps = historyOf(3, 1);
        int oneStepOfFourChunks = historyOf(1, 4);

        assertThat((threeSteps - oneStep) / 2).isEqualTo(PER_STEP);
        assertThat((threeSteps - oneStep) % 2).isZero();
        assertThat((oneStepOfFourChunks - oneStep) / 3).isEqualTo(PER_EXTRA_CHUNK);
        assertThat((oneStepOfFourChunks - oneStep) % 3).isZero();
        int fixed = oneStep - PER_STEP;
        // what fits: ~1,380 one-chunk steps, or ~1,560 chunks in all (at SCAN_CHUNK_SECONDS=600, ~260 h of work)
        assertThat((HISTORY_LIMIT - fixed) / PER_STEP).isBetween(1_300, 1_400);
        assertThat((HISTORY_LIMIT - fixed - PER_STEP) / PER_EXTRA_CHUNK + 1).isBetween(1_500, 1_600);
    }
}
