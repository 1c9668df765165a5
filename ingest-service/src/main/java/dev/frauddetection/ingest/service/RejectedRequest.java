package dev.frauddetection.ingest.service;

import java.util.List;

/**
 * A request the service refuses for a reason the client can act on: the kind says why, the field errors what to fix.
 * How a kind is told to an HTTP client (status, problem type) is the REST layer's business.
 */
public class RejectedRequest extends RuntimeException {

    public enum Kind {
        INVALID_REQUEST,
        NOT_FOUND,
        SIMULATOR_DISABLED,
        CONFLICT,
        BATCH_TOO_LARGE,
        IDEMPOTENCY_KEY_REUSED
    }

    /** One field a client must fix, named as the client sent it ({@code amount}, {@code [3].id}). */
    public record FieldError(String field, String reason) {
    }

    private final Kind kind;
    private final List<FieldError> errors;

    public RejectedRequest(Kind kind, String detail, List<FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public RejectedRequest(Kind kind, String detail) {
        this(kind, detail, List.of());
    }

    public static RejectedRequest field(Kind kind, String field, String reason) {
        return new RejectedRequest(kind, field + " " + reason, List.of(new FieldError(field, reason)));
    }

    public Kind kind() {
        return kind;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
