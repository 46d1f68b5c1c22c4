package com.aitesting.core.notification;

/**
 * How one delivery ended. {@code lastStatus} is the last HTTP status (0 when the last attempt got no answer);
 * {@code lastError} is a stable code ({@link DeliveryError}, {@code http_<status>}, or an outbound refusal);
 * both are null after a success. {@code attempts} is 0 when the URL was refused before any attempt.
 */
public record DeliveryReport(boolean delivered, int attempts, int lastStatus, String lastError) {

    static DeliveryReport success(int attempts, int status) {
        return new DeliveryReport(true, attempts, status, null);
    }

    static DeliveryReport failure(int attempts, int lastStatus, String lastError) {
        return new DeliveryReport(false, attempts, lastStatus, lastError);
    }
}
