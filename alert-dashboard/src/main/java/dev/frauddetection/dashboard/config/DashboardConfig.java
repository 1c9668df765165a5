package dev.frauddetection.dashboard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the dashboard under {@code fraud.dashboard}; every one has a default that suits the local stack. */
@ConfigMapping(prefix = "fraud.dashboard")
public interface DashboardConfig {

    /** Server-Sent Events. */
    Sse sse();

    /** The live aggregates pushed to the page. */
    Aggregates aggregates();

    /** Pipeline health: Kafka Connect and the detector's consumer lag. */
    Pipeline pipeline();

    /** Alert history and CSV export. */
    History history();

    /** Who may log in. */
    Security security();

    /**
     * The file holding the dashboard's token for ingest-service (role feedback: chargebacks). Read again whenever it
     * changes, so a rotated token (a new Secret version on Kubernetes) is used without a restart. The local stack
     * writes one at every start.
     */
    String ingestTokenFile();

    interface Security {
        /**
         * The users file: {@code <name>.password=pbkdf2-sha256:...} and {@code <name>.roles=viewer|analyst}; a
         * filesystem path, else a classpath resource. No default: without users nobody could log in, so start-up
         * fails and says so. The local stack writes one with the documented dev users.
         */
        String usersFile();

        /** Wrong passwords for one user from one address before further attempts wait (four times that per address). */
        @WithDefault("5")
        int maxLoginFailures();

        /** How long the failures are remembered, and how long a throttled address waits after its last one. */
        @WithDefault("15m")
        Duration loginFailureWindow();
    }

    interface Sse {
        /**
         * Open live streams in all, and per user: each holds a connection, a buffer and a share of every snapshot, so
         * beyond these a new stream is refused with 503 and Retry-After instead of slowing everyone down.
         */
        @WithDefault("200")
        int maxClients();

        @WithDefault("5")
        int maxClientsPerUser();

        /**
         * How often a comment line is written to an idle stream. Proxies and load balancers close connections that
         * stay silent for about 30 to 60 s; 15 s keeps well inside that.
         */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * Alerts queued for one client that has not taken them yet. When full, the oldest queued alert is dropped
         * (and counted): a slow client loses alerts from its own stream instead of holding memory or the pipeline.
         */
        @WithDefault("256")
        int clientBuffer();

        /** How many recent alerts are kept (with their event ids) so a reconnecting client can resume. */
        @WithDefault("500")
        int replay();
    }

    interface Aggregates {
        /**
         * How often the server sends the aggregate snapshot to every client. The browser is never sent individual
         * transactions: at 10,000 transactions/s it gets one snapshot a second, whatever the rate.
         */
        @WithDefault("1s")
        Duration snapshotInterval();

        /** Sliding window for the per-bank and per-merchant counts and sums, the risky lists and latency. */
        @WithDefault("5m")
        Duration window();

        /** Short sliding window shown beside the long one (the last minute, say). */
        @WithDefault("1m")
        Duration shortWindow();

        /** How many seconds of transactions-per-second history the page's chart shows. */
        @WithDefault("120")
        int rateHistorySeconds();

        /** Rows in the top risky accounts and merchants and in the per-merchant table. */
        @WithDefault("10")
        int topN();

        /** Banks shown by name; the rest add up under "(other)", so a snapshot stays small whatever the bank ids. */
        @WithDefault("20")
        int topBanks();

        /**
         * Banks, merchants, accounts tracked per window at most; beyond it new ones count under "(other)" until
         * others fall out of the window. Bounds memory against a writer inventing ids.
         */
        @WithDefault("10000")
        int maxKeys();

        /** How often precision and recall against the simulator's labels are recomputed in PostgreSQL. */
        @WithDefault("10s")
        Duration qualityInterval();

        /** Transactions (by event time) that precision and recall look at: from this long ago ... */
        @WithDefault("30m")
        Duration qualityWindow();

        /** ... until this long ago, so that payments still in flight through the pipeline are not counted as missed. */
        @WithDefault("30s")
        Duration qualitySettle();
    }

    interface Pipeline {
        /** Kafka Connect's REST API, where the connectors' states are read. */
        @WithDefault("http://127.0.0.1:8083")
        String connectUrl();

        /** The detector's consumer group, whose lag on its input topic is shown. */
        @WithDefault("fraud-detector")
        String detectorGroup();

        /** How often connector states and consumer lag are read. */
        @WithDefault("5s")
        Duration pollInterval();

        /** How long one read of Kafka Connect or Kafka may take before it counts as unavailable. */
        @WithDefault("3s")
        Duration timeout();
    }

    interface History {
        /** Largest page of the alert history API. */
        @WithDefault("500")
        int maxPageSize();

        /** Most rows one CSV export returns; narrower filters get the rest. */
        @WithDefault("10000")
        int maxExportRows();
    }
}
