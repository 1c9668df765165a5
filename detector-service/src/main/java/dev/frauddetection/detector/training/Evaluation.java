package dev.frauddetection.detector.training;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** How well scores separate fraud from genuine payments: AUC ROC, average precision, precision and recall. */
public final class Evaluation {

    private Evaluation() {
    }

    /** Area under the ROC curve by the rank-sum (Mann-Whitney) formula; ties count half. */
    public static double aucRoc(double[] scores, boolean[] fraud) {
        Integer[] order = order(scores);
        double rankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (fraud[order[k]]) {
                    rankSum += rank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = scores.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double) negatives);
    }

    /**
     * Average precision, as scikit-learn's {@code average_precision_score}: the sum over score thresholds, best
     * first, of the recall gained there times the precision there. Payments with equal scores are one threshold, so a
     * score with many ties (an amount, a coarse model) is not credited for an order it does not give.
     */
    public static double averagePrecision(double[] scores, boolean[] fraud) {
        Integer[] order = order(scores);
        long positives = 0;
        for (boolean f : fraud) {
            positives += f ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        double sum = 0;
        long hits = 0;
        int rank = 0;
        while (rank < order.length) {
            int end = rank;
            long gained = 0;
            double score = scores[order[order.length - 1 - rank]];
            while (end < order.length && scores[order[order.length - 1 - end]] == score) {
                gained += fraud[order[order.length - 1 - end]] ? 1 : 0;
                end++;
            }
            hits += gained;
            sum += gained * (hits / (double) end);
            rank = end;
        }
        return sum / positives;
    }

    /** Precision and recall of "flagged" against the labels, plus counts, for a report. */
    public static Map<String, Double> atOperatingPoint(boolean[] flagged, boolean[] fraud) {
        long tp = 0;
        long fp = 0;
        long fn = 0;
        for (int i = 0; i < fraud.length; i++) {
            tp += flagged[i] && fraud[i] ? 1 : 0;
            fp += flagged[i] && !fraud[i] ? 1 : 0;
            fn += !flagged[i] && fraud[i] ? 1 : 0;
        }
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("precision", tp + fp == 0 ? Double.NaN : tp / (double) (tp + fp));
        result.put("recall", tp + fn == 0 ? Double.NaN : tp / (double) (tp + fn));
        result.put("flagged", (double) (tp + fp));
        result.put("frauds", (double) (tp + fn));
        return result;
    }

    private static Integer[] order(double[] scores) {
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        return order;
    }
}
