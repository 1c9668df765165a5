package dev.frauddetection.detector.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import com.fasterxml.jackson.core.util.BufferRecycler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A verdict as the JSON its consumers read (transactions.legit/fraud, the alert's outbox payload), written with
 * Jackson's streaming generator: the same text as data binding writes for {@link Verdict} (snake_case, the amount as a
 * decimal string, ISO-8601 instants), which {@code VerdictJsonTest} checks field for field, at a fraction of the
 * cost; every payment's verdict is written once, and data binding was a sixth of the pipeline thread's samples.
 * A field added to Verdict must be added here: that test fails until it is.
 */
public final class VerdictJson {

    private final JsonFactory factory;

    public VerdictJson(JsonFactory factory) {
        this.factory = factory;
    }

    public String write(Verdict v) {
        // Buffers come from the factory's pool and go back to it, as ObjectMapper.writeValueAsString does: a fresh
        // recycler per verdict would allocate new buffers for every payment.
        BufferRecycler recycler = factory._getBufferRecycler();
        try (SegmentedStringWriter out = new SegmentedStringWriter(recycler)) {
            JsonGenerator g = factory.createGenerator(out);
            g.writeStartObject();
            g.writeStringField("transaction_id", v.transactionId());
            g.writeStringField("account_id", v.accountId());
            g.writeStringField("merchant_id", v.merchantId());
            g.writeStringField("amount", v.amount() == null ? null : v.amount().toString());
            g.writeStringField("currency", v.currency());
            g.writeNumberField("score", v.score());
            g.writeStringField("decision", v.decision() == null ? null : v.decision().name());
            strings(g, "rules", v.rules());
            strings(g, "reasons", v.reasons());
            g.writeNumberField("model_score", v.modelScore());
            g.writeStringField("model_version", v.modelVersion());
            g.writeNumberField("rule_set_version", v.ruleSetVersion());
            instant(g, "event_time", v.eventTime());
            instant(g, "committed_at", v.committedAt());
            instant(g, "decided_at", v.decidedAt());
            if (v.challenger() != null) {
                g.writeObjectFieldStart("challenger");
                g.writeStringField("model_version", v.challenger().modelVersion());
                g.writeNumberField("model_score", v.challenger().modelScore());
                g.writeStringField("decision", v.challenger().decision().name());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.close();
            return out.getAndClear();
        } catch (IOException e) {
            throw new UncheckedIOException("Writing a verdict to memory cannot fail", e);
        } finally {
            recycler.releaseToPool();
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        if (values == null) {
            g.writeNullField(field);
            return;
        }
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private static void instant(JsonGenerator g, String field, Instant value) throws IOException {
        g.writeStringField(field, value == null ? null : IsoInstants.toString(value));
    }
}
