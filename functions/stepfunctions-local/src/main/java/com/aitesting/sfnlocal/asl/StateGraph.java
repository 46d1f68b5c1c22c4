package com.aitesting.sfnlocal.asl;

import java.util.Map;

/** A set of states with a start: the whole machine, a Map's item processor or a Parallel branch. */
public record StateGraph(String startAt, Map<String, State> states) {

    public StateGraph {
        states = Map.copyOf(states);
    }

    /** The named state; the name comes from a validated definition or a persisted position. */
    public State state(String name) {
        State state = states.get(name);
        if (state == null) {
            throw new IllegalArgumentException("no state named '" + name + "'");
        }
        return state;
    }
}
