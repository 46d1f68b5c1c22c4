package com.aitesting.sfnlocal;

import java.util.regex.Pattern;

/** Step Functions ARNs and the name rules AWS applies to state machines and executions. */
final class Arns {
    // 1-80 characters; no whitespace, brackets, wildcards, special or control characters (as AWS).
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\x00-\\x1f\\x7f-\\x9f]{1,80}");
    private static final Pattern STATE_MACHINE = Pattern.compile("arn:aws:states:[a-z0-9-]+:\\d{12}:stateMachine:([^:]+)");
    private static final Pattern EXECUTION = Pattern.compile("arn:aws:states:[a-z0-9-]+:\\d{12}:execution:([^:]+):([^:]+)");

    private final String region;
    private final String account;

    Arns(String region, String account) {
        this.region = region;
        this.account = account;
    }

    String stateMachine(String name) {
        return "arn:aws:states:" + region + ":" + account + ":stateMachine:" + name;
    }

    String execution(String stateMachineName, String executionName) {
        return "arn:aws:states:" + region + ":" + account + ":execution:" + stateMachineName + ":" + executionName;
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SfnException("InvalidName", "Invalid Name: '" + name + "'");
        }
        return name;
    }

    static void checkStateMachineArn(String arn) {
        if (arn == null || !STATE_MACHINE.matcher(arn).matches()) {
            throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "'");
        }
    }

    static void checkExecutionArn(String arn) {
        if (arn == null || !EXECUTION.matcher(arn).matches()) {
            throw new SfnException("InvalidArn", "Invalid Arn: '" + arn + "'");
        }
    }
}
