package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.detector.features.FeatureExtractor;
import dev.frauddetection.detector.rules.ReasonFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fraud model as saved by the {@code train} command, of one of two kinds, plus how it scored on held-out data when
 * it was trained:
 * <ul>
 *   <li>{@value #BOOSTED_TREES} (shipped): a sum of depth-limited trees over the raw feature values ({@link
 *       TreeEnsemble}); a feature's share of the score is what the splits on it added along the payment's path
 *       through each tree (Saabas' attribution), so the explanation comes from the same walk as the score;</li>
 *   <li>{@value #LOGISTIC_REGRESSION}: standardisation (mean and scale per feature), weights and bias; a feature's
 *       share is weight x standardised value.</li>
 * </ul>
 * Both evaluate in plain Java over arrays, nothing a native image could trip on. Scores are probabilities of fraud;
 * shares are in log-odds.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FraudModel(String version, String kind, List<String> features, double[] means, double[] scales,
                         double[] weights, double bias, TreeEnsemble trees, String trainedAt,
                         Map<String, Double> evaluation) {

    public static final String LOGISTIC_REGRESSION = "logistic-regression";
    public static final String BOOSTED_TREES = "gradient-boosted-trees";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Trees of one depth laid out one after the other in flat arrays, each as a complete binary tree of
     * 2^(depth+1) - 1 nodes (node k's children are 2k+1 and 2k+2): every node above the bottom level splits (a leaf
     * that training stopped early is carried down to the bottom by splits that always go left), and the bottom level
     * holds the leaves (feature -1). {@code feature} is the feature a node splits on; a payment goes left when its
     * value is at most {@code threshold}; {@code value} is what the node would add to the log-odds as a leaf (the
     * learning rate already applied), kept for inner nodes too for the explanation. {@code baseScore} is the
     * log-odds before any tree.
     *
     * <p>When every level of every tree splits all its nodes on one feature and threshold (oblivious trees, which is
     * what {@code train} grew until it moved to XGBoost), the ensemble scores through an {@link ObliviousScorer} instead of
     * walking the trees: the same leaves, in about a third of the time.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public static final class TreeEnsemble {

        /** Deepest trees a model file may hold (walked beyond {@link ObliviousScorer#MAX_DEPTH}). */
        static final int MAX_DEPTH = 16;

        private final double baseScore;
        private final double learningRate;
        private final int depth;
        private final int[] feature;
        private final double[] threshold;
        private final double[] value;
        /** Null unless the trees are oblivious (see the class comment). */
        private final ObliviousScorer oblivious;

        @JsonCreator
        public TreeEnsemble(@JsonProperty("base_score") double baseScore,
                            @JsonProperty("learning_rate") double learningRate, @JsonProperty("depth") int depth,
                            @JsonProperty("feature") int[] feature, @JsonProperty("threshold") double[] threshold,
                            @JsonProperty("value") double[] value) {
            // -0.0 and 0.0 are the same threshold, but not to the sign test of the walk: make every one 0.0.
            if (threshold != null) {
                for (int i = 0; i < threshold.length; i++) {
                    threshold[i] += 0.0;
                }
            }
            this.baseScore = baseScore;
            this.learningRate = learningRate;
            this.depth = depth;
            this.feature = feature;
            this.threshold = threshold;
            this.value = value;
            oblivious = wholeTrees() ? ObliviousScorer.of(baseScore, depth, feature, threshold, value) : null;
        }

        @JsonProperty("base_score")
        public double baseScore() {
            return baseScore;
        }

        @JsonProperty("learning_rate")
        public double learningRate() {
            return learningRate;
        }

        @JsonProperty("depth")
        public int depth() {
            return depth;
        }

        @JsonProperty("feature")
        public int[] feature() {
            return feature;
        }

        @JsonProperty("threshold")
        public double[] threshold() {
            return threshold;
        }

        @JsonProperty("value")
        public double[] value() {
            return value;
        }

        /** True if scoring takes the oblivious trees' path (see the class comment). */
        boolean scoresAsOblivious() {
            return oblivious != null;
        }

        int nodesPerTree() {
            return (1 << (depth + 1)) - 1;
        }

        int count() {
            return feature.length / nodesPerTree();
        }

        /** The arrays are there, as long as each other, and make whole trees ({@link FraudModel#checked} says why not). */
        private boolean wholeTrees() {
            return depth >= 1 && depth <= MAX_DEPTH && feature != null && threshold != null && value != null
                    && feature.length > 0 && feature.length % nodesPerTree() == 0
                    && threshold.length == feature.length && value.length == feature.length;
        }

        /** The log-odds of fraud. */
        double logit(double[] x) {
            return oblivious != null ? oblivious.logit(x) : walkedLogit(x);
        }

        /**
         * Any trees: exactly {@code depth} steps down each tree. Which way a payment goes at a node is as good as
         * random to the CPU, so the step is computed rather than branched on (with a branch, most of the hundreds of
         * steps per payment were mispredicted), and with no early exit the walks of consecutive trees do not depend
         * on each other and overlap in the CPU.
         */
        double walkedLogit(double[] x) {
            double logit = baseScore;
            int nodes = nodesPerTree();
            int offset = 0;
            // Four trees at a time: four independent walks the CPU runs side by side.
            for (int end = feature.length - 3 * nodes; offset < end; offset += 4 * nodes) {
                int a = offset;
                int b = offset + nodes;
                int c = offset + 2 * nodes;
                int d = offset + 3 * nodes;
                int na = 0;
                int nb = 0;
                int nc = 0;
                int nd = 0;
                for (int level = 0; level < depth; level++) {
                    na = 2 * na + 1 + right(threshold[a + na], x[feature[a + na]]);
                    nb = 2 * nb + 1 + right(threshold[b + nb], x[feature[b + nb]]);
                    nc = 2 * nc + 1 + right(threshold[c + nc], x[feature[c + nc]]);
                    nd = 2 * nd + 1 + right(threshold[d + nd], x[feature[d + nd]]);
                }
                logit += value[a + na] + value[b + nb] + value[c + nc] + value[d + nd];
            }
            for (; offset < feature.length; offset += nodes) {
                int node = 0;
                for (int level = 0; level < depth; level++) {
                    node = 2 * node + 1 + right(threshold[offset + node], x[feature[offset + node]]);
                }
                logit += value[offset + node];
            }
            return logit;
        }

        /** Each feature's share of the log-odds: the value changes along every tree's path, credited to the split. */
        double[] contributions(double[] x) {
            double[] shares = new double[x.length];
            int nodes = nodesPerTree();
            for (int offset = 0; offset < feature.length; offset += nodes) {
                int node = 0;
                for (int level = 0; level < depth; level++) {
                    int f = feature[offset + node];
                    int child = 2 * node + 1 + right(threshold[offset + node], x[f]);
                    shares[f] += value[offset + child] - value[offset + node];
                    node = child;
                }
            }
            return shares;
        }

        /**
         * 1 when {@code value > threshold}, else 0, without a branch: {@code threshold - value} is negative exactly
         * then (both finite, and no threshold is -0.0), so its sign bit is the step.
         */
        private static int right(double threshold, double value) {
            return (int) (Double.doubleToRawLongBits(threshold - value) >>> 63);
        }
    }

    /** A boosted-trees model over the detector's features, not yet evaluated. */
    public static FraudModel boostedTrees(String version, TreeEnsemble trees) {
        return new FraudModel(version, BOOSTED_TREES, FeatureExtractor.NAMES, null, null, null, 0, trees,
                Instant.now().toString(), new LinkedHashMap<>());
    }

    /** The same model carrying its evaluation on held-out data. */
    public FraudModel withEvaluation(Map<String, Double> figures) {
        return new FraudModel(version, kind, features, means, scales, weights, bias, trees, trainedAt, figures);
    }

    /** The probability of fraud, in [0, 1]. */
    public double score(double[] x) {
        double logit;
        if (trees != null) {
            logit = trees.logit(x);
        } else {
            logit = bias;
            for (int i = 0; i < weights.length; i++) {
                logit += weights[i] * (x[i] - means[i]) / scales[i];
            }
        }
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * The features that pushed the score up most (by more than 0.05 in log-odds), strongest first and, on a tie, in
     * feature order, as "name=value (+contribution)", a yes-or-no feature as "name=yes" or "name=no" (a tree often
     * raises the score for what a payment is not: "channel_card_present=no"). Every alert carries them, so this is a
     * plain top-k pass over the features rather than a sorted stream of boxed indices.
     */
    public List<String> topContributions(double[] x, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        double[] shares = trees != null ? trees.contributions(x) : null;
        int[] top = new int[limit];
        double[] topContribution = new double[top.length];
        int found = 0;
        for (int i = 0; i < features.size(); i++) {
            double contribution = shares != null ? shares[i] : weights[i] * (x[i] - means[i]) / scales[i];
            if (!(contribution > 0.05) || (found == top.length && contribution <= topContribution[found - 1])) {
                continue;
            }
            int at = Math.min(found, top.length - 1);
            while (at > 0 && topContribution[at - 1] < contribution) {
                top[at] = top[at - 1];
                topContribution[at] = topContribution[at - 1];
                at--;
            }
            top[at] = i;
            topContribution[at] = contribution;
            found = Math.min(found + 1, top.length);
        }
        List<String> named = new ArrayList<>(found);
        for (int k = 0; k < found; k++) {
            String name = features.get(top[k]);
            StringBuilder text = new StringBuilder(48).append(name).append('=');
            if (FeatureExtractor.INDICATORS.contains(name) && (x[top[k]] == 0 || x[top[k]] == 1)) {
                text.append(x[top[k]] == 1 ? "yes" : "no");
            } else {
                ReasonFormat.appendFixed(text, x[top[k]], 2);
            }
            text.append(" (+");
            named.add(ReasonFormat.appendFixed(text, topContribution[k], 2).append(')').toString());
        }
        return List.copyOf(named);
    }

    /**
     * Refuses a model this detector cannot evaluate: made for other features than it computes (it would score garbage
     * silently), of an unknown kind, or with arrays that do not fit together.
     */
    public FraudModel checked() {
        if (!FeatureExtractor.NAMES.equals(features)) {
            throw new IllegalArgumentException("Model " + version + " was trained on features " + features
                    + " but this detector computes " + FeatureExtractor.NAMES + "; retrain it with the train command");
        }
        int n = features.size();
        if (BOOSTED_TREES.equals(kind)) {
            checkTrees(n);
        } else if (LOGISTIC_REGRESSION.equals(kind)) {
            if (means == null || scales == null || weights == null
                    || means.length != n || scales.length != n || weights.length != n) {
                throw new IllegalArgumentException("Model " + version + " has " + n
                        + " features but no means, scales and weights of that length");
            }
        } else {
            throw new IllegalArgumentException("Model " + version + " is of kind '" + kind
                    + "'; this detector evaluates " + BOOSTED_TREES + " and " + LOGISTIC_REGRESSION);
        }
        return this;
    }

    private void checkTrees(int featureCount) {
        if (trees == null || trees.depth() < 1 || trees.depth() > TreeEnsemble.MAX_DEPTH || trees.feature() == null
                || trees.threshold() == null || trees.value() == null) {
            throw new IllegalArgumentException("Model " + version + " of kind " + BOOSTED_TREES
                    + " needs trees with a depth from 1 to " + TreeEnsemble.MAX_DEPTH
                    + ", features, thresholds and values");
        }
        int nodes = trees.nodesPerTree();
        int length = trees.feature().length;
        if (length == 0 || length % nodes != 0 || trees.threshold().length != length
                || trees.value().length != length) {
            throw new IllegalArgumentException("Model " + version + ": tree arrays of " + length + ", "
                    + trees.threshold().length + " and " + trees.value().length + " nodes do not make whole trees of "
                    + nodes + " nodes");
        }
        int bottom = nodes / 2;
        for (int offset = 0; offset < length; offset += nodes) {
            for (int node = 0; node < nodes; node++) {
                int f = trees.feature()[offset + node];
                // Every walk takes exactly depth steps: the levels above the bottom split on a real feature, the
                // bottom level holds the leaves.
                boolean fits = node < bottom ? f >= 0 && f < featureCount : f == -1;
                if (!fits || !Double.isFinite(trees.threshold()[offset + node])
                        || !Double.isFinite(trees.value()[offset + node])) {
                    throw new IllegalArgumentException("Model " + version + ": tree " + offset / nodes + " node " + node
                            + (node < bottom ? " (a split)" : " (a leaf)") + " has feature " + f + ", threshold "
                            + trees.threshold()[offset + node] + " and value " + trees.value()[offset + node]
                            + ", which cannot be evaluated");
                }
            }
        }
    }

    public static FraudModel read(InputStream in) {
        try {
            return JSON.readValue(in, FraudModel.class).checked();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model", e);
        }
    }

    public static FraudModel read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model " + file, e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fraud model " + file, e);
        }
    }
}
