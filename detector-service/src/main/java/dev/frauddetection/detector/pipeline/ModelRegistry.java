package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.LiveModels;
import dev.frauddetection.detector.scoring.ModelAssignment;
import dev.frauddetection.detector.scoring.ModelRegistration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The models this instance judges with, as the registry says: every model version registered on the compacted
 * {@code fraud-models} topic, and the latest {@link ModelAssignment} of champion and challenger. Every instance reads
 * the whole topic, so all of them switch together, within moments of a change and without a restart. Until an
 * assignment is read, the champion is the configured model file or the one shipped in the detector (registered here
 * under its own version, so an assignment may name it to roll back to it).
 *
 * <p>An assignment that names a version this instance has not read yet waits for it (registrations are published
 * first, but a compacted topic may return them in any order); a record that is not a valid registration or
 * assignment is logged and counted, never applied, and never stops the registry.
 */
// Created before Reactive Messaging starts its channels (LIBRARY_BEFORE), so that the registry is read before the
// first payment is judged.
@Startup(Interceptor.Priority.PLATFORM_BEFORE)
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final Map<String, ModelRegistration> registered = new ConcurrentHashMap<>();
    private final AtomicReference<LiveModels> live;
    private final AtomicReference<ModelAssignment> assignment = new AtomicReference<>();
    private final AtomicLong rejected = new AtomicLong();
    private final ModelTopic topic;

    @Inject
    public ModelRegistry(DetectorConfig config, MeterRegistry meters, ModelTopic topic) {
        this(config.modelPath().map(FraudModel::read).orElseGet(DefaultScoring::model),
                config.modelPath().isPresent() ? "file " + config.modelPath().get() : "shipped", topic);
        meters.gauge("fraud.detector.models.rejected", rejected);
        meters.gauge("fraud.detector.models.registered", registered, Map::size);
        meters.gauge("fraud.detector.models.assignment.sequence", Tags.empty(), assignment,
                a -> a.get() == null ? 0 : a.get().sequence());
        topic.catchUp(this::onRecord);
        topic.follow(this::onRecord);
    }

    /** Without a topic: the base model alone, until records are handed to {@link #onRecord}. */
    ModelRegistry(FraudModel base, String source, ModelTopic topic) {
        this.topic = topic;
        registered.put(base.version(), new ModelRegistration(base, Instant.EPOCH, "detector", source, null));
        live = new AtomicReference<>(LiveModels.of(base));
        LOG.infof("Fraud model %s (%s, %s), held-out AUC ROC %.3f, until the registry names a champion",
                base.version(), base.kind(), source, base.evaluation().getOrDefault("auc_roc", Double.NaN));
    }

    /** What judges now; read once per payment. */
    public LiveModels live() {
        return live.get();
    }

    /** Records of the registry that were not valid and were ignored. */
    long rejected() {
        return rejected.get();
    }

    public Optional<ModelAssignment> assignment() {
        return Optional.ofNullable(assignment.get());
    }

    public Optional<ModelRegistration> find(String version) {
        return Optional.ofNullable(registered.get(version));
    }

    /** Every version read, newest registration first. */
    public List<ModelRegistration> registered() {
        List<ModelRegistration> all = new ArrayList<>(registered.values());
        all.sort(Comparator.comparing(ModelRegistration::registeredAt).reversed()
                .thenComparing(ModelRegistration::version));
        return all;
    }

    /** A record of the fraud-models topic (a null value deletes nothing: versions are never withdrawn from a running detector). */
    public void onRecord(String key, byte[] value) {
        if (key == null || value == null) {
            return;
        }
        try {
            if (key.startsWith(ModelRegistration.KEY_PREFIX)) {
                ModelRegistration registration = ModelRegistration.parse(value);
                if (!key.equals(registration.key())) {
                    throw new IllegalArgumentException("key " + key + " does not name version " + registration.version());
                }
                registered.put(registration.version(), registration);
                LOG.infof("Model %s registered (%s, by %s)", registration.version(), registration.source(),
                        registration.registeredBy());
            } else if (key.equals(ModelAssignment.KEY)) {
                ModelAssignment next = ModelAssignment.parse(value);
                ModelAssignment previous = assignment.getAndUpdate(current ->
                        current == null || next.sequence() > current.sequence() ? next : current);
                if (previous != null && next.sequence() <= previous.sequence()) {
                    LOG.debugf("Model assignment %d ignored: %d is newer", next.sequence(), previous.sequence());
                    return;
                }
            } else {
                throw new IllegalArgumentException("unknown key " + key);
            }
            applyAssignment();
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            LOG.errorf("Ignoring the invalid record %s of the model registry: %s", key, e.getMessage());
        }
    }

    /** Makes the assignment live once every version it names has been read. */
    private void applyAssignment() {
        ModelAssignment current = assignment.get();
        if (current == null) {
            return;
        }
        ModelRegistration champion = registered.get(current.champion());
        ModelRegistration challenger = current.challenger() == null ? null : registered.get(current.challenger());
        if (champion == null || (current.challenger() != null && challenger == null)) {
            LOG.infof("Model assignment %d waits for %s to be read", current.sequence(),
                    champion == null ? current.champion() : current.challenger());
            return;
        }
        LiveModels next = new LiveModels(champion.model(), challenger == null ? null : challenger.model());
        LiveModels previous = live.getAndSet(next);
        if (!sameVersions(previous, next)) {
            LOG.infof("Models now live: champion %s, challenger %s (assignment %d by %s: %s)", current.champion(),
                    current.challenger() == null ? "none" : current.challenger(), current.sequence(),
                    current.changedBy(), current.reason());
        }
    }

    private static boolean sameVersions(LiveModels a, LiveModels b) {
        return a.champion().version().equals(b.champion().version())
                && (a.challenger() == null ? b.challenger() == null
                : b.challenger() != null && a.challenger().version().equals(b.challenger().version()));
    }

    /** Publishes a record to the registry and waits until Kafka has it; every instance (this one too) applies it. */
    public void publish(String key, byte[] value) {
        topic.publish(key, value);
    }

    @PreDestroy
    void stop() {
        if (topic != null) {
            topic.close();
        }
    }
}
