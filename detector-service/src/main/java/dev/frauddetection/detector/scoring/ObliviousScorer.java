package dev.frauddetection.detector.scoring;

import java.util.Arrays;

/**
 * Scores oblivious trees (every node of a level splits on the same feature and threshold, as CatBoost grows them, and
 * as {@code train} did until 2026-12-07) without walking them. A tree's leaf is then the bits of its levels' comparisons,
 * and which comparisons on one feature a payment passes depends only on how many of that feature's thresholds lie
 * below its value. So, once per model, each feature gets its distinct thresholds in order and, for every count of
 * thresholds passed, the bits that count sets in every tree's leaf index (one byte per tree, eight trees to a long).
 * Scoring a payment is then one binary search per feature, an OR of those rows, and one leaf per tree: 341 ns for the
 * shipped 64 trees of depth 7 in ScoringBenchmark#modelAlone, where walking the 100 trees of depth 4 shipped before
 * took 948-964 ns; comparing level by level instead took 811-918 ns for 100 oblivious trees of depth 6 in a scratch
 * harness, where this took 388-467.
 */
final class ObliviousScorer {

    /** A leaf index is one byte. */
    static final int MAX_DEPTH = 8;

    private final double baseScore;
    private final int depth;
    private final int trees;
    /** Longs per mask row: eight trees' leaf-index bytes to a long. */
    private final int words;
    /** The features some split uses. */
    private final int[] features;
    /** For each of {@link #features}: its distinct split thresholds, ascending. */
    private final double[][] thresholds;
    /**
     * For each of {@link #features}: row r ({@link #words} longs, r = 0 to the number of its thresholds) holds, in
     * tree t's byte, the bits of the levels of t that split on the feature at one of its r lowest thresholds: the
     * levels a value above exactly those thresholds goes right at.
     */
    private final long[][] masks;
    /** Tree t's leaf k at (t << depth) + k. */
    private final double[] leaf;

    private ObliviousScorer(double baseScore, int depth, int trees, int[] features, double[][] thresholds,
                            long[][] masks, double[] leaf) {
        this.baseScore = baseScore;
        this.depth = depth;
        this.trees = trees;
        this.words = (trees + 7) / 8;
        this.features = features;
        this.thresholds = thresholds;
        this.masks = masks;
        this.leaf = leaf;
    }

    /**
     * The scorer for complete trees in {@link TreeEnsemble}'s layout, or null if they are not oblivious or
     * deeper than {@value #MAX_DEPTH} levels (they are walked instead). The arrays must make whole trees.
     */
    static ObliviousScorer of(double baseScore, int depth, int[] feature, double[] threshold, double[] value) {
        int nodes = (1 << (depth + 1)) - 1;
        int trees = feature.length / nodes;
        if (depth > MAX_DEPTH || !oblivious(depth, feature, threshold)) {
            return null;
        }
        int featureCount = Arrays.stream(feature).max().orElse(-1) + 1;
        double[][] byFeature = new double[featureCount][];
        for (int f = 0; f < featureCount; f++) {
            int wanted = f;
            byFeature[f] = splits(depth, nodes, trees)
                    .filter(node -> feature[node] == wanted).mapToDouble(node -> threshold[node]).distinct().sorted()
                    .toArray();
        }
        int[] used = java.util.stream.IntStream.range(0, featureCount).filter(f -> byFeature[f].length > 0).toArray();
        int words = (trees + 7) / 8;
        double[][] thresholds = new double[used.length][];
        long[][] masks = new long[used.length][];
        for (int i = 0; i < used.length; i++) {
            thresholds[i] = byFeature[used[i]];
            masks[i] = new long[(thresholds[i].length + 1) * words];
        }
        int[] slot = new int[featureCount];
        for (int i = 0; i < used.length; i++) {
            slot[used[i]] = i;
        }
        double[] leaf = new double[trees << depth];
        for (int t = 0; t < trees; t++) {
            int offset = t * nodes;
            for (int level = 0; level < depth; level++) {
                int node = offset + (1 << level) - 1;
                int i = slot[feature[node]];
                int rank = Arrays.binarySearch(thresholds[i], threshold[node]);
                long bit = 1L << (depth - 1 - level) << ((t & 7) * 8);
                // A value goes right at this level when it lies above this threshold: rows rank + 1 and beyond.
                for (int row = rank + 1; row <= thresholds[i].length; row++) {
                    masks[i][row * words + (t >>> 3)] |= bit;
                }
            }
            System.arraycopy(value, offset + (1 << depth) - 1, leaf, t << depth, 1 << depth);
        }
        return new ObliviousScorer(baseScore, depth, trees, used, thresholds, masks, leaf);
    }

    /** The first node of each level above the leaves, in every tree. */
    private static java.util.stream.IntStream splits(int depth, int nodes, int trees) {
        return java.util.stream.IntStream.range(0, trees * depth)
                .map(k -> k / depth * nodes + (1 << (k % depth)) - 1);
    }

    static boolean oblivious(int depth, int[] feature, double[] threshold) {
        int nodes = (1 << (depth + 1)) - 1;
        for (int offset = 0; offset < feature.length; offset += nodes) {
            for (int level = 0; level < depth; level++) {
                int first = offset + (1 << level) - 1;
                if (feature[first] < 0) {
                    return false;
                }
                for (int node = first + 1; node < first + (1 << level); node++) {
                    if (feature[node] != feature[first] || threshold[node] != threshold[first]) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * The log-odds of fraud: the same leaves as walking the trees. Eight trees at a time: their leaf indices are the
     * OR of one long from each feature's row, then their leaves are summed into four running sums (a single sum would
     * make every addition wait for the one before).
     */
    double logit(double[] x) {
        int[] rows = new int[features.length];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = below(thresholds[i], x[features[i]]) * words;
        }
        double sum0 = baseScore;
        double sum1 = 0;
        double sum2 = 0;
        double sum3 = 0;
        int d = depth;
        for (int w = 0, t = 0; w < words; w++) {
            long indices = 0;
            for (int i = 0; i < rows.length; i++) {
                indices |= masks[i][rows[i] + w];
            }
            if (t + 8 <= trees) {
                int first = t << d;
                sum0 += leaf[first + (int) (indices & 0xFF)];
                sum1 += leaf[first + (1 << d) + (int) (indices >>> 8 & 0xFF)];
                sum2 += leaf[first + (2 << d) + (int) (indices >>> 16 & 0xFF)];
                sum3 += leaf[first + (3 << d) + (int) (indices >>> 24 & 0xFF)];
                sum0 += leaf[first + (4 << d) + (int) (indices >>> 32 & 0xFF)];
                sum1 += leaf[first + (5 << d) + (int) (indices >>> 40 & 0xFF)];
                sum2 += leaf[first + (6 << d) + (int) (indices >>> 48 & 0xFF)];
                sum3 += leaf[first + (7 << d) + (int) (indices >>> 56)];
                t += 8;
            } else {
                for (; t < trees; t++, indices >>>= 8) {
                    sum0 += leaf[(t << d) + (int) (indices & 0xFF)];
                }
            }
        }
        return sum0 + sum1 + sum2 + sum3;
    }

    /**
     * How many of the ascending thresholds lie below {@code value}: the walk goes right exactly when the value is
     * above a threshold (a NaN is above none). A binary search whose steps depend only on the array's length, with the
     * choice as a conditional move rather than a branch: at random values a branch is mispredicted every other step.
     */
    static int below(double[] ascending, double value) {
        int base = 0;
        int n = ascending.length;
        while (n > 1) {
            int half = n >>> 1;
            base = ascending[base + half] < value ? base + half : base;
            n -= half;
        }
        return base + (ascending[base] < value ? 1 : 0);
    }
}
