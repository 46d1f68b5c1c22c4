package com.aitesting.sfnlocal.asl;

/** A top-level Choice rule: when its condition holds, go to {@code next}. */
public record ChoiceBranch(Condition condition, String next) {
}
