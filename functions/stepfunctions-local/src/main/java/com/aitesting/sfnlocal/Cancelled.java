package com.aitesting.sfnlocal;

/**
 * Unwinds a branch that must stop without recording anything more: its execution was stopped or timed
 * out, a sibling iteration failed, or the engine is closing (then it resumes on the next start).
 */
final class Cancelled extends RuntimeException {
    Cancelled(String why) {
        super(why, null, false, false);
    }
}
