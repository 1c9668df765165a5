package dev.frauddetection.ingest.rest.problem;

import java.util.List;

/**
 * A request the service refuses for a reason the client can act on. The kind decides the HTTP status and the problem
 * type; the fields say what to fix.
 */
public class RejectedRequest extends RuntimeException {

    public enum Kind {
        INVALID_REQUEST(400, "Invalid request"),
        NOT_FOUND(404, "No such transaction"),
        SIMULATOR_DISABLED(404, "The simulator is not enabled in this deployment"),
        CONFLICT(409, "Conflicts with the stored transaction"),
        BATCH_TOO_LARGE(413, "Batch too large"),
        IDEMPOTENCY_KEY_REUSED(422, "Idempotency-Key reused for a different request");

        final int status;
        final String title;

        Kind(int status, String title) {
            this.status = status;
            this.title = title;
        }

        String slug() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    private final Kind kind;
    private final List<Problem.FieldError> errors;

    public RejectedRequest(Kind kind, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.kind = kind;
        this.errors = List.copyOf(errors);
    }

    public RejectedRequest(Kind kind, String detail) {
        this(kind, detail, List.of());
    }

    public static RejectedRequest field(Kind kind, String field, String reason) {
        return new RejectedRequest(kind, field + " " + reason, List.of(new Problem.FieldError(field, reason)));
    }

    public Kind kind() {
        return kind;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
