package com.aitesting.core.catalog;

import com.aitesting.core.scope.RiskTier;
import com.aitesting.core.scope.TargetKind;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The test catalog, read once from the resource {@code catalog/tests.json} (data, not code). A malformed
 * catalog fails at start-up rather than on the first plan that touches the bad entry.
 */
public final class Catalog {
    static final String RESOURCE = "catalog/tests.json";

    private final Map<String, CatalogTest> tests;
    private final List<CatalogTest> ordered;

    public Catalog(List<CatalogTest> tests) {
        Map<String, CatalogTest> byId = new LinkedHashMap<>();
        for (CatalogTest test : tests) {
            if (byId.put(test.id(), test) != null) {
                throw new IllegalArgumentException("catalog lists test " + test.id() + " twice");
            }
            Set<String> stepIds = new HashSet<>();
            test.steps().forEach(step -> {
                if (!stepIds.add(step.id())) {
                    throw new IllegalArgumentException("test " + test.id() + " lists step " + step.id() + " twice");
                }
            });
        }
        this.tests = Map.copyOf(byId);
        this.ordered = List.copyOf(byId.values());
    }

    /** The bundled catalog. */
    public static Catalog load() {
        try (InputStream in = Catalog.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the classpath");
            }
            ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
            CatalogFile file = mapper.readValue(in, CatalogFile.class);
            return new Catalog(file.tests().stream().map(TestEntry::toTest).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The tests in file order. */
    public List<CatalogTest> tests() {
        return ordered;
    }

    public Optional<CatalogTest> find(String id) {
        return Optional.ofNullable(tests.get(id));
    }

    // The file's shape. Unknown properties fail the load (Jackson's default), so a typo in the data fails CatalogTest.
    private record CatalogFile(@JsonProperty(value = "tests", required = true) List<TestEntry> tests) {}

    private record StepEntry(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "title", required = true) String title,
            @JsonProperty(value = "nominal_seconds", required = true) int nominalSeconds) {}

    private record TestEntry(
            @JsonProperty(value = "id", required = true) String id,
            @JsonProperty(value = "title", required = true) String title,
            @JsonProperty(value = "description", required = true) String description,
            @JsonProperty(value = "category", required = true) String category,
            @JsonProperty(value = "risk_tier", required = true) String riskTier,
            // required: every entry states whether a real executor exists (the one home of that fact)
            @JsonProperty(value = "executable", required = true) boolean executable,
            @JsonProperty(value = "target_kinds", required = true) List<String> targetKinds,
            @JsonProperty(value = "default_agent", required = true) String defaultAgent,
            @JsonProperty(value = "steps", required = true) List<StepEntry> steps) {

        CatalogTest toTest() {
            return new CatalogTest(id, title, description, category, RiskTier.fromWire(riskTier), executable,
                    Set.copyOf(targetKinds.stream().map(TargetKind::fromWire).toList()), defaultAgent,
                    steps.stream().map(s -> new CatalogStep(s.id(), s.title(), s.nominalSeconds())).toList());
        }
    }
}
