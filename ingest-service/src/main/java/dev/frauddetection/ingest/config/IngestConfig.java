package dev.frauddetection.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Limits of the transaction API. */
@ConfigMapping(prefix = "fraud.ingest")
public interface IngestConfig {

    /** Most transactions accepted in one batch request; a larger batch is refused whole with 413. */
    @WithDefault("1000")
    int batchMaxSize();

    /**
     * How long an Idempotency-Key is remembered: a retry within this time gets the stored answer; afterwards the key
     * is free again and its row (with the whole answer) is deleted, so the table does not grow for ever.
     */
    @WithDefault("24h")
    Duration idempotencyKeyTtl();
}
