package com.aitesting.api.web.json;

import com.aitesting.core.plan.Plan;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A resolved plan: the tests with their agents, and the ordered steps a run goes through. */
@Schema(name = "Plan")
public record PlanResponse(
        @Schema(format = "uuid") String id,
        @Schema(format = "uuid") String engagementId,
        String riskTier,
        Agents agents,
        List<Test> selectedTests,
        List<Step> steps,
        long estimatedDurationSeconds,
        @Schema(format = "date-time") String createdAt) {

    @Schema(name = "PlanAgents")
    public record Agents(String strategy) {}

    @Schema(name = "PlannedTest")
    public record Test(String id, String agent) {}

    @Schema(name = "PlanStep")
    public record Step(int index, String testId, String stepId, String title, String agent, int nominalSeconds) {}

    public static PlanResponse of(Plan p) {
        return new PlanResponse(p.id().toString(), p.engagementId().toString(), p.riskTier().wire(),
                new Agents(p.strategy().wire()),
                p.tests().stream().map(t -> new Test(t.testId(), t.agent())).toList(),
                p.steps().stream().map(s -> new Step(s.index(), s.testId(), s.stepId(), s.title(), s.agent(), s.nominalSeconds())).toList(),
                p.estimatedDurationSeconds(), p.createdAt().toString());
    }
}
