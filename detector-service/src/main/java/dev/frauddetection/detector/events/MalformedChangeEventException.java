package dev.frauddetection.detector.events;

/** A change event the detector cannot use; its message is the reason written to the dead-letter topic. */
public class MalformedChangeEventException extends RuntimeException {

    public MalformedChangeEventException(String reason) {
        super(reason);
    }

    public MalformedChangeEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
