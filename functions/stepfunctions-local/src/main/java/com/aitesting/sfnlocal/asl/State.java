package com.aitesting.sfnlocal.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The supported state types. {@code next} is null for a state that ends its branch. */
public sealed interface State {

    String name();

    /** The ASL "Type" value, which is also the prefix of its history events (TaskStateEntered, ...). */
    String type();

    /** Task, Map and Parallel: the states that may Retry and Catch. */
    sealed interface Recoverable extends State {
        List<Retrier> retry();

        List<Catcher> catchers();

        Template resultSelector();

        ResultPath resultPath();

        InputOutputPath outputPath();

        String next();
    }

    record Pass(String name, InputOutputPath inputPath, Template parameters, JsonNode result, ResultPath resultPath,
                InputOutputPath outputPath, String next) implements State {
        public String type() {
            return "Pass";
        }
    }

    record Task(String name, TaskResource resource, InputOutputPath inputPath, Template parameters,
                Template resultSelector, ResultPath resultPath, InputOutputPath outputPath, List<Retrier> retry,
                List<Catcher> catchers, long timeoutSeconds, long heartbeatSeconds, String next) implements Recoverable {
        public String type() {
            return "Task";
        }
    }

    record Choice(String name, InputOutputPath inputPath, InputOutputPath outputPath, List<ChoiceBranch> choices,
                  String defaultNext) implements State {
        public String type() {
            return "Choice";
        }
    }

    record Wait(String name, InputOutputPath inputPath, InputOutputPath outputPath, WaitSpec until, String next)
            implements State {
        public String type() {
            return "Wait";
        }
    }

    record Succeed(String name, InputOutputPath inputPath, InputOutputPath outputPath) implements State {
        public String type() {
            return "Succeed";
        }
    }

    record Fail(String name, String error, String cause) implements State {
        public String type() {
            return "Fail";
        }
    }

    /** INLINE Map. {@code maxConcurrency} 0 means unbounded. */
    record Map(String name, InputOutputPath inputPath, JsonPath itemsPath, Template itemSelector, StateGraph processor,
               int maxConcurrency, Template resultSelector, ResultPath resultPath, InputOutputPath outputPath,
               List<Retrier> retry, List<Catcher> catchers, String next) implements Recoverable {
        public String type() {
            return "Map";
        }
    }

    record Parallel(String name, InputOutputPath inputPath, Template parameters, List<StateGraph> branches,
                    Template resultSelector, ResultPath resultPath, InputOutputPath outputPath, List<Retrier> retry,
                    List<Catcher> catchers, String next) implements Recoverable {
        public String type() {
            return "Parallel";
        }
    }
}
