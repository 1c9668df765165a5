package dev.frauddetection.dashboard.listener;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.dashboard.model.Alert;
import dev.frauddetection.dashboard.service.AlertFeed;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Feeds alerts from the fraud-alerts topic into the dashboard. */
@ApplicationScoped
public class AlertListener {

    private static final Logger LOG = Logger.getLogger(AlertListener.class);

    private final AlertFeed feed;
    private final ObjectMapper json;

    public AlertListener(AlertFeed feed, ObjectMapper json) {
        this.feed = feed;
        this.json = json;
    }

    /** On the consumer's event loop: the feed only enqueues, never waits. */
    @Incoming("fraud-alerts")
    @NonBlocking
    public void onAlert(String value) {
        try {
            Alert alert = json.readValue(value, Alert.class);
            if (alert.transactionId() == null) {
                LOG.warnf("Ignoring an alert without transaction_id: %s", value);
                return;
            }
            feed.add(alert.scrubbed());
        } catch (JsonProcessingException e) {
            LOG.warnf("Ignoring an unreadable alert (%s): %s", e.getOriginalMessage(), value);
        }
    }
}
