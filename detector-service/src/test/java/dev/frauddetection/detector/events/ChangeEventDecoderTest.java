package dev.frauddetection.detector.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.frauddetection.detector.events.TransactionChange.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding real Debezium 3.7 change events (captured from the local stack) and rejecting broken ones with a reason. */
class ChangeEventDecoderTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final ChangeEventDecoder decoder = new ChangeEventDecoder(json);

    @Test
    void decodesAnInsertWithDecimalAmountAndEventTime() throws IOException {
        TransactionChange change = decoder.decode(sample("insert"));

        assertThat(change.operation()).isEqualTo(Operation.INSERT);
        assertThat(change.isNewPayment()).isTrue();
        assertThat(change.before()).isNull();
        assertThat(change.after().id()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(change.after().accountId()).isEqualTo("acc-psql");
        assertThat(change.after().amount().toPlainString()).as("scale kept").isEqualTo("75000.00");
        assertThat(change.after().currency()).isEqualTo("EUR");
        assertThat(change.after().createdAt()).isEqualTo(Instant.parse("2026-11-22T02:57:20.688064Z"));
        assertThat(change.committedAt()).isEqualTo(Instant.ofEpochMilli(1795316240689L));
    }

    @Test
    void decodesAStatusUpdateWithBothImages() throws IOException {
        TransactionChange change = decoder.decode(sample("update"));

        assertThat(change.operation()).isEqualTo(Operation.UPDATE);
        assertThat(change.isNewPayment()).isFalse();
        assertThat(change.before().status()).isEqualTo("AUTHORIZED");
        assertThat(change.after().status()).isEqualTo("CHARGEBACK");
    }

    @Test
    void decodesADeleteFromItsBeforeImage() throws IOException {
        TransactionChange change = decoder.decode(sample("delete"));

        assertThat(change.operation()).isEqualTo(Operation.DELETE);
        assertThat(change.after()).isNull();
        assertThat(change.row().accountId()).isEqualTo("acc-psql");
    }

    @Test
    void treatsASnapshotReadAsANewPayment() throws IOException {
        TransactionChange change = decoder.decode(sample("snapshot"));

        assertThat(change.operation()).isEqualTo(Operation.SNAPSHOT);
        assertThat(change.isNewPayment()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"insert", "update", "delete", "snapshot"})
    void readsEveryWellFormedEventInOnePassWithoutTheTreeFallback(String sample) throws IOException {
        ChangeEnvelope envelope = decoder.envelope(sample(sample));

        assertThat(envelope).as("the one-pass read took the event").isNotNull();
        assertThat(envelope.op()).isIn("c", "u", "d", "r");
        assertThat(envelope.source().tsMs().canConvertToLong()).isTrue();
        assertThat(envelope.op().equals("d") ? envelope.before() : envelope.after()).isNotNull()
                .satisfies(row -> assertThat(row.accountId()).isNotBlank());
    }

    @Test
    void rejectsATombstone() {
        assertThatThrownBy(() -> decoder.decode(null))
                .isInstanceOf(MalformedChangeEventException.class).hasMessageContaining("tombstone");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThatThrownBy(() -> decoder.decode("{\"op\": \"c\", "))
                .isInstanceOf(MalformedChangeEventException.class).hasMessageStartingWith("value is not JSON");
        assertThatThrownBy(() -> decoder.decode("[1, 2]"))
                .isInstanceOf(MalformedChangeEventException.class).hasMessage("value is not a JSON object");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "unknown op             | /op=x                  | op is 'x', expected one of c, r, u, d",
            "insert without after   | /after=null            | after is missing for op c",
            "no commit timestamp    | /source/ts_ms=null     | source.ts_ms is missing or not a number",
            "no account             | /after/account_id=null | after.account_id is missing",
            "blank currency         | /after/currency=       | after.currency is missing",
            "no event time          | /after/created_at=null | after.created_at is missing",
            "zero amount            | /after/amount=0.00     | after.amount must be positive, got 0.00",
            "negative amount        | /after/amount=-5       | after.amount must be positive, got -5",
            "amount not a number    | /after/amount=lots     | after.amount cannot be read",
            "event time not a time  | /after/created_at=soon | after.created_at cannot be read",
    })
    void rejectsABrokenInsertNamingTheField(String description, String change, String reason) throws IOException {
        String[] pathAndValue = change.split("=", 2);
        ObjectNode event = (ObjectNode) json.readTree(sample("insert"));
        String path = pathAndValue[0];
        ObjectNode parent = (ObjectNode) event.at(path.substring(0, path.lastIndexOf('/')));
        String field = path.substring(path.lastIndexOf('/') + 1);
        if ("null".equals(pathAndValue[1])) {
            parent.putNull(field);
        } else {
            parent.put(field, pathAndValue[1]);
        }

        assertThatThrownBy(() -> decoder.decode(json.writeValueAsString(event)))
                .isInstanceOf(MalformedChangeEventException.class)
                .hasMessageStartingWith(reason);
    }

    private static String sample(String name) throws IOException {
        try (InputStream in = ChangeEventDecoderTest.class.getResourceAsStream("/debezium/" + name + ".json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
