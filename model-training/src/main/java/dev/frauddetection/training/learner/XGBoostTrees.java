package dev.frauddetection.training.learner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frauddetection.detector.scoring.TreeEnsemble;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * XGBoost's trees (its JSON model format) turned into the detector's model layout: complete binary trees of one
 * depth in flat arrays ({@link TreeEnsemble}), which the detector scores in plain Java.
 * <ul>
 *   <li>XGBoost sends a row left when its value, rounded to a float, is below the split (a float); the detector
 *       when its double value is at most the threshold. The threshold is the largest double that rounds to a float
 *       below the split, so both send every value the same way. (The plain "largest double below the split" was
 *       not enough: XGBoost's splits are feature values seen in training, and a double that rounds up onto one went
 *       left here and right in XGBoost; on the handbook's simulator that cost 0.005 in average precision.)</li>
 *   <li>A leaf above the bottom level is carried down: a split that sends everything left, both children holding
 *       the leaf's value, so every walk takes exactly {@code depth} steps.</li>
 *   <li>An inner node's value, which the explanation of a score walks along (Saabas' attribution), is the average of
 *       its children's weighted by their hessian sums, as XGBoost's own approximate contributions do.</li>
 *   <li>Feature indices are mapped from the columns XGBoost was given back to the detector's feature order.</li>
 * </ul>
 */
final class XGBoostTrees {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final double baseLogit;
    private final List<JsonNode> trees;
    private final int[] columns;

    private XGBoostTrees(double baseLogit, List<JsonNode> trees, int[] columns) {
        this.baseLogit = baseLogit;
        this.trees = trees;
        this.columns = columns;
    }

    static XGBoostTrees of(Booster booster, int[] columns) throws XGBoostError {
        try {
            JsonNode learner = JSON.readTree(booster.toByteArray("json")).path("learner");
            String base = learner.path("learner_model_param").path("base_score").asText().replace("[", "")
                    .replace("]", "");
            double p = Double.parseDouble(base);
            List<JsonNode> trees = new ArrayList<>();
            learner.path("gradient_booster").path("model").path("trees").forEach(trees::add);
            return new XGBoostTrees(Math.log(p / (1 - p)), trees, columns);
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("Cannot read XGBoost's model: " + e.getMessage(), e);
        }
    }

    int count() {
        return trees.size();
    }

    /** The first {@code count} trees as complete trees of {@code depth} levels. */
    TreeEnsemble ensemble(int count, int depth, double learningRate) {
        int nodes = (1 << (depth + 1)) - 1;
        int[] feature = new int[count * nodes];
        double[] threshold = new double[count * nodes];
        double[] value = new double[count * nodes];
        for (int t = 0; t < count; t++) {
            Tree tree = new Tree(trees.get(t));
            tree.place(0, 0, 0, depth, t * nodes, feature, threshold, value);
        }
        return new TreeEnsemble(baseLogit, learningRate, depth, feature, threshold, value);
    }

    /** One XGBoost tree as its JSON arrays. */
    private final class Tree {
        private final int[] left;
        private final int[] right;
        private final int[] split;
        private final double[] condition;
        private final double[] hessian;

        Tree(JsonNode tree) {
            left = ints(tree.path("left_children"));
            right = ints(tree.path("right_children"));
            split = ints(tree.path("split_indices"));
            condition = doubles(tree.path("split_conditions"));
            hessian = doubles(tree.path("sum_hessian"));
        }

        boolean isLeaf(int node) {
            return left[node] < 0;
        }

        /** A leaf's value, or the hessian-weighted average of the leaves below an inner node. */
        double value(int node) {
            if (isLeaf(node)) {
                return condition[node];
            }
            double l = hessian[left[node]];
            double r = hessian[right[node]];
            return l + r > 0 ? (l * value(left[node]) + r * value(right[node])) / (l + r)
                    : (value(left[node]) + value(right[node])) / 2;
        }

        /** Writes XGBoost node {@code node} at position {@code at} (level {@code level}) of the complete tree. */
        void place(int node, int at, int level, int depth, int offset, int[] feature, double[] threshold,
                   double[] value) {
            value[offset + at] = value(node);
            if (level == depth) {
                if (!isLeaf(node)) {
                    throw new IllegalStateException("XGBoost grew a tree deeper than " + depth);
                }
                feature[offset + at] = -1;
                return;
            }
            if (isLeaf(node)) {
                feature[offset + at] = 0;
                threshold[offset + at] = Double.MAX_VALUE;
                place(node, 2 * at + 1, level + 1, depth, offset, feature, threshold, value);
                place(node, 2 * at + 2, level + 1, depth, offset, feature, threshold, value);
                return;
            }
            feature[offset + at] = columns[split[node]];
            threshold[offset + at] = lastDoubleBelow((float) condition[node]);
            place(left[node], 2 * at + 1, level + 1, depth, offset, feature, threshold, value);
            place(right[node], 2 * at + 2, level + 1, depth, offset, feature, threshold, value);
        }
    }

    /**
     * The largest double whose nearest float is below {@code split}: doubles round to the nearest float, ties to the
     * even one, so those below the midpoint between {@code split} and the float before it round below it, and the
     * midpoint itself does when that float is the even one.
     */
    static double lastDoubleBelow(float split) {
        double midpoint = ((double) Math.nextDown(split) + (double) split) / 2;
        return (float) midpoint < split ? midpoint : Math.nextDown(midpoint);
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            // XGBoost keeps splits and leaves as floats: read them as the float they are, then widen exactly.
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
