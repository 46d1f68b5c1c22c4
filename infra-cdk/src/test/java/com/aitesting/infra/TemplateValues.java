package com.aitesting.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A template value (a string or an intrinsic function) rendered as CloudFormation would, with
 * placeholders for what only a deployment knows: pseudo parameters get plausible values, a
 * {@code Fn::GetAtt} of a port a port number, of a URL an https URL, every other reference a
 * host-name-like label. Also lists the resources a value refers to.
 */
final class TemplateValues {

    static final String ACCOUNT = "123456789012";
    static final String REGION = "eu-west-1";
    private static final Map<String, String> PSEUDO = Map.of(
            "AWS::Partition", "aws", "AWS::Region", REGION, "AWS::AccountId", ACCOUNT,
            "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", "AiTesting-test");
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    /** A reference to a resource of the template: {@code attribute} is null for a Ref. */
    record Reference(String logicalId, String attribute) {
    }

    private TemplateValues() {
    }

    static String render(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        Map<String, Object> intrinsic = TemplateResources.map(value);
        if (intrinsic.size() != 1) {
            throw new IllegalArgumentException("not an intrinsic function: " + value);
        }
        Map.Entry<String, Object> fn = intrinsic.entrySet().iterator().next();
        return switch (fn.getKey()) {
            case "Ref" -> PSEUDO.getOrDefault((String) fn.getValue(), label((String) fn.getValue()));
            case "Fn::GetAtt" -> {
                List<Object> args = TemplateResources.list(fn.getValue());
                yield attribute((String) args.get(0), (String) args.get(1));
            }
            case "Fn::Join" -> {
                List<Object> args = TemplateResources.list(fn.getValue());
                yield TemplateResources.list(args.get(1)).stream().map(TemplateValues::render)
                        .collect(Collectors.joining((String) args.get(0)));
            }
            case "Fn::Sub" -> {
                Matcher m = SUB_VARIABLE.matcher((String) fn.getValue());
                StringBuilder out = new StringBuilder();
                while (m.find()) {
                    String name = m.group(1);
                    String rendered = name.contains(".")
                            ? attribute(name.substring(0, name.indexOf('.')), name.substring(name.indexOf('.') + 1))
                            : PSEUDO.getOrDefault(name, label(name));
                    m.appendReplacement(out, Matcher.quoteReplacement(rendered));
                }
                m.appendTail(out);
                yield out.toString();
            }
            case "Fn::Select" -> {
                List<Object> args = TemplateResources.list(fn.getValue());
                yield label("select" + args.get(0));
            }
            default -> throw new IllegalArgumentException("no placeholder rendering for " + fn.getKey() + ": " + value);
        };
    }

    /** Every resource reference inside {@code value} (pseudo parameters excluded). */
    static List<Reference> references(Object value) {
        List<Reference> found = new ArrayList<>();
        collect(value, found);
        return found;
    }

    private static void collect(Object value, List<Reference> found) {
        if (value instanceof List<?> items) {
            items.forEach(item -> collect(item, found));
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((key, argument) -> {
                if ("Ref".equals(key) && !PSEUDO.containsKey(argument) && !String.valueOf(argument).startsWith("AWS::")) {
                    found.add(new Reference((String) argument, null));
                } else if ("Fn::GetAtt".equals(key)) {
                    List<Object> args = TemplateResources.list(argument);
                    found.add(new Reference((String) args.get(0), (String) args.get(1)));
                } else if ("Fn::Sub".equals(key) && argument instanceof String template) {
                    Matcher m = SUB_VARIABLE.matcher(template);
                    while (m.find()) {
                        String name = m.group(1);
                        if (!PSEUDO.containsKey(name)) {
                            int dot = name.indexOf('.');
                            found.add(dot < 0 ? new Reference(name, null)
                                    : new Reference(name.substring(0, dot), name.substring(dot + 1)));
                        }
                    }
                } else {
                    collect(argument, found);
                }
            });
        }
    }

    private static String attribute(String logicalId, String attribute) {
        if (attribute.endsWith("Port")) {
            return "5432";
        }
        if (attribute.endsWith("Arn")) {
            return "arn:aws:placeholder:" + REGION + ":" + ACCOUNT + ":" + label(logicalId);
        }
        if (attribute.endsWith("Url")) {
            return "https://" + label(logicalId) + ".example.com/";
        }
        return label(logicalId + "-" + attribute.replace('.', '-'));
    }

    private static String label(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
