package com.aitesting.sfnlocal;

import java.time.Instant;

/** A registered state machine; {@code definition} is the JSON after DefinitionSubstitutions. */
public record StateMachineDescription(String stateMachineArn, String name, String definition, Instant creationDate) {
}
