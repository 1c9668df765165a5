package dev.frauddetection.training.evaluation;

import dev.frauddetection.detector.training.Evaluation;
import dev.frauddetection.training.learner.LabelledRows;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well one score ranks the payments of a test window, in the figures the card-fraud literature reports:
 * <ul>
 *   <li>AUC ROC and average precision over all payments;</li>
 *   <li>card precision at k per day: each day, the k accounts with the highest score of the day (their riskiest
 *       payment) are what analysts can check; the share of them that really had a fraud that day, averaged over the
 *       days (Le Borgne et al., chapter 4; without their removal of cards already found fraudulent on earlier
 *       days);</li>
 *   <li>recall at an alert budget: the share of frauds among the highest-scored {@code budget} share of payments.</li>
 * </ul>
 */
public record RankingFigures(double aucRoc, double averagePrecision, double cardPrecisionAtK, double recallAtBudget) {

    private static final long DAY = 86_400_000L;

    public static RankingFigures of(double[] scores, LabelledRows rows, int k, double budget) {
        return new RankingFigures(Evaluation.aucRoc(scores, rows.fraud()),
                Evaluation.averagePrecision(scores, rows.fraud()), cardPrecisionAtK(scores, rows, k),
                recallAtBudget(scores, rows.fraud(), budget));
    }

    static double cardPrecisionAtK(double[] scores, LabelledRows rows, int k) {
        Map<Long, Map<String, double[]>> days = new HashMap<>();
        for (int i = 0; i < scores.length; i++) {
            // Per day and account: {highest score, had a fraud (1) or not (0)}.
            double[] card = days.computeIfAbsent(Math.floorDiv(rows.time()[i], DAY), d -> new HashMap<>())
                    .computeIfAbsent(rows.account()[i], a -> new double[]{Double.NEGATIVE_INFINITY, 0});
            card[0] = Math.max(card[0], scores[i]);
            card[1] = Math.max(card[1], rows.fraud()[i] ? 1 : 0);
        }
        if (days.isEmpty()) {
            return Double.NaN;
        }
        double sum = 0;
        for (Map<String, double[]> cards : days.values()) {
            double[][] ranked = cards.values().toArray(double[][]::new);
            Arrays.sort(ranked, (a, b) -> Double.compare(b[0], a[0]));
            int hits = 0;
            for (int i = 0; i < Math.min(k, ranked.length); i++) {
                hits += (int) ranked[i][1];
            }
            sum += hits / (double) k;
        }
        return sum / days.size();
    }

    static double recallAtBudget(double[] scores, boolean[] fraud, double budget) {
        int flagged = (int) Math.round(scores.length * budget);
        Integer[] order = new Integer[scores.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        long frauds = 0;
        long caught = 0;
        for (int i = 0; i < order.length; i++) {
            boolean f = fraud[order[i]];
            frauds += f ? 1 : 0;
            caught += f && i < flagged ? 1 : 0;
        }
        return frauds == 0 ? Double.NaN : caught / (double) frauds;
    }

    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put("auc_roc", aucRoc);
        map.put("average_precision", averagePrecision);
        map.put("card_precision_at_k", cardPrecisionAtK);
        map.put("recall_at_budget", recallAtBudget);
        return map;
    }
}
