package com.aitesting.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.core.control.ControlAction;
import com.aitesting.core.run.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The published OpenAPI document (generated at compile time from the response records' annotations, whose
 * enum lists must be constants) names exactly the statuses and actions core has: a status added to
 * RunStatus without its schema fails here, not in a client generated from the document.
 */
class OpenApiStatusesTest {
    private static Map<String, Object> schemas;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (InputStream in = OpenApiStatusesTest.class.getResourceAsStream("/META-INF/swagger/openapi.yml")) {
            assertThat(in).as("the OpenAPI document micronaut-openapi generates into META-INF/swagger").isNotNull();
            Map<String, Object> document = new Yaml().load(in);
            schemas = (Map<String, Object>) ((Map<String, Object>) document.get("components")).get("schemas");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> enumOf(String schema, String property) {
        Map<String, Object> properties = (Map<String, Object>) ((Map<String, Object>) schemas.get(schema)).get("properties");
        return (List<String>) ((Map<String, Object>) properties.get(property)).get("enum");
    }

    @Test
    void aRunsStatusIsOneOfRunStatusInEverySchemaThatCarriesIt() {
        List<String> statuses = Arrays.stream(RunStatus.values()).map(RunStatus::wire).toList();
        assertThat(enumOf("Run", "status")).containsExactlyElementsOf(statuses);
        assertThat(enumOf("ControlResult", "status")).containsExactlyElementsOf(statuses);
    }

    @Test
    void aControlsActionIsOneOfControlAction() {
        List<String> actions = Arrays.stream(ControlAction.values()).map(ControlAction::wire).toList();
        assertThat(enumOf("ControlRequest", "action")).containsExactlyElementsOf(actions);
        assertThat(enumOf("ControlResult", "action")).containsExactlyElementsOf(actions);
    }
}
