package dev.frauddetection.detector.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.detector.events.TransactionChange.Operation;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;

/**
 * Turns the JSON value of a Debezium change event (converter without embedded schemas) into a
 * {@link TransactionChange}, or says precisely why it cannot: every reason names the field at fault.
 *
 * <p>A well-formed event is read in one streaming pass straight into records ({@link ChangeEventReader}); building a
 * JSON tree first and converting its rows afterwards took a third of the pipeline thread's time, data binding most of
 * what was left of decoding. Only an event that pass refuses is read as a tree, to find and name what is wrong with
 * it, or to read it after all.
 */
@ApplicationScoped
public class ChangeEventDecoder {

    private final ObjectMapper json;
    private final ChangeEventReader fastRead;

    public ChangeEventDecoder(ObjectMapper json) {
        this.json = json;
        this.fastRead = new ChangeEventReader(json.getFactory());
    }

    public TransactionChange decode(String value) {
        if (value == null) {
            throw new MalformedChangeEventException("record has no value (a tombstone); the connector should not send them");
        }
        ChangeEnvelope envelope = envelope(value);
        // Any event the one-pass read cannot take is read again as a tree, which names the field at fault.
        return envelope == null ? decodeTree(value)
                : decode(envelope.op(), envelope.before(), envelope.after(), envelope.source().tsMs());
    }

    /** The one-pass read, or null if it cannot take this value. */
    ChangeEnvelope envelope(String value) {
        return fastRead.read(value);
    }

    private TransactionChange decodeTree(String value) {
        JsonNode event;
        try {
            event = json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new MalformedChangeEventException("value is not JSON: " + e.getOriginalMessage(), e);
        }
        if (event == null || !event.isObject()) {
            throw new MalformedChangeEventException("value is not a JSON object");
        }
        return decode(event.path("op").asText(null), row(event, "before"), row(event, "after"),
                event.path("source").path("ts_ms"));
    }

    private static TransactionChange decode(String op, PaymentTransaction before, PaymentTransaction after,
                                            JsonNode sourceTs) {
        Operation operation = operation(op);
        if (operation == Operation.DELETE ? before == null : after == null) {
            throw new MalformedChangeEventException((operation == Operation.DELETE ? "before" : "after")
                    + " is missing for op " + op);
        }
        if (sourceTs == null || !sourceTs.canConvertToLong()) {
            throw new MalformedChangeEventException("source.ts_ms is missing or not a number");
        }
        TransactionChange change = new TransactionChange(operation, before, after, Instant.ofEpochMilli(sourceTs.asLong()));
        validate(change.row(), operation == Operation.DELETE ? "before" : "after");
        return change;
    }

    private static Operation operation(String op) {
        return switch (op == null ? "" : op) {
            case "c" -> Operation.INSERT;
            case "r" -> Operation.SNAPSHOT;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            default -> throw new MalformedChangeEventException("op is '" + op + "', expected one of c, r, u, d");
        };
    }

    private PaymentTransaction row(JsonNode event, String field) {
        JsonNode node = event.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return json.treeToValue(node, PaymentTransaction.class);
        } catch (JsonProcessingException e) {
            String path = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? field + "." + m.getPath().get(0).getFieldName() : field;
            throw new MalformedChangeEventException(path + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    private static void validate(PaymentTransaction row, String image) {
        require(row.id(), image + ".id");
        require(row.accountId(), image + ".account_id");
        require(row.currency(), image + ".currency");
        require(row.merchantId(), image + ".merchant_id");
        require(row.createdAt(), image + ".created_at");
        require(row.amount(), image + ".amount");
        if (row.amount().signum() <= 0) {
            throw new MalformedChangeEventException(image + ".amount must be positive, got " + row.amount().toPlainString());
        }
    }

    private static void require(Object value, String field) {
        if (value == null || value instanceof String s && s.isBlank()) {
            throw new MalformedChangeEventException(field + " is missing");
        }
    }
}
