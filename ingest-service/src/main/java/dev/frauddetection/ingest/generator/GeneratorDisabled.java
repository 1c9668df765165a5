package dev.frauddetection.ingest.generator;

import dev.frauddetection.ingest.config.GeneratorConfig;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.inject.Singleton;

/** Skips generator ticks while fraud.generator.rate is 0. */
@Singleton
public class GeneratorDisabled implements Scheduled.SkipPredicate {

    private final GeneratorConfig config;

    public GeneratorDisabled(GeneratorConfig config) {
        this.config = config;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return config.rate() <= 0;
    }
}
