package com.aitesting.sfnlocal.asl;

/** A definition the engine cannot run faithfully; thrown when the definition is loaded, never later. */
public final class DefinitionException extends IllegalArgumentException {
    public DefinitionException(String message) {
        super(message);
    }

    static DefinitionException inState(String state, String message) {
        return new DefinitionException("State '" + state + "': " + message);
    }
}
