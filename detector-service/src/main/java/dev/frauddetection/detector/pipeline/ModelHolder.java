package dev.frauddetection.detector.pipeline;

import dev.frauddetection.detector.config.DetectorConfig;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.FraudModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The fraud model in use: a configured file, or the one shipped with the detector. A broken model stops start-up. */
@ApplicationScoped
public class ModelHolder {

    private static final Logger LOG = Logger.getLogger(ModelHolder.class);

    private final FraudModel model;

    public ModelHolder(DetectorConfig config) {
        this.model = config.modelPath().map(FraudModel::read).orElseGet(DefaultScoring::model);
        LOG.infof("Fraud model %s (%s), held-out AUC ROC %.3f", model.version(), model.kind(),
                model.evaluation().getOrDefault("auc_roc", Double.NaN));
    }

    public FraudModel model() {
        return model;
    }
}
