package dev.frauddetection.detector.checkpoint;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.state.StateBudget;
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
        long heap = Runtime.getRuntime().maxMemory();
        int merchants = config.state().maxMerchants().orElse(StateBudget.DEFAULT_MERCHANTS);
        int accounts = config.state().maxAccounts().orElseGet(() -> StateBudget.accountsFor(heap, merchants));
        state.budget(accounts);
        state.merchantBudget(merchants);
        LOG.infof("Holding at most %,d accounts (%s) and %,d merchants", accounts,
                config.state().maxAccounts().isPresent() ? "fraud.detector.state.max-accounts"
                        : "derived from the " + (heap >> 20) + " MB heap", merchants);
    }

    public DetectorState state() {
        return state;
    }

    public InFlightEvents inFlight() {
        return inFlight;
    }
}
