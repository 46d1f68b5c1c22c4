package com.aitesting.sfnlocal;

/** The life of a task token; only WAITING tokens can be answered. */
enum TokenStatus {
    WAITING, SUCCEEDED, FAILED, TIMED_OUT, CLOSED
}
