package dev.frauddetection.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the transaction API. */
@ConfigMapping(prefix = "fraud.ingest")
public interface IngestConfig {

    /** Most transactions accepted in one batch request; a larger batch is refused whole with 413. */
    @WithDefault("1000")
    int batchMaxSize();
}
