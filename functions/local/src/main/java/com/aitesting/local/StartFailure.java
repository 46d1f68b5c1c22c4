package com.aitesting.local;

import io.micronaut.context.exceptions.BeanInstantiationException;
import io.micronaut.http.server.exceptions.ServerStartupException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why the start failed, in the words of the setting that caused it, when it is a setting: Micronaut wraps the
 * configuration's own message (a checked variable, a rule across variables) in bean-creation exceptions whose
 * first line names beans, not the variable. Anything else is unexpected, and its trace is the useful part.
 */
final class StartFailure {
    // Micronaut's validation failure of a @ConfigurationProperties bean lists each violation as "<property> - <message>"
    private static final Pattern VIOLATION = Pattern.compile("(?m)^\\s*\\S+ - (.+)$");
    private static final String VIOLATIONS = "List of constraint violations:[";

    private StartFailure() {}

    /** The sentence to print instead of a trace, or empty when the failure is not one of the configuration. */
    static Optional<String> explain(Throwable failure, LocalConfig config) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof BindException) {
                return Optional.of("PORT " + config.port() + " is already in use on " + config.bind().address()
                        + ": stop what listens there, or set another PORT.");
            }
        }
        Throwable setting = null;
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                setting = e; // the innermost: the rule that was broken
            }
            if (e instanceof BeanInstantiationException && e.getMessage() != null && e.getMessage().contains(VIOLATIONS)) {
                return Optional.of(String.join("; ", violations(e.getMessage())));
            }
        }
        if (setting != null && setting.getMessage() != null) {
            return Optional.of(setting.getMessage());
        }
        return failure instanceof ServerStartupException ? Optional.ofNullable(failure.getMessage()) : Optional.empty();
    }

    private static List<String> violations(String message) {
        String list = message.substring(message.indexOf(VIOLATIONS) + VIOLATIONS.length());
        list = list.substring(0, Math.max(0, list.indexOf(']')));
        List<String> found = new ArrayList<>();
        Matcher m = VIOLATION.matcher(list);
        while (m.find()) {
            found.add(m.group(1).strip());
        }
        return found.isEmpty() ? List.of(list.strip()) : found;
    }
}
