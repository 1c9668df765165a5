package dev.frauddetection.ingest.rest.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.frauddetection.ingest.service.IngestMetrics;
import dev.frauddetection.ingest.service.RejectedRequest.FieldError;
import dev.frauddetection.ingest.service.RejectedRequest;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;

/**
 * Every refusal as application/problem+json, naming the field at fault in the JSON names a client sent
 * (snake_case, with [index] inside a batch). Nothing about the server's internals leaks into a 5xx answer.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final IngestMetrics metrics;

    public ProblemMappers(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ServerExceptionMapper
    public RestResponse<Problem> rejected(RejectedRequest e, UriInfo uri) {
        String slug = e.kind().name().toLowerCase().replace('_', '-');
        return switch (e.kind()) {
            case INVALID_REQUEST -> problem(400, slug, "Invalid request", e.getMessage(), uri, e.errors());
            case NOT_FOUND -> problem(404, slug, "No such transaction", e.getMessage(), uri, e.errors());
            case SIMULATOR_DISABLED -> problem(404, slug, "The simulator is not enabled in this deployment",
                    e.getMessage(), uri, e.errors());
            case CONFLICT -> problem(409, slug, "Conflicts with the stored transaction", e.getMessage(), uri, e.errors());
            case BATCH_TOO_LARGE -> problem(413, slug, "Batch too large", e.getMessage(), uri, e.errors());
            case IDEMPOTENCY_KEY_REUSED -> problem(422, slug, "Idempotency-Key reused for a different request",
                    e.getMessage(), uri, e.errors());
        };
    }

    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e, UriInfo uri) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        String detail = errors.size() == 1 ? errors.getFirst().field() + " " + errors.getFirst().reason()
                : errors.size() + " fields are invalid";
        return problem(400, "invalid-request", "Invalid request", detail, uri, errors);
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class})
    public RestResponse<Problem> unreadable(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            String field = jsonPath(mapping.getPath());
            String reason = e instanceof UnrecognizedPropertyException ? "is not a known field"
                    : e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? "must be " + expected(mismatch.getTargetType())
                    : "has the wrong type or format";
            return problem(400, "invalid-request", "Invalid request", field + " " + reason, uri,
                    List.of(new FieldError(field, reason)));
        }
        return problem(400, "malformed-json", "Malformed JSON", "The body is not valid JSON: "
                + e.getOriginalMessage().split("\n")[0], uri, List.of());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> http(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return unreadable(json, uri);
        }
        int status = e.getResponse().getStatus();
        RestResponse.Status known = RestResponse.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        return problem(status, "http-" + status, title, e.getMessage(), uri, List.of());
    }

    /** No token, or one that is not valid here (bad signature, expired, another issuer or audience). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthenticated(RuntimeException e, UriInfo uri) {
        RestResponse<Problem> response = problem(401, "unauthenticated", "Unauthorized", "Send a valid bearer token "
                + "(Authorization: Bearer <token>) signed for ingest-service; see docs/security.md", uri, List.of());
        response.getHeaders().putSingle("WWW-Authenticate", "Bearer realm=\"ingest-service\"");
        return response;
    }

    /** A valid token whose roles do not include one this operation needs. */
    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e, UriInfo uri) {
        String detail = e.getMessage() != null && e.getMessage().startsWith("needs role")
                ? e.getMessage() : "Your token's roles do not allow this operation";
        return problem(403, "forbidden", "Forbidden", detail, uri, List.of());
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "Request to %s failed", uri.getPath());
        return problem(500, "internal-error", "Internal error",
                "The request could not be completed; nothing was written. Retrying is safe.", uri, List.of());
    }

    private RestResponse<Problem> problem(int status, String slug, String title, String detail, UriInfo uri,
                                          List<FieldError> errors) {
        metrics.rejected(slug);
        Problem body = new Problem("urn:fraud-detection:problem:" + slug, title, status, detail, uri.getPath(), errors);
        return RestResponse.ResponseBuilder.<Problem>create(status).entity(body).type(Problem.MEDIA_TYPE).build();
    }

    /** "create.request.createdAt" becomes "created_at"; "createBatch.items[3].amount" becomes "[3].amount". */
    public static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(snakeCase(node.getName()));
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /** What a client should have sent, in JSON terms rather than Java types. */
    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number (amounts as a decimal string such as \"42.50\")";
        }
        return switch (type.getSimpleName()) {
            case "UUID" -> "a UUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301";
            case "OffsetDateTime", "Instant" -> "an ISO-8601 date-time with offset such as 2026-11-20T10:15:30Z";
            case "Boolean", "boolean" -> "true or false";
            case "String" -> "a JSON string";
            default -> type.isAssignableFrom(java.util.List.class) ? "a JSON array" : "a JSON object";
        };
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    static String snakeCase(String javaName) {
        return javaName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
