package dev.frauddetection.ingest.rest.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.frauddetection.ingest.service.RejectedRequest.FieldError;

import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} names every field at fault, as the JSON path a client sent
 * ({@code amount}, {@code items[3].currency}), so a client can point at what to fix.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
