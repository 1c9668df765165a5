package dev.frauddetection.dashboard.rest;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem detail; for bad input it names the request field at fault in {@code invalid_params}. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@RegisterForReflection
public record Problem(String type, String title, int status, String detail, List<InvalidParam> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @RegisterForReflection
    public record InvalidParam(String name, String reason) {
    }

    static Response badRequest(String field, String reason) {
        Problem problem = new Problem("about:blank", "Invalid request", 400, field + " " + reason,
                List.of(new InvalidParam(field, reason)));
        return Response.status(400).type(MEDIA_TYPE).entity(problem).build();
    }

    static Response of(int status, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail,
                List.of())).build();
    }
}
