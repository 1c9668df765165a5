package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.features.DetectorState;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The live detector's state and the events in flight against it. The pipeline, the checkpoint writer and the
 * partition assignment callbacks run on three different threads; they take turns on the state by synchronising on
 * it (uncontended nearly always: the other two act every few seconds or on a rebalance).
 */
@ApplicationScoped
public class LiveState {

    private final DetectorState state = DetectorState.checkpointed();
    private final InFlightEvents inFlight = new InFlightEvents();

    public LiveState(DetectorConfig config) {
        state.budget(config.state().maxAccounts());
    }

    public DetectorState state() {
        return state;
    }

    public InFlightEvents inFlight() {
        return inFlight;
    }
}
