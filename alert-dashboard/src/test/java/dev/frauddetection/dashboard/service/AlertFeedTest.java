package dev.frauddetection.dashboard.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frauddetection.dashboard.model.Alert;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlertFeedTest {

    private static final int CAPACITY = 20;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertFeed feed = new AlertFeed(registry, CAPACITY, new ObjectMapper().registerModule(new JavaTimeModule()));

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
        List<AlertFeed.Sequenced> live = new ArrayList<>();
        feed.subscribe(null, live::add);

        feed.add(alert("tx-1"));
        feed.add(alert("tx-1"));

        assertThat(feed.latest(10)).hasSize(1);
        assertThat(live).hasSize(1);
        assertThat(registry.counter("fraud.dashboard.alerts.duplicates").count()).isEqualTo(1);
    }

    @Test
    void keepsOnlyTheMostRecentAlertsWithinCapacity() {
        for (int i = 0; i < CAPACITY + 5; i++) {
            feed.add(alert("tx-" + i));
        }

        List<Alert> latest = feed.latest(CAPACITY + 5);
        assertThat(latest).hasSize(CAPACITY);
        assertThat(latest.getFirst().transactionId()).isEqualTo("tx-" + (CAPACITY + 4));
        assertThat(latest.getLast().transactionId()).isEqualTo("tx-5");
        // A transaction that fell out of the window may be shown again (it is no longer on the page either).
        feed.add(alert("tx-0"));
        assertThat(feed.latest(1).getFirst().transactionId()).isEqualTo("tx-0");
    }

    @Test
    void eventIdsRiseAndASubscriberResumesExactlyAfterTheLastIdItSaw() {
        for (int i = 0; i < 5; i++) {
            feed.add(alert("tx-" + i));
        }
        List<AlertFeed.Sequenced> all = feed.latestSequenced(5).reversed();
        assertThat(all).extracting(AlertFeed.Sequenced::id).isSorted().doesNotHaveDuplicates();

        List<AlertFeed.Sequenced> resumed = new ArrayList<>();
        feed.subscribe(all.get(2).id(), resumed::add);
        feed.add(alert("tx-5"));

        assertThat(resumed).extracting(s -> s.alert().transactionId()).containsExactly("tx-3", "tx-4", "tx-5");
        assertThat(resumed.getFirst().json()).contains("\"transaction_id\":\"tx-3\"");
    }

    @Test
    void aNewSubscriberWithoutLastEventIdGetsOnlyWhatHappensNext() {
        feed.add(alert("tx-old"));
        List<AlertFeed.Sequenced> live = new ArrayList<>();
        feed.subscribe(null, live::add);
        feed.add(alert("tx-new"));

        assertThat(live).extracting(s -> s.alert().transactionId()).containsExactly("tx-new");
    }

    @Test
    void unsubscribedClientsGetNothingMore() {
        List<AlertFeed.Sequenced> live = new ArrayList<>();
        Runnable unsubscribe = feed.subscribe(null, live::add);
        feed.add(alert("tx-1"));
        unsubscribe.run();
        feed.add(alert("tx-2"));

        assertThat(live).extracting(s -> s.alert().transactionId()).containsExactly("tx-1");
    }

    private static Alert alert(String transactionId) {
        return new Alert(transactionId, "acc-1", "m-1", "9000.00", "EUR", 0.8, "ALERT",
                List.of("high-amount: amount 9000.00 EUR is at or above the 5000 EUR limit"),
                Instant.parse("2026-11-22T10:00:00Z"), Instant.parse("2026-11-22T10:00:00.200Z"));
    }
}
