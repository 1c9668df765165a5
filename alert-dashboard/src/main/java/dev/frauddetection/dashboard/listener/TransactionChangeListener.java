package dev.frauddetection.dashboard.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.aggregates.LiveAggregates;
import dev.frauddetection.dashboard.model.CardNumbers;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * The payments themselves, as Debezium captures them (payments.public.transactions): the flow rate and the per-bank
 * and per-merchant totals. Verdicts do not carry the bank or the merchant's name; the change events do. Only new
 * payments count (inserts and snapshot reads); updates and deletes are not new money. Merchant names come from any
 * writer, so a card number in one is cut to its last 4 digits before it is kept.
 */
@ApplicationScoped
public class TransactionChangeListener {

    private static final Logger LOG = Logger.getLogger(TransactionChangeListener.class);

    private final LiveAggregates aggregates;
    private final ObjectMapper json;

    public TransactionChangeListener(LiveAggregates aggregates, ObjectMapper json) {
        this.aggregates = aggregates;
        this.json = json;
    }

    /**
     * One call per Kafka poll, on the consumer's event loop: the aggregates only take locks for a moment, and handing
     * each of 10,000 messages a second to a worker thread cost more than parsing them.
     */
    @Incoming("transaction-changes")
    @NonBlocking
    public void onChanges(List<String> values) {
        values.forEach(this::onChange);
    }

    public void onChange(String value) {
        if (value == null) {
            return;
        }
        try {
            JsonNode event = json.readTree(value);
            String op = event.path("op").asText();
            JsonNode after = event.path("after");
            if (!("c".equals(op) || "r".equals(op)) || !after.isObject()) {
                return;
            }
            String merchantName = after.path("merchant_name").isTextual()
                    ? CardNumbers.scrub(after.path("merchant_name").asText()) : null;
            aggregates.transaction(after.path("bank_id").asText("unknown"), after.path("merchant_id").asText("unknown"),
                    merchantName, after.path("amount").asText(null), after.path("currency").asText(null));
        } catch (Exception e) {
            LOG.debugf("Ignoring an unreadable change event (%s)", e.getMessage());
        }
    }
}
