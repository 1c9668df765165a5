package dev.frauddetection.dashboard.rest;

import jakarta.ws.rs.core.Response;

import java.util.List;

/** An RFC 9457 problem detail naming the request field at fault. */
public record Problem(String type, String title, int status, String detail, List<InvalidParam> invalidParams) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public record InvalidParam(String name, String reason) {
    }

    static Response badRequest(String field, String reason) {
        Problem problem = new Problem("about:blank", "Invalid request", 400, field + " " + reason,
                List.of(new InvalidParam(field, reason)));
        return Response.status(400).type(MEDIA_TYPE).entity(problem).build();
    }
}
