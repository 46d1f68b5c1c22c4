package com.aitesting.notifier;

/** The event is not a well-formed Step Functions "Execution Status Change" for one of our runs. */
final class InvalidEnvelopeException extends RuntimeException {
    InvalidEnvelopeException(String message) {
        super(message, null, false, false);
    }
}
