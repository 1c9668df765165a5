package dev.frauddetection.dashboard.rest;

/** A request field that cannot be used; answered with a 400 problem naming it. */
public class InvalidParameter extends RuntimeException {

    private final String field;
    private final String reason;

    public InvalidParameter(String field, String reason) {
        super(field + " " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public String reason() {
        return reason;
    }
}
