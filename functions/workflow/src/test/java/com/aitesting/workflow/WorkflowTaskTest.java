package com.aitesting.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The one list of task functions matches the definition's placeholders and names real handlers. */
class WorkflowTaskTest {
    @Test
    void theListIsExactlyTheDefinitionsFunctionPlaceholders() throws Exception {
        String asl = Files.readString(Path.of("../../statemachines/run.asl.json"));
        Matcher m = Pattern.compile("\\$\\{([A-Za-z]+Function)}").matcher(asl);
        Set<String> placeholders = new java.util.TreeSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(Arrays.stream(WorkflowTask.values()).map(WorkflowTask::substitutionKey).collect(Collectors.toSet()))
                .isEqualTo(placeholders);
        assertThat(WorkflowTask.localSubstitutions()).containsEntry("BeginRunFunction", "ait-begin-run")
                .containsEntry("ExecuteStepFunction", "ait-execute-step").hasSize(placeholders.size());
    }

    @Test
    void eachTaskNamesALambdaHandlerClass() throws Exception {
        for (WorkflowTask task : WorkflowTask.values()) {
            assertThat(RequestHandler.class.isAssignableFrom(Class.forName(task.handlerClass()))).as(task.handlerClass()).isTrue();
        }
    }
}
