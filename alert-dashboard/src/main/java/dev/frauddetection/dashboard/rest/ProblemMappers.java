package dev.frauddetection.dashboard.rest;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.frauddetection.dashboard.triage.TriageConflict;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/** Every error the API raises, as application/problem+json. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidParameter e) {
        return Problem.badRequest(e.field(), e.reason());
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return Problem.of(404, "Not found", e.getMessage());
    }

    @ServerExceptionMapper
    public Response conflict(TriageConflict e) {
        return Problem.of(409, "Already triaged", e.getMessage());
    }

    /** A field of the wrong type (more specific than Quarkus' own mapper for it, so this one answers). */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e) {
        return unreadable(e);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e) {
        return unreadable(e);
    }

    /** A body that is not JSON, or a field of the wrong type: named by its JSON path. */
    @ServerExceptionMapper
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? mapping.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                        : "[" + ref.getIndex() + "]").collect(Collectors.joining("."))
                : "body";
        return Problem.badRequest(field, "is not valid: " + e.getOriginalMessage());
    }
}
