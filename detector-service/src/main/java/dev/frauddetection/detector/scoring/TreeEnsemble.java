package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

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
public final class TreeEnsemble {

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

    /** The arrays are there, as long as each other, and make whole trees ({@link BoostedTreesModel#checked} says why not). */
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

    /** Fails, naming the model, unless these are whole trees over {@code featureCount} features. */
    void check(String version, int featureCount) {
        if (depth < 1 || depth > MAX_DEPTH || feature == null || threshold == null || value == null) {
            throw new IllegalArgumentException("Model " + version + " of kind " + FraudModel.BOOSTED_TREES
                    + " needs trees with a depth from 1 to " + MAX_DEPTH
                    + ", features, thresholds and values");
        }
        int nodes = nodesPerTree();
        int length = feature.length;
        if (length == 0 || length % nodes != 0 || threshold.length != length
                || value.length != length) {
            throw new IllegalArgumentException("Model " + version + ": tree arrays of " + length + ", "
                    + threshold.length + " and " + value.length + " nodes do not make whole trees of "
                    + nodes + " nodes");
        }
        int bottom = nodes / 2;
        for (int offset = 0; offset < length; offset += nodes) {
            for (int node = 0; node < nodes; node++) {
                int f = feature[offset + node];
                // Every walk takes exactly depth steps: the levels above the bottom split on a real feature, the
                // bottom level holds the leaves.
                boolean fits = node < bottom ? f >= 0 && f < featureCount : f == -1;
                if (!fits || !Double.isFinite(threshold[offset + node])
                        || !Double.isFinite(value[offset + node])) {
                    throw new IllegalArgumentException("Model " + version + ": tree " + offset / nodes + " node " + node
                            + (node < bottom ? " (a split)" : " (a leaf)") + " has feature " + f + ", threshold "
                            + threshold[offset + node] + " and value " + value[offset + node]
                            + ", which cannot be evaluated");
                }
            }
        }
    }
}
