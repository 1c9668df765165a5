package dev.frauddetection.detector.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every refusal of the detector's API as application/problem+json, authentication and authorisation included. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** No token, or one that is not valid here (bad signature, expired, another issuer or audience). */
    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        Response problem = Problems.response(401, "unauthenticated", "Unauthorized", "Send a valid bearer token "
                + "(Authorization: Bearer <token>) signed for detector-service; see docs/security.md", null);
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer realm=\"detector-service\"").build();
    }

    /** A valid token whose roles do not include one this operation needs. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problems.response(403, "forbidden", "Forbidden", "Your token's roles do not allow this operation", null);
    }

    /** Problems built by the resources, and Quarkus' own (404, 405, 415) as problems too. */
    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        if (Problems.MEDIA_TYPE.equals(String.valueOf(e.getResponse().getMediaType()))) {
            return e.getResponse();
        }
        int status = e.getResponse().getStatus();
        return Problems.response(status, "http-" + status, e.getResponse().getStatusInfo().getReasonPhrase(),
                e.getMessage(), null);
    }

    /** A body that is not the JSON the operation takes (a rollback's {"reason": ...}). */
    @ServerExceptionMapper
    public Response unreadable(com.fasterxml.jackson.core.JsonProcessingException e) {
        return Problems.response(400, "invalid-request", "Invalid request", "body is not the JSON this operation takes: "
                + e.getOriginalMessage(), "body");
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.errorf(e, "Request failed");
        return Problems.response(500, "internal-error", "Internal error", "The request could not be completed; "
                + "nothing was changed. Retrying is safe.", null);
    }
}
