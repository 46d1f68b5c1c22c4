package com.aitesting.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Read access to a synthesized template's resources as plain maps, for assertions that walk them. */
final class TemplateResources {

    private final Map<String, Object> resources;

    @SuppressWarnings("unchecked")
    TemplateResources(Template template) {
        this.resources = (Map<String, Object>) template.toJSON().get("Resources");
    }

    /** Logical id to properties, for every resource of {@code type}. */
    Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        resources.forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if (type.equals(r.get("Type"))) {
                result.put(id, map(r.getOrDefault("Properties", Map.of())));
            }
        });
        return result;
    }

    /** The logical id of the only Lambda function with {@code handler}. */
    String functionWithHandler(String handler) {
        List<String> ids = ofType("AWS::Lambda::Function").entrySet().stream()
                .filter(e -> handler.equals(e.getValue().get("Handler")))
                .map(Map.Entry::getKey)
                .toList();
        if (ids.size() != 1) {
            throw new AssertionError("expected one function with handler " + handler + ", found " + ids);
        }
        return ids.get(0);
    }

    /** The logical id of the role that function {@code functionId} runs as. */
    String roleOf(String functionId) {
        Object role = ofType("AWS::Lambda::Function").get(functionId).get("Role");
        return (String) list(map(role).get("Fn::GetAtt")).get(0);
    }

    /** Every Allow statement attached to a role: inline role policies and AWS::IAM::Policy resources. */
    Map<String, List<Map<String, Object>>> allowStatementsByRole() {
        Map<String, List<Map<String, Object>>> byRole = new LinkedHashMap<>();
        ofType("AWS::IAM::Role").forEach((roleId, role) -> {
            for (Object policy : list(role.getOrDefault("Policies", List.of()))) {
                byRole.computeIfAbsent(roleId, k -> new ArrayList<>()).addAll(allows(map(policy).get("PolicyDocument")));
            }
        });
        ofType("AWS::IAM::Policy").forEach((policyId, policy) -> {
            for (Object role : list(policy.get("Roles"))) {
                String roleId = (String) map(role).get("Ref");
                byRole.computeIfAbsent(roleId, k -> new ArrayList<>()).addAll(allows(policy.get("PolicyDocument")));
            }
        });
        return byRole;
    }

    private static List<Map<String, Object>> allows(Object document) {
        return list(map(document).get("Statement")).stream()
                .map(TemplateResources::map)
                .filter(s -> "Allow".equals(s.get("Effect")))
                .toList();
    }

    /** A statement's Action or Resource as a list (IAM allows a single value or a list). */
    static List<Object> values(Map<String, Object> statement, String key) {
        Object value = statement.get(key);
        return value instanceof List<?> l ? List.copyOf(l) : List.of(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
