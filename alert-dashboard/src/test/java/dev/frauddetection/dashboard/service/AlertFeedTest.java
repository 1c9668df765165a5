package dev.frauddetection.dashboard.service;

import dev.frauddetection.dashboard.model.Alert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertFeedTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertFeed feed = new AlertFeed(registry);

    @Test
    void listsTheLatestAlertsNewestFirst() {
        feed.add(alert("tx-1"));
        feed.add(alert("tx-2"));
        feed.add(alert("tx-3"));

        assertThat(feed.latest(2)).extracting(Alert::transactionId).containsExactly("tx-3", "tx-2");
        assertThat(feed.latest(10)).hasSize(3);
    }

    @Test
    void ignoresARedeliveredAlertForTheSameTransaction() {
        AssertSubscriber<Alert> client = feed.live().subscribe().withSubscriber(AssertSubscriber.create(10));

        feed.add(alert("tx-1"));
        feed.add(alert("tx-1"));

        assertThat(feed.latest(10)).hasSize(1);
        assertThat(client.getItems()).hasSize(1);
        assertThat(registry.counter("fraud.dashboard.alerts.duplicates").count()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheMostRecentAlertsWithinCapacity() {
        for (int i = 0; i < AlertFeed.CAPACITY + 20; i++) {
            feed.add(alert("tx-" + i));
        }

        List<Alert> latest = feed.latest(AlertFeed.CAPACITY);
        assertThat(latest).hasSize(AlertFeed.CAPACITY);
        assertThat(latest.getFirst().transactionId()).isEqualTo("tx-" + (AlertFeed.CAPACITY + 19));
        assertThat(latest.getLast().transactionId()).isEqualTo("tx-20");
    }

    @Test
    void aClientThatRequestsNothingLosesAlertsWithoutHoldingBackOthers() {
        AssertSubscriber<Alert> slow = feed.live().subscribe().withSubscriber(AssertSubscriber.create(1));
        AssertSubscriber<Alert> fast = feed.live().subscribe().withSubscriber(AssertSubscriber.create(100));

        for (int i = 0; i < 5; i++) {
            feed.add(alert("tx-" + i));
        }

        assertThat(fast.getItems()).hasSize(5);
        assertThat(slow.getItems()).hasSize(1);
        assertThat(registry.counter("fraud.dashboard.sse.dropped").count()).isEqualTo(4);
    }

    private static Alert alert(String transactionId) {
        return new Alert(transactionId, "acc-1", "m-1", "9000.00", "EUR", 0.8, "ALERT",
                List.of("high-amount: amount 9000.00 EUR is at or above the 5000 EUR limit"),
                Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:00.200Z"));
    }
}
