package com.aitesting.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.aitesting.infra.TemplateValues.Reference;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whether the parts of the synthesized template would work together once deployed, checked generically
 * over every function, policy and output rather than one variable at a time.
 */
class TemplateWiringTest {

    private static final Pattern URL = Pattern.compile("^(jdbc:)?[a-zA-Z][a-zA-Z0-9+.-]*://.*");
    private static final Pattern ARN = Pattern.compile("arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)");
    private static final Pattern LITERAL_ARN = Pattern.compile("arn:aws[a-zA-Z-]*:[^\"\\s]*");
    /** ARNs of things AWS owns and documents, which a template names but does not create. */
    private static final List<Pattern> AWS_MANAGED = List.of(
            // Step Functions service integrations (ASL "Resource")
            Pattern.compile("arn:aws:states:::lambda:invoke(\\.waitForTaskToken)?"),
            // AWS-managed policies CDK attaches to Lambda roles
            Pattern.compile("arn:aws:iam::aws:policy/service-role/AWSLambda(Basic|VPCAccess)ExecutionRole"),
            // the policy API Gateway documents for its account-wide logging role (WebSocket access logs)
            Pattern.compile("arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"),
            // The Lambda Web Adapter layer, published by AWS from this account in every region
            Pattern.compile("arn:aws:lambda:" + TemplateValues.REGION + ":" + EventStream.LWA_LAYER_ACCOUNT
                    + ":layer:LambdaAdapterLayerX86:\\d+"));
    /** Resource types whose Ref is an ARN. */
    private static final Set<String> REF_IS_ARN = Set.of(
            "AWS::SecretsManager::Secret", "AWS::SecretsManager::SecretTargetAttachment",
            "AWS::StepFunctions::StateMachine", "AWS::SNS::Topic", "AWS::IAM::ManagedPolicy",
            "AWS::Lambda::LayerVersion");

    private static Map<String, Object> template;
    private static Map<String, Map<String, Object>> resourcesById;
    private static TemplateResources resources;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void synthesize() {
        template = SynthesizedEnvironment.template().toJSON();
        resources = new TemplateResources(SynthesizedEnvironment.template());
        resourcesById = new LinkedHashMap<>();
        ((Map<String, Object>) template.get("Resources")).forEach((id, r) -> resourcesById.put(id, TemplateResources.map(r)));
    }

    @Test
    void everyUrlInAnEnvironmentOrOutputParsesWithAValidPort() {
        List<String> checked = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        Map<String, Object> urls = new LinkedHashMap<>();
        environments().forEach((function, variables) -> variables.forEach((name, value) -> urls.put(function + " " + name, value)));
        TemplateResources.map(template.get("Outputs")).forEach((id, output) ->
                urls.put("output " + id, TemplateResources.map(output).get("Value")));
        urls.forEach((where, value) -> {
            String rendered = TemplateValues.render(value);
            boolean named = where.endsWith("_URL") || where.endsWith("Url");
            if (!URL.matcher(rendered).matches()) {
                if (named) {
                    problems.add(where + " is not a URL: " + rendered);
                }
                return;
            }
            checked.add(where);
            urlProblem(rendered).ifPresent(problem -> problems.add(where + " = " + rendered + ": " + problem));
        });
        assertThat(problems).isEmpty();
        assertThat(checked).as("the database URL of the API and the workflow tasks is among them")
                .anyMatch(w -> w.startsWith(resources.functionWithHandler(PublicApi.HANDLER)) && w.endsWith("DATABASE_URL"))
                .anyMatch(w -> w.endsWith("EVENT_STREAM_URL"))
                .anyMatch(w -> w.equals("output ApiUrl"));
    }

    @Test
    void theUrlCheckRejectsANumberTokenRenderedAsADouble() {
        assertThat(urlProblem("jdbc:postgresql://db.example.com:-1.8881545897087784E289/aitesting")).isPresent();
        assertThat(urlProblem("jdbc:postgresql://db.example.com:5432/aitesting")).isEmpty();
        assertThat(urlProblem("https://api.example.com/")).isEmpty();
    }

    @Test
    void everyArnInAnEnvironmentAPolicyALayerOrTheStateMachineNamesATemplateResourceOrAnAwsManagedOne() {
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        environments().forEach((function, variables) -> variables.forEach((name, value) -> {
            if (name.endsWith("_ARN") || TemplateValues.render(value).startsWith("arn:")) {
                checked[0]++;
                arnProblem(value).ifPresent(p -> problems.add(function + " " + name + ": " + p));
            }
        }));
        resources.allowStatementsByRole().forEach((role, statements) -> statements.forEach(statement ->
                TemplateResources.values(statement, "Resource").stream().filter(r -> !"*".equals(r)).forEach(resource -> {
                    checked[0]++;
                    arnProblem(resource).ifPresent(p -> problems.add(role + " policy " + statement.get("Action") + ": " + p));
                })));
        resources.ofType("AWS::IAM::Role").forEach((role, properties) ->
                TemplateResources.list(properties.getOrDefault("ManagedPolicyArns", List.of())).forEach(arn -> {
                    checked[0]++;
                    arnProblem(arn).ifPresent(p -> problems.add(role + " managed policy: " + p));
                }));
        resources.ofType("AWS::Lambda::Function").forEach((function, properties) ->
                TemplateResources.list(properties.getOrDefault("Layers", List.of())).forEach(layer -> {
                    checked[0]++;
                    arnProblem(layer).ifPresent(p -> problems.add(function + " layer: " + p));
                }));
        resources.ofType("AWS::StepFunctions::StateMachine").forEach((id, stateMachine) -> {
            Object definition = stateMachine.get("DefinitionString");
            for (Reference reference : TemplateValues.references(definition)) {
                checked[0]++;
                Map<String, Object> target = resourcesById.get(reference.logicalId());
                if (target == null || !"AWS::Lambda::Function".equals(target.get("Type")) || !"Arn".equals(reference.attribute())) {
                    problems.add(id + " definition: " + reference + " is not the ARN of a function of this template");
                }
            }
            // Only the definition's own text: the references between its parts were checked above.
            String text = definition instanceof String s ? s : TemplateResources.list(TemplateResources.list(
                    TemplateResources.map(definition).get("Fn::Join")).get(1)).stream()
                    .map(part -> part instanceof String s ? s : "\n").collect(java.util.stream.Collectors.joining());
            Matcher literal = LITERAL_ARN.matcher(text);
            while (literal.find()) {
                checked[0]++;
                arnProblem(literal.group()).ifPresent(p -> problems.add(id + " definition: " + p));
            }
        });
        assertThat(problems).isEmpty();
        assertThat(checked[0]).as("ARNs checked").isGreaterThan(40);
    }

    @Test
    void theArnCheckRejectsAHandBuiltArnOfSomethingTheTemplateDoesNotHave() {
        String stateMachineName = (String) resources.ofType("AWS::StepFunctions::StateMachine").values().iterator().next()
                .get("StateMachineName");
        assertThat(arnProblem("arn:aws:states:eu-west-1:123456789012:stateMachine:" + stateMachineName)).isEmpty();
        assertThat(arnProblem("arn:aws:states:eu-west-1:123456789012:stateMachine:ait-other-run")).isPresent();
        assertThat(arnProblem(Map.of("Ref", "NoSuchResource"))).isPresent();
    }

    @Test
    void everyFunctionsHandlerIsInTheZipItShips() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> entry : resources.ofType("AWS::Lambda::Function").entrySet()) {
            Map<String, Object> function = entry.getValue();
            String handler = (String) function.get("Handler");
            String runtime = (String) function.get("Runtime");
            Path asset = asset(function);
            List<String> candidates;
            boolean executable = false;
            if (runtime.startsWith("java") && handler.endsWith(".sh")) {
                candidates = List.of(handler);
                executable = true;
            } else if (runtime.startsWith("java")) {
                candidates = List.of(handler.replaceFirst("::.*$", "").replace('.', '/') + ".class");
            } else if (runtime.startsWith("nodejs")) {
                String module = handler.substring(0, handler.lastIndexOf('.'));
                candidates = List.of(module + ".js", module + ".mjs", module + ".cjs");
            } else {
                problems.add(entry.getKey() + ": no check for runtime " + runtime);
                continue;
            }
            if (!contains(asset, candidates, executable)) {
                problems.add(entry.getKey() + ": " + candidates + (executable ? " (executable)" : "") + " not in " + asset.getFileName());
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySecretOrKeyAFunctionIsToldAboutIsGrantedToIt() {
        Map<String, List<Map<String, Object>>> statements = resources.allowStatementsByRole();
        List<String> problems = new ArrayList<>();
        int[] checked = {0};
        Map<String, Map<String, Object>> readers = new LinkedHashMap<>(environments());
        // A custom resource's properties reach the function its provider framework calls.
        resourcesById.forEach((id, resource) -> {
            if (String.valueOf(resource.get("Type")).startsWith("Custom::")) {
                Map<String, Object> properties = TemplateResources.map(resource.get("Properties"));
                String provider = TemplateValues.references(properties.get("ServiceToken")).get(0).logicalId();
                Object onEvent = environments().get(provider).get("USER_ON_EVENT_FUNCTION_ARN");
                readers.computeIfAbsent(TemplateValues.references(onEvent).get(0).logicalId(), k -> new LinkedHashMap<>())
                        .putAll(properties);
            }
        });
        readers.forEach((function, values) -> values.forEach((name, value) -> {
            for (Reference reference : TemplateValues.references(value)) {
                String type = String.valueOf(resourcesById.get(reference.logicalId()).get("Type"));
                String action = switch (type) {
                    case "AWS::SecretsManager::Secret", "AWS::SecretsManager::SecretTargetAttachment" -> "secretsmanager:GetSecretValue";
                    case "AWS::KMS::Key" -> "kms:Decrypt";
                    default -> null;
                };
                if (action == null) {
                    continue;
                }
                checked[0]++;
                boolean granted = statements.getOrDefault(resources.roleOf(function), List.of()).stream()
                        .filter(s -> TemplateResources.values(s, "Action").contains(action))
                        .flatMap(s -> TemplateResources.values(s, "Resource").stream())
                        .anyMatch(r -> TemplateValues.references(r).stream().anyMatch(x -> x.logicalId().equals(reference.logicalId())));
                if (!granted) {
                    problems.add(function + " " + name + ": " + action + " on " + reference.logicalId() + " is not granted");
                }
            }
        }));
        assertThat(problems).isEmpty();
        assertThat(checked[0]).as("secret and key references checked").isGreaterThan(10);
    }

    /** Function id to its environment variables. */
    private static Map<String, Map<String, Object>> environments() {
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        resources.ofType("AWS::Lambda::Function").forEach((id, function) -> {
            Object environment = function.get("Environment");
            result.put(id, environment == null ? Map.of()
                    : TemplateResources.map(TemplateResources.map(environment).getOrDefault("Variables", Map.of())));
        });
        return result;
    }

    private static java.util.Optional<String> urlProblem(String url) {
        boolean jdbc = url.startsWith("jdbc:");
        URI uri;
        try {
            uri = new URI(jdbc ? url.substring("jdbc:".length()) : url).parseServerAuthority();
        } catch (URISyntaxException e) {
            return java.util.Optional.of("does not parse: " + e.getMessage());
        }
        if (uri.getHost() == null) {
            return java.util.Optional.of("has no host");
        }
        int port = uri.getPort();
        if (port == -1 && jdbc) {
            return java.util.Optional.of("a JDBC URL needs an explicit port");
        }
        if (port != -1 && (port < 1 || port > 65535)) {
            return java.util.Optional.of("port " + port + " is out of range");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            Properties parsed = org.postgresql.Driver.parseURL(url, new Properties());
            if (parsed == null) {
                return java.util.Optional.of("the PostgreSQL driver refuses it");
            }
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> arnProblem(Object value) {
        List<Reference> references = TemplateValues.references(value);
        for (Reference reference : references) {
            Map<String, Object> target = resourcesById.get(reference.logicalId());
            if (target == null) {
                return java.util.Optional.of("refers to " + reference.logicalId() + ", which is not in the template");
            }
        }
        boolean bare = value instanceof Map<?, ?> map && (map.containsKey("Ref") || map.containsKey("Fn::GetAtt"));
        if (bare) {
            Reference reference = references.get(0);
            String type = (String) resourcesById.get(reference.logicalId()).get("Type");
            boolean isArn = reference.attribute() == null ? REF_IS_ARN.contains(type) : reference.attribute().endsWith("Arn");
            return isArn ? java.util.Optional.empty()
                    : java.util.Optional.of(reference + " of a " + type + " is not an ARN");
        }
        if (value instanceof Map<?, ?> map && map.get("Fn::Join") instanceof List<?> join
                && TemplateResources.list(join.get(1)).get(0) instanceof Map<?, ?> first && first.containsKey("Ref")) {
            // e.g. a secret's ARN followed by "-??????": an ARN if the reference is one
            return arnProblem(first);
        }
        String rendered = TemplateValues.render(value);
        Matcher arn = ARN.matcher(rendered);
        if (!arn.matches()) {
            return java.util.Optional.of(rendered + " is not an ARN");
        }
        if (!references.isEmpty() || AWS_MANAGED.stream().anyMatch(p -> p.matcher(rendered).matches())) {
            return java.util.Optional.empty();
        }
        // Built by hand from a name: that name must be one the template gives a resource.
        String service = arn.group(2);
        String resource = arn.group(5);
        boolean named = switch (service) {
            case "states" -> resource.matches("(stateMachine|execution):[^:]+(:.*)?")
                    && hasResourceNamed("AWS::StepFunctions::StateMachine", "StateMachineName", resource.split(":")[1]);
            case "logs" -> resource.startsWith("log-group:")
                    && hasResourceNamed("AWS::Logs::LogGroup", "LogGroupName", resource.split(":")[1]);
            default -> false;
        };
        return named ? java.util.Optional.empty()
                : java.util.Optional.of(rendered + " names nothing in the template and is not a documented AWS-managed ARN");
    }

    private static boolean hasResourceNamed(String type, String nameProperty, String name) {
        return resources.ofType(type).values().stream().anyMatch(p -> name.equals(p.get(nameProperty)));
    }

    /** The staged copy of a function's code, as `cdk deploy` uploads it. */
    private static Path asset(Map<String, Object> function) {
        String key = (String) TemplateResources.map(function.get("Code")).get("S3Key");
        String hash = key.replaceFirst("\\.zip$", "");
        Path dir = SynthesizedEnvironment.outdir();
        Path zip = dir.resolve("asset." + hash + ".zip");
        Path folder = dir.resolve("asset." + hash);
        assertThat(Files.exists(zip) || Files.isDirectory(folder)).as("staged asset of %s", key).isTrue();
        return Files.exists(zip) ? zip : folder;
    }

    private static boolean contains(Path asset, List<String> candidates, boolean executable) throws IOException {
        if (Files.isDirectory(asset)) {
            return candidates.stream().map(asset::resolve)
                    .anyMatch(f -> Files.isRegularFile(f) && (!executable || Files.isExecutable(f)));
        }
        try (ZipFile zip = new ZipFile(asset.toFile())) {
            for (String candidate : candidates) {
                ZipEntry entry = zip.getEntry(candidate);
                if (entry != null && (!executable || isExecutable(asset, candidate))) {
                    return true;
                }
            }
            // The Java runtime also loads classes from the jars under lib/.
            for (ZipEntry entry : zip.stream().filter(e -> e.getName().startsWith("lib/") && e.getName().endsWith(".jar")).toList()) {
                try (InputStream in = zip.getInputStream(entry); ZipInputStream jar = new ZipInputStream(in)) {
                    for (ZipEntry inner; (inner = jar.getNextEntry()) != null; ) {
                        if (candidates.contains(inner.getName())) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** Unix mode bits of a zip entry (the external attributes' high half), read from the central directory. */
    private static boolean isExecutable(Path zip, String name) throws IOException {
        try (var fs = java.nio.file.FileSystems.newFileSystem(zip, Map.of("enablePosixFileAttributes", "true"))) {
            return Files.getPosixFilePermissions(fs.getPath(name)).contains(java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE);
        }
    }
}
