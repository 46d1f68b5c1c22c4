package com.aitesting.sfnlocal.asl;

import java.util.regex.Pattern;

/**
 * A Task's Resource. {@code functionName} is set only for a direct invoke (a Lambda ARN or bare name as
 * Resource); the lambda:invoke integrations name the function in Parameters.FunctionName.
 */
public record TaskResource(Kind kind, String functionName) {

    public enum Kind { LAMBDA_INVOKE, LAMBDA_INVOKE_WAIT_FOR_TOKEN, LAMBDA_DIRECT }

    static final String INVOKE = "arn:aws:states:::lambda:invoke";
    static final String INVOKE_WAIT = "arn:aws:states:::lambda:invoke.waitForTaskToken";
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,140}");

    static TaskResource parse(String resource) {
        if (INVOKE.equals(resource)) {
            return new TaskResource(Kind.LAMBDA_INVOKE, null);
        }
        if (INVOKE_WAIT.equals(resource)) {
            return new TaskResource(Kind.LAMBDA_INVOKE_WAIT_FOR_TOKEN, null);
        }
        if (resource.startsWith("arn:aws:lambda:") || FUNCTION_NAME.matcher(resource).matches()) {
            return new TaskResource(Kind.LAMBDA_DIRECT, functionName(resource));
        }
        throw new IllegalArgumentException("unsupported Resource '" + resource + "' (supported: " + INVOKE + ", "
                + INVOKE_WAIT + ", a Lambda function ARN or name)");
    }

    /** The function name inside a Lambda ARN ({@code arn:aws:lambda:r:a:function:name[:qualifier]}) or the name itself. */
    public static String functionName(String nameOrArn) {
        if (!nameOrArn.startsWith("arn:")) {
            return nameOrArn;
        }
        String[] parts = nameOrArn.split(":");
        if (parts.length < 7 || !parts[2].equals("lambda") || !parts[5].equals("function")) {
            throw new IllegalArgumentException("not a Lambda function ARN: " + nameOrArn);
        }
        return parts[6];
    }

    /** The history-event name of the resource (after {@code arn:aws:states:::lambda:}). */
    public String eventResource() {
        return switch (kind) {
            case LAMBDA_INVOKE -> "invoke";
            case LAMBDA_INVOKE_WAIT_FOR_TOKEN -> "invoke.waitForTaskToken";
            case LAMBDA_DIRECT -> functionName;
        };
    }
}
