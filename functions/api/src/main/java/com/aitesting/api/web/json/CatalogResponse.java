package com.aitesting.api.web.json;

import com.aitesting.core.catalog.Catalog;
import com.aitesting.core.catalog.CatalogTest;
import com.aitesting.core.scope.TargetKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

@Schema(name = "Catalog")
public record CatalogResponse(List<Test> tests) {

    @Schema(name = "CatalogTest")
    public record Test(
            @Schema(example = "network.discovery.ping_sweep") String id,
            String title,
            String description,
            String category,
            @Schema(allowableValues = {"passive", "safe_active", "active", "intrusive"}) String riskTier,
            @Schema(description = "A real executor exists: a real run (SIMULATE_PROGRESS=false) may select it") boolean executable,
            @Schema(description = "The scope must offer at least one of these", example = "[\"cidr\"]") List<String> targetKinds,
            String defaultAgent,
            int nominalSeconds,
            List<Step> steps) {}

    @Schema(name = "CatalogStep")
    public record Step(String id, String title, int nominalSeconds) {}

    public static CatalogResponse of(Catalog catalog) {
        return new CatalogResponse(catalog.tests().stream().map(CatalogResponse::test).toList());
    }

    public static Test test(CatalogTest t) {
        return new Test(t.id(), t.title(), t.description(), t.category(), t.riskTier().wire(), t.executable(),
                t.targetKinds().stream().map(TargetKind::wire).sorted().toList(), t.defaultAgent(), t.nominalSeconds(),
                t.steps().stream().map(s -> new Step(s.id(), s.title(), s.nominalSeconds())).toList());
    }
}
