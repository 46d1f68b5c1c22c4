package com.aitesting.core.notification;

/**
 * How one delivery ended. {@code lastStatus} is the last HTTP status (0 when the last attempt got no answer);
 * {@code lastError} is the last error class or {@code "http_<status>"}; both are null after a success.
 */
public record DeliveryReport(boolean delivered, int attempts, int lastStatus, String lastError) {

    static DeliveryReport success(int attempts, int status) {
        return new DeliveryReport(true, attempts, status, null);
    }

    static DeliveryReport failure(int attempts, int lastStatus, String lastError) {
        return new DeliveryReport(false, attempts, lastStatus, lastError);
    }
}
