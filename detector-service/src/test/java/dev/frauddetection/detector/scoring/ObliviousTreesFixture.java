package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.training.LogisticRegressionTrainer;
import java.util.Arrays;
import java.util.List;

/**
 * Grows oblivious boosted trees (every node of a level splits on the same feature and bin), for the tests of
 * {@link ObliviousScorer}: model files of such trees, which {@code train} shipped until XGBoost4J replaced this learner
 * (2026-12-07), still load and are scored through it. Histogram splits over at most {@value #BINS} quantile bins,
 * logistic loss, L2 on leaf values, no sampling: deterministic for the same rows. Not a learner to ship models with:
 * it has no minimum hessian per leaf nor early stopping.
 */
final class ObliviousTreesFixture {

    static final int BINS = 64;
    private static final double LAMBDA = 1.0;

    private ObliviousTreesFixture() {
    }

    /** Fits {@code rounds} trees of at most {@code depth} levels, each added with weight {@code learningRate}. */
    static BoostedTreesModel train(List<double[]> rows, boolean[] fraud, int rounds, int depth, double learningRate,
                                   String version) {
        int n = rows.size();
        if (n == 0 || rows.get(0).length == 0) {
            throw new IllegalArgumentException("Training needs at least one row with features");
        }
        // No deeper than the scorer's one-byte leaf index, so that every model trained here is scored, not walked.
        if (rounds < 1 || depth < 1 || depth > ObliviousScorer.MAX_DEPTH || !(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("Boosting needs at least one tree, a depth from 1 to "
                    + ObliviousScorer.MAX_DEPTH + " and a learning rate in (0, 1]");
        }
        long frauds = LogisticRegressionTrainer.frauds(fraud);
        int d = rows.get(0).length;
        double[][] cuts = new double[d][];
        byte[][] binned = new byte[d][n];
        for (int j = 0; j < d; j++) {
            cuts[j] = cuts(rows, j);
            for (int i = 0; i < n; i++) {
                binned[j][i] = (byte) bin(cuts[j], rows.get(i)[j]);
            }
        }
        double baseScore = Math.log(frauds / (double) (n - frauds));
        double[] logits = new double[n];
        Arrays.fill(logits, baseScore);
        double[] gradients = new double[n];
        double[] hessians = new double[n];
        int[] nodeOfRow = new int[n];
        int nodes = (1 << (depth + 1)) - 1;
        int[] feature = new int[rounds * nodes];
        double[] threshold = new double[rounds * nodes];
        double[] value = new double[rounds * nodes];
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < n; i++) {
                double p = 1 / (1 + Math.exp(-logits[i]));
                gradients[i] = p - (fraud[i] ? 1 : 0);
                hessians[i] = Math.max(p * (1 - p), 1e-12);
            }
            Tree tree = new Tree(depth);
            tree.grow(binned, cuts, gradients, hessians, nodeOfRow);
            for (int i = 0; i < n; i++) {
                logits[i] += learningRate * tree.valueOfBinned(binned, i);
            }
            tree.carryLeavesDown();
            int offset = round * nodes;
            for (int k = 0; k < nodes; k++) {
                feature[offset + k] = tree.feature[k];
                // A carried-down leaf always goes left.
                threshold[offset + k] = tree.feature[k] < 0 ? 0
                        : tree.splitBin[k] < 0 ? Double.MAX_VALUE : cuts[tree.feature[k]][tree.splitBin[k]];
                value[offset + k] = learningRate * tree.value[k];
            }
        }
        return FraudModel.boostedTrees(version, new TreeEnsemble(baseScore, learningRate, depth, feature,
                threshold, value));
    }

    /** Upper edges of up to {@value #BINS} bins holding about equal numbers of rows (from a sorted sample). */
    private static double[] cuts(List<double[]> rows, int feature) {
        int step = Math.max(1, rows.size() / 200_000);
        double[] sample = new double[(rows.size() + step - 1) / step];
        for (int i = 0, k = 0; i < rows.size(); i += step, k++) {
            sample[k] = rows.get(i)[feature];
        }
        Arrays.sort(sample);
        double[] edges = new double[BINS - 1];
        int count = 0;
        for (int b = 1; b < BINS; b++) {
            double edge = sample[(int) ((long) b * (sample.length - 1) / BINS)];
            if (count == 0 || edge > edges[count - 1]) {
                edges[count++] = edge;
            }
        }
        return Arrays.copyOf(edges, count);
    }

    /** The bin of a value: the number of edges below it, so values at an edge fall in the lower bin. */
    private static int bin(double[] edges, double value) {
        int low = 0;
        int high = edges.length;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (edges[middle] < value) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /**
     * One tree while it grows, over bins: a complete binary tree of the given depth as arrays, node k with children
     * 2k+1 and 2k+2; a node that was not split is a leaf (feature -1). Every node holds the value it would have as a
     * leaf, which is what the explanation of a score walks along (see {@link FraudModel#topContributions}).
     */
    private static final class Tree {
        private final int[] feature;
        private final int[] splitBin;
        private final double[] value;
        private final int depth;

        Tree(int depth) {
            this.depth = depth;
            int nodes = (1 << (depth + 1)) - 1;
            feature = new int[nodes];
            splitBin = new int[nodes];
            value = new double[nodes];
            Arrays.fill(feature, -1);
        }

        /**
         * Grows an oblivious tree: every node of a level splits on the same feature and bin, the one whose splits
         * gain most summed over the level's nodes; growth stops at the first level where no split gains. {@code
         * nodeOf} is scratch space, one entry per row: the row's node within the current level. A split is "bin at
         * most b goes left" for a bin b below the feature's last, so that it has a threshold (its cut).
         */
        void grow(byte[][] binned, double[][] cuts, double[] gradients, double[] hessians, int[] nodeOf) {
            int n = gradients.length;
            Arrays.fill(nodeOf, 0, n, 0);
            for (int level = 0; level <= depth; level++) {
                int width = 1 << level;
                int first = width - 1;
                double[] g = new double[width];
                double[] h = new double[width];
                for (int i = 0; i < n; i++) {
                    g[nodeOf[i]] += gradients[i];
                    h[nodeOf[i]] += hessians[i];
                }
                double parentScore = 0;
                for (int k = 0; k < width; k++) {
                    value[first + k] = -g[k] / (h[k] + LAMBDA);
                    parentScore += g[k] * g[k] / (h[k] + LAMBDA);
                }
                if (level == depth) {
                    return;
                }
                double bestGain = 1e-9;
                int bestFeature = -1;
                int bestBin = -1;
                double[] gradientSums = new double[width * BINS];
                double[] hessianSums = new double[width * BINS];
                double[] gains = new double[BINS - 1];
                for (int j = 0; j < binned.length; j++) {
                    Arrays.fill(gradientSums, 0);
                    Arrays.fill(hessianSums, 0);
                    byte[] bins = binned[j];
                    for (int i = 0; i < n; i++) {
                        int cell = nodeOf[i] * BINS + bins[i];
                        gradientSums[cell] += gradients[i];
                        hessianSums[cell] += hessians[i];
                    }
                    int splits = cuts[j].length;
                    Arrays.fill(gains, -parentScore);
                    for (int k = 0; k < width; k++) {
                        double leftG = 0;
                        double leftH = 0;
                        for (int b = 0; b < splits; b++) {
                            leftG += gradientSums[k * BINS + b];
                            leftH += hessianSums[k * BINS + b];
                            double rightG = g[k] - leftG;
                            double rightH = h[k] - leftH;
                            gains[b] += leftG * leftG / (leftH + LAMBDA) + rightG * rightG / (rightH + LAMBDA);
                        }
                    }
                    for (int b = 0; b < splits; b++) {
                        if (gains[b] > bestGain) {
                            bestGain = gains[b];
                            bestFeature = j;
                            bestBin = b;
                        }
                    }
                }
                if (bestFeature < 0) {
                    return;
                }
                Arrays.fill(feature, first, first + width, bestFeature);
                Arrays.fill(splitBin, first, first + width, bestBin);
                byte[] bins = binned[bestFeature];
                for (int i = 0; i < n; i++) {
                    nodeOf[i] = 2 * nodeOf[i] + (bins[i] > bestBin ? 1 : 0);
                }
            }
        }

        /**
         * Makes every node above the bottom level a split, so that evaluation walks exactly {@code depth} steps: a leaf
         * higher up becomes a split on feature 0 that always goes left (split bin -1, threshold the largest double),
         * down to a bottom leaf with its value; its right children are never reached.
         */
        void carryLeavesDown() {
            int bottom = feature.length / 2;
            for (int node = 0; node < bottom; node++) {
                if (feature[node] < 0) {
                    feature[node] = 0;
                    splitBin[node] = -1;
                    value[2 * node + 1] = value[node];
                    value[2 * node + 2] = value[node];
                }
            }
        }

        double valueOfBinned(byte[][] binned, int row) {
            int node = 0;
            while (feature[node] >= 0) {
                node = binned[feature[node]][row] <= splitBin[node] ? 2 * node + 1 : 2 * node + 2;
            }
            return value[node];
        }
    }
}
