package com.aitesting.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ASL file from statemachines/ with its `${Key}` placeholders replaced by the deployed functions'
 * ARNs. The keys are substituted here, at synth time, rather than through CloudFormation's
 * DefinitionSubstitutions: the template then shows the real function references, and a key that the
 * file and the stack disagree on fails the synth instead of a deployed execution.
 */
final class StateMachineDefinition {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private StateMachineDefinition() {
    }

    static String load(Path aslFile, Map<String, String> substitutions) {
        try {
            return substitute(Files.readString(aslFile), substitutions);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the state machine definition " + aslFile.toAbsolutePath().normalize()
                    + " (context key stateMachineFile)", e);
        }
    }

    static String substitute(String asl, Map<String, String> substitutions) {
        Set<String> used = placeholders(asl);
        Set<String> unknown = new TreeSet<>(used);
        unknown.removeAll(substitutions.keySet());
        Set<String> unused = new TreeSet<>(substitutions.keySet());
        unused.removeAll(used);
        if (!unknown.isEmpty() || !unused.isEmpty()) {
            throw new IllegalStateException("state machine placeholders and deployed functions disagree: "
                    + "no function for " + unknown + ", not referenced by the definition " + unused
                    + " (keys are listed in docs/architecture.md)");
        }
        // Replace on the raw text, whose only `${` are placeholders; the ARNs may be CDK tokens that contain `${` themselves.
        Matcher matcher = PLACEHOLDER.matcher(asl);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(result, Matcher.quoteReplacement(substitutions.get(matcher.group(1))));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    private static Set<String> placeholders(String asl) {
        Set<String> keys = new TreeSet<>();
        Matcher matcher = PLACEHOLDER.matcher(asl);
        while (matcher.find()) {
            keys.add(matcher.group(1));
        }
        return keys;
    }
}
