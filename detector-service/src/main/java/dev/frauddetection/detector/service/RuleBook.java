package dev.frauddetection.detector.service;

import dev.frauddetection.detector.rules.RuleSet;
import dev.frauddetection.detector.tools.DefaultScoring;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The active rule set. It starts as the one shipped with the detector and is replaced, without a restart, by any
 * newer version that arrives on the compacted fraud-rules topic: every detector instance reads the whole topic, so all
 * of them apply the same rule set. A record that is not a valid rule set is logged and counted, never applied, and
 * never stops the stream.
 */
@ApplicationScoped
public class RuleBook {

    private static final Logger LOG = Logger.getLogger(RuleBook.class);

    private final AtomicReference<RuleSet> active = new AtomicReference<>(DefaultScoring.rules());
    private final AtomicLong rejected = new AtomicLong();

    public RuleBook(MeterRegistry registry) {
        registry.gauge("fraud.detector.rule.set.version", active, a -> a.get().version());
        registry.gauge("fraud.detector.rule.sets.rejected", rejected);
    }

    public RuleSet active() {
        return active.get();
    }

    @Incoming("fraud-rules")
    public void onRuleSet(byte[] value) {
        if (value == null) {
            return;
        }
        try {
            apply(DefaultScoring.parseRules(value));
        } catch (IllegalArgumentException e) {
            rejected.incrementAndGet();
            LOG.errorf("Ignoring an invalid rule set on fraud-rules: %s (%s)", e.getMessage(),
                    new String(value, 0, Math.min(value.length, 200), StandardCharsets.UTF_8));
        }
    }

    /** Makes a rule set active if it is newer than the active one; returns whether it did. */
    public boolean apply(RuleSet candidate) {
        RuleSet previous = active.getAndUpdate(current -> candidate.version() > current.version() ? candidate : current);
        boolean applied = candidate.version() > previous.version();
        if (applied) {
            LOG.infof("Rule set %d is active (was %d): %s", candidate.version(), previous.version(), candidate.description());
        }
        return applied;
    }
}
