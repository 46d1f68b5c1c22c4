package com.aitesting.core.notification;

import com.aitesting.core.outbound.OutboundRefusal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a delivery attempt got no answer, as a stable code (stored in notification_deliveries.last_error, in
 * notification.failed events and in the API) with a sentence for people. Exception classes and messages never
 * get this far: the transport maps them to one of these, and the log keeps the rest.
 */
public enum DeliveryError {
    TIMEOUT("timeout", "The receiver did not answer in time."),
    CONNECTION_REFUSED("connection_refused", "The receiver refused the connection."),
    CONNECTION_FAILED("connection_failed", "The connection to the receiver failed or was closed before an answer."),
    TLS_FAILED("tls_failed", "The TLS handshake failed or the receiver's certificate was not valid for its host."),
    NAME_NOT_RESOLVED("name_not_resolved", "The receiver's host name did not resolve."),
    INTERRUPTED("interrupted", "The notifier was stopping and gave up the attempt."),
    WEBHOOK_UNREADABLE("webhook_unreadable", "The stored webhook could not be decrypted with this deployment's key.");

    private static final Pattern HTTP = Pattern.compile("http_(\\d{3})");

    private final String code;
    private final String sentence;

    DeliveryError(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }

    /** The code of an HTTP answer that was not a success. */
    static String httpCode(int status) {
        return "http_" + status;
    }

    /**
     * The sentence for any code a delivery records: these errors, {@code http_<status>}, and the outbound
     * refusals (the URL or its resolved address was refused before connecting). Empty for an unknown code,
     * for example one written by an older version.
     */
    public static Optional<String> describe(String code) {
        if (code == null) {
            return Optional.empty();
        }
        for (DeliveryError e : values()) {
            if (e.code.equals(code)) {
                return Optional.of(e.sentence);
            }
        }
        Matcher http = HTTP.matcher(code);
        if (http.matches()) {
            return Optional.of("The receiver answered HTTP " + http.group(1) + ".");
        }
        return OutboundRefusal.ofCode(code).map(r -> "Not sent: the webhook URL " + r.sentence() + ".");
    }
}
