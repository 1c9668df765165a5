package dev.frauddetection.detector.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem details for the detector's API, each naming the field at fault where there is one. */
final class Problems {

    static final String MEDIA_TYPE = "application/problem+json";

    private Problems() {
    }

    static WebApplicationException invalid(String field, String reason) {
        return failure(400, "invalid-rule-set", "Invalid rule set", field + " " + reason, field);
    }

    static WebApplicationException notFound(String detail) {
        return failure(404, "no-such-rule-set", "No such rule set", detail, null);
    }

    static WebApplicationException stale(String detail) {
        return failure(412, "stale-rule-set", "Rule set changed meanwhile", detail, "If-Match");
    }

    static WebApplicationException preconditionRequired(String detail) {
        return failure(428, "if-match-required", "If-Match required", detail, "If-Match");
    }

    static WebApplicationException unavailable(String detail) {
        return failure(503, "not-published", "Not published", detail, null);
    }

    static WebApplicationException invalidModelRequest(String field, String reason) {
        return failure(400, "invalid-model-request", "Invalid model request", field + " " + reason, field);
    }

    static WebApplicationException noSuchModel(String detail) {
        return failure(404, "no-such-model", "No such model version", detail, null);
    }

    static WebApplicationException modelConflict(String field, String detail) {
        return failure(409, "model-conflict", "Conflicts with the registry", detail, field);
    }

    static WebApplicationException staleAssignment(String detail) {
        return failure(412, "stale-model-assignment", "Champion or challenger changed meanwhile", detail, "If-Match");
    }

    static Response response(int status, String slug, String title, String detail, String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:fraud-detection:problem:" + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        if (field != null) {
            body.put("errors", List.of(Map.of("field", field, "reason", detail.startsWith(field + " ")
                    ? detail.substring(field.length() + 1) : detail)));
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    private static WebApplicationException failure(int status, String slug, String title, String detail, String field) {
        return new WebApplicationException(detail, response(status, slug, title, detail, field));
    }
}
