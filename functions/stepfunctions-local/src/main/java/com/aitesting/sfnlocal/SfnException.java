package com.aitesting.sfnlocal;

/** A Step Functions API error; {@code errorCode} is the name AWS uses (ExecutionDoesNotExist, ...). */
public final class SfnException extends RuntimeException {
    private final String errorCode;

    public SfnException(String errorCode, String message) {
        super(errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }

    /** The message without the error code prefix, as AWS puts it in the response body. */
    public String detail() {
        return getMessage().substring(errorCode.length() + 2);
    }
}
