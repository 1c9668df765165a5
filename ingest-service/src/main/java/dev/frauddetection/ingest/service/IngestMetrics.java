package dev.frauddetection.ingest.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/** Accepted and rejected requests (by reason) and how long writes to PostgreSQL take. */
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Timer writeLatency;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.writeLatency = Timer.builder("fraud.ingest.write.latency")
                .description("Time to write a request's rows to PostgreSQL, commit included")
                .publishPercentileHistogram()
                .register(registry);
    }

    public void accepted(String operation, int transactions) {
        Counter.builder("fraud.ingest.requests").description("Requests by outcome")
                .tag("outcome", "accepted").tag("reason", operation).register(registry).increment();
        Counter.builder("fraud.ingest.transactions.written").description("Transactions written through the API")
                .register(registry).increment(transactions);
    }

    public void rejected(String reason) {
        Counter.builder("fraud.ingest.requests").description("Requests by outcome")
                .tag("outcome", "rejected").tag("reason", reason).register(registry).increment();
    }

    public void written(Duration took) {
        writeLatency.record(took);
    }
}
