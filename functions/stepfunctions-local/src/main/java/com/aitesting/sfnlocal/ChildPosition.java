package com.aitesting.sfnlocal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One Map iteration or Parallel branch: not started ({@code branch} null, not done), running
 * ({@code branch} set) or done ({@code output} set). Mutated only inside {@link LiveExecution#commit}.
 */
final class ChildPosition {
    final JsonNode input;
    BranchPosition branch;
    JsonNode output;
    boolean done;

    ChildPosition(JsonNode input) {
        this.input = input;
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.set("input", input);
        json.put("done", done);
        if (branch != null) {
            json.set("branch", branch.toJson());
        }
        if (done) {
            json.set("output", output);
        }
        return json;
    }

    static ChildPosition fromJson(JsonNode json) {
        ChildPosition child = new ChildPosition(json.get("input"));
        child.done = json.get("done").asBoolean();
        if (json.hasNonNull("branch")) {
            child.branch = BranchPosition.fromJson(json.get("branch"));
        }
        if (child.done) {
            child.output = json.get("output");
        }
        return child;
    }
}
