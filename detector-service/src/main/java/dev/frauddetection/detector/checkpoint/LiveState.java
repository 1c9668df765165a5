package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.features.DetectorState;
import dev.frauddetection.detector.features.StateBudget;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The live detector's state and the events in flight against it. The pipeline, the checkpoint writer and the
 * partition assignment callbacks run on three different threads; they take turns on the state by synchronising on
 * it (uncontended nearly always: the other two act every few seconds or on a rebalance).
 */
@ApplicationScoped
public class LiveState {

    private static final Logger LOG = Logger.getLogger(LiveState.class);

    private final DetectorState state = DetectorState.checkpointed();
    private final InFlightEvents inFlight = new InFlightEvents();

    public LiveState(DetectorConfig config) {
        int budget = config.state().maxAccounts().orElseGet(() -> StateBudget.forHeap(Runtime.getRuntime().maxMemory()));
        state.budget(budget);
        LOG.infof("Holding at most %,d accounts (%s)", budget, config.state().maxAccounts().isPresent()
                ? "fraud.detector.state.max-accounts" : "derived from the " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MB heap");
    }

    public DetectorState state() {
        return state;
    }

    public InFlightEvents inFlight() {
        return inFlight;
    }
}
