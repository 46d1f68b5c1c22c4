package com.aitesting.sfnlocal;

import com.aitesting.sfnlocal.asl.StateMachineDefinition;

/** A registered state machine with its parsed definition. */
record StateMachine(StateMachineDescription description, StateMachineDefinition definition) {

    String arn() {
        return description.stateMachineArn();
    }

    String name() {
        return description.name();
    }
}
