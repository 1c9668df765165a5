package dev.frauddetection.detector.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.LongNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The fast read of a well-formed change event, with Jackson's streaming parser: field by field straight into the
 * records, skipping what the detector does not use ({@code source} but its {@code ts_ms}, Debezium's own timestamps,
 * unused columns). In JFR profiles of the pipeline the data-binding read was most of the event's decoding time.
 *
 * <p>It takes only what it fully understands (each field in its usual JSON type, numbers and instants that parse)
 * and returns null for anything else; {@link ChangeEventDecoder} then reads that event the thorough way, which either
 * reads it (a latitude sent as a string, say) or names the field at fault. So this read never accepts an event the
 * thorough one refuses, and for what it accepts it builds the same records.
 */
final class ChangeEventReader {

    private final JsonFactory factory;

    ChangeEventReader(JsonFactory factory) {
        this.factory = factory;
    }

    /** The event's parts (always with a source holding ts_ms), or null if this read does not take it. */
    ChangeEnvelope read(String value) {
        try (JsonParser p = factory.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String op = null;
            PaymentTransaction before = null;
            PaymentTransaction after = null;
            ChangeEnvelope.Source source = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken token = p.nextToken();
                switch (field) {
                    case "op" -> {
                        if (token != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        op = p.getText();
                    }
                    case "before" -> before = row(p, token);
                    case "after" -> after = row(p, token);
                    case "source" -> source = source(p, token);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null || source == null) {
                return null;
            }
            return new ChangeEnvelope(op, before, after, source);
        } catch (IOException | Unreadable | NumberFormatException | DateTimeParseException e) {
            return null;
        }
    }

    private static ChangeEnvelope.Source source(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.START_OBJECT) {
            throw Unreadable.INSTANCE;
        }
        Long tsMs = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("ts_ms".equals(field)) {
                if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.LONG
                        && p.getNumberType() != JsonParser.NumberType.INT) {
                    throw Unreadable.INSTANCE;
                }
                tsMs = p.getLongValue();
            } else {
                p.skipChildren();
            }
        }
        if (tsMs == null) {
            throw Unreadable.INSTANCE;
        }
        return new ChangeEnvelope.Source(LongNode.valueOf(tsMs));
    }

    private static PaymentTransaction row(JsonParser p, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw Unreadable.INSTANCE;
        }
        String id = null, accountId = null, cardFingerprint = null, bankId = null, channel = null, currency = null;
        String merchantId = null, merchantCategory = null, country = null, status = null;
        BigDecimal amount = null;
        Double lat = null, lon = null;
        Instant createdAt = null, updatedAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = text(p, value);
                case "account_id" -> accountId = text(p, value);
                case "card_fingerprint" -> cardFingerprint = text(p, value);
                case "bank_id" -> bankId = text(p, value);
                case "channel" -> channel = text(p, value);
                case "amount" -> amount = decimal(p, value);
                case "currency" -> currency = text(p, value);
                case "merchant_id" -> merchantId = text(p, value);
                case "merchant_category" -> merchantCategory = text(p, value);
                case "country" -> country = text(p, value);
                case "lat" -> lat = number(p, value);
                case "lon" -> lon = number(p, value);
                case "created_at" -> createdAt = instant(p, value);
                case "status" -> status = text(p, value);
                case "updated_at" -> updatedAt = instant(p, value);
                default -> p.skipChildren();
            }
        }
        return new PaymentTransaction(id, accountId, cardFingerprint, bankId, channel, amount, currency, merchantId,
                merchantCategory, country, lat, lon, createdAt, status, updatedAt);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw Unreadable.INSTANCE;
        };
    }

    /** Debezium sends numeric columns as decimal strings (decimal.handling.mode=string); a JSON number reads too. */
    private static BigDecimal decimal(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> new BigDecimal(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDecimalValue();
            case VALUE_NULL -> null;
            default -> throw Unreadable.INSTANCE;
        };
    }

    private static Double number(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_NULL -> null;
            default -> throw Unreadable.INSTANCE;
        };
    }

    /** timestamptz columns arrive as ISO-8601 instants (Debezium's ZonedTimestamp). */
    private static Instant instant(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> IsoInstants.parse(p.getText());
            case VALUE_NULL -> null;
            default -> throw Unreadable.INSTANCE;
        };
    }

    /** Leaves the fast read for the thorough one; no stack trace, it is expected control flow. */
    private static final class Unreadable extends RuntimeException {
        static final Unreadable INSTANCE = new Unreadable();

        private Unreadable() {
            super(null, null, false, false);
        }
    }
}
