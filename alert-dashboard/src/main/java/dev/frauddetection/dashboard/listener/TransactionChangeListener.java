package dev.frauddetection.dashboard.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.aggregates.LiveAggregates;
import dev.frauddetection.dashboard.model.CardNumbers;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

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

    @Incoming("transaction-changes")
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
