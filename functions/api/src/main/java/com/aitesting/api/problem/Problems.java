package com.aitesting.api.problem;

import com.aitesting.api.auth.HostNotAllowedException;
import com.aitesting.api.auth.IdentityProviderUnavailableException;
import com.aitesting.api.auth.UnauthorizedException;
import com.aitesting.api.web.ApiResponseHeaders;
import com.aitesting.api.web.RequestFraming;
import com.aitesting.api.web.StorableText;
import com.aitesting.api.ws.LiveSocketUpgrade;
import com.aitesting.core.error.AuthorizationRequiredException;
import com.aitesting.core.error.ConflictException;
import com.aitesting.core.error.DomainException;
import com.aitesting.core.error.IdempotencyKeyReusedException;
import com.aitesting.core.error.InvalidInputException;
import com.aitesting.core.error.NotFoundException;
import com.aitesting.core.error.StoreUnavailableException;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.BufferLengthExceededException;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.http.server.exceptions.NotAllowedException;
import io.micronaut.http.server.exceptions.UnsupportedMediaException;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.web.router.exceptions.UnsatisfiedBodyRouteException;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;
import java.io.EOFException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * THE place where every failure becomes an RFC 9457 {@code application/problem+json} response: our
 * domain exceptions, auth failures, Jackson binding errors, and the framework's own 404/405/413/415.
 * Response bodies are written from our own words only: never an exception message of a library, a
 * class name, SQL text or a stack trace. Unexpected failures are logged here with a correlation id that
 * the 500 problem repeats, so a report from a client can be found in the logs.
 */
@Singleton
public final class Problems {
    public static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    private final ObjectMapper json;

    private final long maxRequestSize;
    private final int maxRequestLine;
    private final int maxHeaderBytes;

    public Problems(ObjectMapper json, @Value("${micronaut.server.max-request-size:10485760}") long maxRequestSize,
                    @Value("${micronaut.server.netty.max-initial-line-length:4096}") int maxRequestLine,
                    @Value("${micronaut.server.netty.max-header-size:8192}") int maxHeaderBytes) {
        this.json = json;
        this.maxRequestSize = maxRequestSize;
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Maps {@code error} (may be null) to a response; {@code status} is what the framework chose, if anything. */
    public MutableHttpResponse<?> respond(HttpRequest<?> request, Throwable error, HttpStatus status) {
        MutableHttpResponse<Object> response = HttpResponse.status(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
        return write(request, error, response);
    }

    /** Fills {@code response} (status, headers, body) for {@code error}; used by the ErrorResponseProcessor. */
    public <T> MutableHttpResponse<T> write(HttpRequest<?> request, Throwable error, MutableHttpResponse<T> response) {
        Problem problem = problem(request, error, response.getStatus(), response);
        response.status(problem.status());
        response.contentType(PROBLEM_JSON);
        ApiResponseHeaders.mark(response);
        try {
            @SuppressWarnings("unchecked")
            MutableHttpResponse<T> written = (MutableHttpResponse<T>) response.body(json.writeValueAsBytes(problem.body()));
            return written;
        } catch (JsonProcessingException e) {
            // Only an extension member could fail to serialise; fall back to the bare problem.
            LOG.error("Could not serialise problem {}", problem.type(), e);
            Problem bare = new Problem(problem.type(), problem.title(), problem.status(), problem.detail(),
                    problem.instance(), problem.errors(), Map.of());
            try {
                @SuppressWarnings("unchecked")
                MutableHttpResponse<T> written = (MutableHttpResponse<T>) response.body(json.writeValueAsBytes(bare.body()));
                return written;
            } catch (JsonProcessingException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
    }

    Problem problem(HttpRequest<?> request, Throwable error, HttpStatus frameworkStatus, MutableHttpResponse<?> response) {
        String instance = request == null ? null : request.getPath();

        DomainException domain = find(error, DomainException.class);
        if (domain != null) {
            return domain(domain, instance);
        }
        if (clientHungUp(request, error)) {
            // nobody reads this answer; any client can cause it, so it is no error of ours and fills no error log
            LOG.info("Client closed the connection before its request body was complete: {} {}", request.getMethodName(), instance);
            return validation("The request body ended before it was complete.",
                    List.of(new Problem.FieldError("body", "is incomplete")), instance);
        }
        if (find(error, CorsRefusedException.class) != null) {
            return of(ProblemType.CORS_REFUSED, "This origin, method or header is not allowed to call the API from a "
                    + "browser (CORS).", instance);
        }
        HostNotAllowedException misdirected = find(error, HostNotAllowedException.class);
        if (misdirected != null) {
            return of(ProblemType.HOST_NOT_ALLOWED, misdirected.getMessage(), instance);
        }
        LiveSocketUpgrade.Refused upgrade = find(error, LiveSocketUpgrade.Refused.class);
        if (upgrade != null) {
            return upgrade(upgrade, response, instance);
        }
        UnauthorizedException unauthorized = find(error, UnauthorizedException.class);
        if (unauthorized != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, unauthorized.challenge());
            return of(ProblemType.UNAUTHORIZED, unauthorized.getMessage(), instance);
        }
        if (find(error, IdentityProviderUnavailableException.class) != null) {
            response.header(HttpHeaders.RETRY_AFTER, "5");
            LOG.warn("JWKS unavailable on {} {}: {}", request == null ? "-" : request.getMethodName(), instance,
                    String.valueOf(find(error, IdentityProviderUnavailableException.class).getCause()));
            return of(ProblemType.UNAVAILABLE, "Tokens cannot be verified right now (the issuer's keys are unreachable); retry shortly.", instance);
        }
        if (find(error, StoreUnavailableException.class) != null) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
            LOG.warn("Database temporarily unavailable on {} {}: {}", request == null ? "-" : request.getMethodName(),
                    instance, find(error, StoreUnavailableException.class).getMessage());
            return of(ProblemType.UNAVAILABLE, "The service is temporarily unavailable; retry shortly.", instance);
        }
        JacksonException jackson = find(error, JacksonException.class);
        if (jackson != null) {
            return jsonBinding(jackson, instance);
        }
        // Netty refused the request head itself and Micronaut answers it as a 413, which would blame the body
        Throwable headRefusal = request instanceof NettyHttpRequest<?> netty ? netty.getNativeRequest().decoderResult().cause() : null;
        if (headRefusal instanceof TooLongHttpLineException) {
            return of(ProblemType.URI_TOO_LONG, "The request line (method, path and query) exceeds " + maxRequestLine + " bytes.", null);
        }
        if (headRefusal instanceof RequestFraming.Refused framing) {
            return validation(framing.getMessage(), List.of(new Problem.FieldError(framing.header(), framing.rule())), instance);
        }
        if (headRefusal instanceof TooLongHttpHeaderException) {
            return of(ProblemType.HEADERS_TOO_LARGE, "The request headers exceed " + maxHeaderBytes + " bytes together.", instance);
        }
        if (headRefusal instanceof RequestFraming.HeadTooSlow slow) {
            return of(ProblemType.REQUEST_TIMEOUT, slow.getMessage(), null);
        }
        if (headRefusal instanceof RequestFraming.VersionNotSupported version) {
            return of(ProblemType.HTTP_VERSION_NOT_SUPPORTED, version.getMessage(), instance);
        }
        if (headRefusal instanceof RequestFraming.BodyTooLarge) {
            return payloadTooLarge(instance);
        }
        if (headRefusal != null) { // Netty could not parse the head (or a chunk size); the path Micronaut substitutes is not the client's
            return validation("The request is not a valid HTTP request: its request line, a header line or a chunk size is malformed "
                    + "(RFC 9112).", List.of(new Problem.FieldError("request", "is not a valid HTTP request")), null);
        }
        if (find(error, ContentLengthExceededException.class) != null
                || find(error, BufferLengthExceededException.class) != null
                || (error == null && frameworkStatus == HttpStatus.REQUEST_ENTITY_TOO_LARGE)) {
            return payloadTooLarge(instance);
        }
        if (find(error, DecompressionException.class) != null) { // a Content-Encoding the body does not hold
            return validation("The request body could not be decoded as its Content-Encoding says.",
                    List.of(new Problem.FieldError("body", "is not valid for its Content-Encoding")), instance);
        }
        UnsupportedMediaException media = find(error, UnsupportedMediaException.class);
        if (media != null || (error == null && frameworkStatus == HttpStatus.UNSUPPORTED_MEDIA_TYPE)) {
            String accepted = media == null ? "application/json" : String.join(", ", media.getAcceptableContentTypes());
            return of(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be " + (accepted.isBlank() ? "application/json" : accepted) + ".", instance);
        }
        NotAllowedException notAllowed = find(error, NotAllowedException.class);
        if (notAllowed != null || (error == null && frameworkStatus == HttpStatus.METHOD_NOT_ALLOWED)) {
            String method = request == null ? "This method" : request.getMethodName();
            if (notAllowed != null && !notAllowed.getAllowedMethods().isEmpty()) {
                if (!response.getHeaders().contains(HttpHeaders.ALLOW)) {
                    response.header(HttpHeaders.ALLOW, String.join(", ", notAllowed.getAllowedMethods()));
                }
                return of(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed here; allowed: "
                        + String.join(", ", notAllowed.getAllowedMethods()) + ".", instance);
            }
            return of(ProblemType.METHOD_NOT_ALLOWED, method + " is not allowed here.", instance);
        }
        UnsatisfiedBodyRouteException noBody = find(error, UnsatisfiedBodyRouteException.class);
        if (noBody != null) {
            return validation("A JSON request body is required.", List.of(new Problem.FieldError("body", "is required")), instance);
        }
        UnsatisfiedRouteException unsatisfied = find(error, UnsatisfiedRouteException.class);
        if (unsatisfied != null) {
            String name = wireName(unsatisfied.getArgument());
            return validation(name + " is required.", List.of(new Problem.FieldError(name, "is required")), instance);
        }
        ConversionErrorException conversion = find(error, ConversionErrorException.class);
        if (conversion != null) {
            String name = wireName(conversion.getArgument());
            return validation("Invalid value for " + name + ".",
                    List.of(new Problem.FieldError(name, "has an invalid value")), instance);
        }
        HttpStatusException httpStatus = find(error, HttpStatusException.class);
        if (httpStatus != null) {
            return byStatus(httpStatus.getStatus(), request, instance);
        }
        if (error == null || (frameworkStatus != null && frameworkStatus.getCode() < 500)) {
            // the framework decided a client error (a route miss, a built-in handler): say so in its words-free form
            return byStatus(frameworkStatus == null ? HttpStatus.INTERNAL_SERVER_ERROR : frameworkStatus, request, instance);
        }
        return internal(request, error, instance);
    }

    /**
     * A refused WebSocket opening handshake: a 400 naming the header, or a 426 that names the protocol to upgrade to
     * (RFC 9110 §15.5.22, with Connection: upgrade, §7.8) and, for a wrong version, the version (RFC 6455 §4.2.2).
     */
    private static Problem upgrade(LiveSocketUpgrade.Refused refused, MutableHttpResponse<?> response, String instance) {
        List<Problem.FieldError> errors = refused.header() == null ? List.of()
                : List.of(new Problem.FieldError(refused.header(), refused.rule()));
        ProblemType type = ProblemType.WEBSOCKET_HANDSHAKE;
        if (refused.upgradeRequired()) {
            type = ProblemType.UPGRADE_REQUIRED;
            response.header(HttpHeaders.UPGRADE, "websocket");
            response.header(HttpHeaders.CONNECTION, "upgrade");
            if (refused.header() != null) {
                response.header("Sec-WebSocket-Version", LiveSocketUpgrade.VERSION);
            }
        }
        return new Problem(type.uri(), type.title(), type.status().getCode(), refused.getMessage(), instance, errors, Map.of());
    }

    private Problem payloadTooLarge(String instance) {
        return of(ProblemType.PAYLOAD_TOO_LARGE, "The request body exceeds the limit of " + (maxRequestSize / 1024) + " KiB.", instance);
    }

    /** Reading the body hit its end (Micronaut's EOFException) because the client's connection is gone. */
    private static boolean clientHungUp(HttpRequest<?> request, Throwable error) {
        return find(error, EOFException.class) != null && request instanceof NettyHttpRequest<?> netty
                && !netty.getChannelHandlerContext().channel().isActive();
    }

    /** The name the client used (e.g. the query parameter engagement_id), not the Java parameter name. */
    private static String wireName(io.micronaut.core.type.Argument<?> argument) {
        var metadata = argument.getAnnotationMetadata();
        for (Class<? extends java.lang.annotation.Annotation> binding : List.of(QueryValue.class, Header.class, PathVariable.class)) {
            Optional<String> name = metadata.stringValue(binding);
            if (name.isPresent() && !name.get().isBlank()) {
                return name.get();
            }
        }
        return argument.getName();
    }

    private Problem domain(DomainException e, String instance) {
        return switch (e) {
            case InvalidInputException invalid -> {
                ProblemType type = invalid.kind() == InvalidInputException.Kind.UNPROCESSABLE
                        ? ProblemType.UNPROCESSABLE : ProblemType.VALIDATION;
                List<Problem.FieldError> errors = invalid.errors().stream()
                        .map(f -> new Problem.FieldError(f.field(), f.message())).toList();
                yield new Problem(type.uri(), type.title(), type.status().getCode(), invalid.getMessage(), instance, errors, Map.of());
            }
            case NotFoundException notFound -> of(ProblemType.NOT_FOUND, capitalise(notFound.resource()) + " "
                    + notFound.id() + " was not found.", instance);
            case AuthorizationRequiredException required -> new Problem(ProblemType.AUTHORIZATION_REQUIRED.uri(),
                    ProblemType.AUTHORIZATION_REQUIRED.title(), ProblemType.AUTHORIZATION_REQUIRED.status().getCode(),
                    required.getMessage(), instance, List.of(), Map.of("engagement_id", required.engagementId()));
            case IdempotencyKeyReusedException reused -> of(ProblemType.IDEMPOTENCY_KEY_REUSED, reused.getMessage(), instance);
            case ConflictException conflict -> new Problem(Problem.TYPE_BASE + conflict.type(),
                    titleFromSlug(conflict.type()), HttpStatus.CONFLICT.getCode(), conflict.getMessage(), instance,
                    List.of(), conflict.details());
        };
    }

    /** Jackson failures while reading a body: the message names the JSON field, never a Java type. */
    private Problem jsonBinding(JacksonException e, String instance) {
        if (e instanceof StreamReadException && !(e instanceof MismatchedInputException)) {
            var location = e.getLocation();
            String where = location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
            return validation("The request body is not valid JSON" + where + ".",
                    List.of(new Problem.FieldError("body", "is not valid JSON" + where)), instance);
        }
        String field = e instanceof JsonMappingException m ? path(m) : "body";
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            message = "is not a known property";
            Collection<Object> known = unknown.getKnownPropertyIds();
            if (known != null && !known.isEmpty()) {
                message += "; known properties: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "));
            }
        } else if (e instanceof StorableText.Refused refused) {
            message = refused.reason();
        } else if (e instanceof InvalidNullException) {
            message = "must not be null";
        } else if (e instanceof InvalidFormatException format && format.getTargetType() != null && format.getTargetType().isEnum()) {
            message = "must be one of: " + Arrays.stream(format.getTargetType().getEnumConstants())
                    .map(String::valueOf).collect(Collectors.joining(", "));
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "must be " + describe(mismatch.getTargetType());
        } else {
            message = "has an invalid value";
        }
        return validation("Invalid request body: " + field + " " + message + ".",
                List.of(new Problem.FieldError(field, message)), instance);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "body" : sb.toString();
    }

    /** A JSON-ish description of a Java target type, so that no class name reaches the client. */
    private static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class || type == UUID.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class || type == BigInteger.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class || type == BigDecimal.class) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of: " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private Problem byStatus(HttpStatus status, HttpRequest<?> request, String instance) {
        Optional<ProblemType> known = ProblemType.forStatus(status.getCode());
        if (known.isPresent()) {
            ProblemType type = known.get();
            String detail = switch (type) {
                case NOT_FOUND -> "No resource at " + instance + ".";
                case METHOD_NOT_ALLOWED -> (request == null ? "This method" : request.getMethodName()) + " is not allowed here.";
                case NOT_ACCEPTABLE -> "This resource cannot be returned in the requested media type.";
                case INTERNAL -> "An unexpected error occurred.";
                default -> type.title() + ".";
            };
            return of(type, detail, instance);
        }
        String reason = status.getReason();
        return new Problem(Problem.TYPE_BASE + "http-" + status.getCode(), reason, status.getCode(), reason + ".", instance, List.of(), Map.of());
    }

    private Problem internal(HttpRequest<?> request, Throwable error, String instance) {
        String correlationId = UUID.randomUUID().toString();
        LOG.error("Unexpected error correlation_id={} {} {}", correlationId,
                request == null ? "-" : request.getMethodName(), instance, error);
        return new Problem(ProblemType.INTERNAL.uri(), ProblemType.INTERNAL.title(), 500,
                "An unexpected error occurred. Quote correlation_id " + correlationId + " when reporting it.",
                instance, List.of(), Map.of("correlation_id", correlationId));
    }

    private static Problem of(ProblemType type, String detail, String instance) {
        return new Problem(type.uri(), type.title(), type.status().getCode(), detail, instance, List.of(), Map.of());
    }

    private static Problem validation(String detail, List<Problem.FieldError> errors, String instance) {
        return new Problem(ProblemType.VALIDATION.uri(), ProblemType.VALIDATION.title(), 400, detail, instance, errors, Map.of());
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable t = error; t != null && !seen.contains(t); t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            seen.add(t);
        }
        return null;
    }

    private static String capitalise(String s) {
        return s == null || s.isEmpty() ? "Resource" : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String titleFromSlug(String slug) {
        String words = slug.replace('-', ' ');
        return words.isEmpty() ? "Conflict" : Character.toUpperCase(words.charAt(0)) + words.substring(1).toLowerCase(Locale.ROOT);
    }
}
