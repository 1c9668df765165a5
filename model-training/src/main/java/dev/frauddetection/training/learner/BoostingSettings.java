package dev.frauddetection.training.learner;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The XGBoost settings one candidate is fitted with. {@code minLeafRows} is the least a leaf may hold, in rows at the
 * training fraud rate: XGBoost's {@code min_child_weight} is a sum of hessians, p(1 - p) per row, so at a fraud rate
 * of 0.5 % a fixed weight of 1 asks for about 200 rows, which kept the trees from setting apart the 150 payments over
 * 220 EUR that make one fraud scenario of the handbook's simulator (average precision 0.05 on them). In rows it means
 * the same at any fraud rate, and still keeps a leaf from being carved around a few noisy labels. Row and column
 * subsampling decorrelate the trees.
 */
public record BoostingSettings(int depth, double learningRate, double minLeafRows, double rowSample,
                               double columnSample) {

    /** The deepest tree the detector's model file takes here: complete trees of depth 6 are 127 nodes each. */
    public static final int MAX_DEPTH = 6;

    public BoostingSettings {
        if (depth < 1 || depth > MAX_DEPTH || !(learningRate > 0 && learningRate <= 1) || !(minLeafRows >= 0)
                || !(rowSample > 0 && rowSample <= 1) || !(columnSample > 0 && columnSample <= 1)) {
            throw new IllegalArgumentException("Boosting needs a depth from 1 to " + MAX_DEPTH
                    + ", a learning rate in (0, 1], a minimum of at least 0 rows per leaf and sample shares in (0, 1]");
        }
    }

    /**
     * What model selection tries, on the validation split. Small on purpose: each candidate is a full boosting run
     * with early stopping, and two cores have to fit them all within a couple of minutes.
     */
    public static java.util.List<BoostingSettings> grid() {
        return java.util.List.of(
                new BoostingSettings(4, 0.1, 10, 0.8, 0.8),
                new BoostingSettings(6, 0.1, 10, 0.8, 0.8),
                new BoostingSettings(6, 0.1, 50, 0.8, 0.8),
                new BoostingSettings(6, 0.05, 20, 0.8, 0.8));
    }

    Map<String, Object> xgboostParameters(double prior, long seed) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "binary:logistic");
        p.put("tree_method", "hist");
        p.put("eval_metric", "aucpr");
        p.put("max_depth", depth);
        p.put("eta", learningRate);
        p.put("min_child_weight", minLeafRows * prior * (1 - prior));
        p.put("subsample", rowSample);
        p.put("colsample_bytree", columnSample);
        p.put("lambda", 1.0);
        // The prior as the starting probability, so that the trees' sum is the log-odds shift from it and the score
        // stays a probability at the real fraud rate (the rule set's thresholds are written against probabilities).
        p.put("base_score", prior);
        p.put("seed", seed);
        p.put("nthread", Math.max(1, Runtime.getRuntime().availableProcessors()));
        p.put("verbosity", 0);
        // XGBoost4J prints every round's validation figure to stdout unless told not to.
        p.put("verbose_eval", "false");
        return p;
    }

    @Override
    public String toString() {
        return "depth " + depth + ", learning rate " + learningRate + ", at least " + minLeafRows + " rows per leaf"
                + ", row sample " + rowSample + ", column sample " + columnSample;
    }
}
