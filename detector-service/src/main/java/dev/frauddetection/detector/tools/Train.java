package dev.frauddetection.detector.tools;

import dev.frauddetection.detector.features.DetectorState;
import dev.frauddetection.detector.features.Payment;
import dev.frauddetection.detector.scoring.BoostedTreesBaseline;
import dev.frauddetection.detector.scoring.Evaluation;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.ModelTrainer;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.tools.HistoryCsv.Label;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code train}: computes the detector's features over a labelled history in event time (the very code the live
 * pipeline runs), fits the model on the earlier part and evaluates it on the later part, then saves it.
 */
public final class Train {

    static final String USAGE = """
            usage: train --transactions FILE.csv --labels FILE.csv --model OUT.json [--version NAME] [--seed N] [--holdout 0.25]
                         [--compare-trees ROUNDS]
              Trains on the first (1 - holdout) of the history in time order and reports AUC ROC, average precision,
              and precision and recall at the review (0.5) and alert (0.8) thresholds on the rest.
              --compare-trees also fits gradient-boosted trees (ROUNDS trees of depth 4) on the same rows and reports
              the same figures for them: what the logistic regression, which is what is saved, gives up against them.""";
    private static final int TREE_DEPTH = 4;
    private static final double TREE_LEARNING_RATE = 0.1;

    private Train() {
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, Train::train));
    }

    static void train(String[] args) {
        CommandLine cli = new CommandLine(args, Set.of("transactions", "labels", "model", "version", "seed", "holdout",
                "compare-trees"), USAGE);
        List<Payment> payments = HistoryCsv.readPayments(cli.existingFile("transactions"));
        Map<String, Label> labels = HistoryCsv.readLabels(cli.existingFile("labels"));
        Path out = Path.of(cli.required("model"));
        double holdout = Double.parseDouble(cli.optional("holdout", "0.25"));
        long seed = Long.parseLong(cli.optional("seed", "1"));
        if (!(holdout > 0 && holdout < 0.9)) {
            throw new IllegalArgumentException("--holdout must be between 0 and 0.9");
        }
        String comparedTrees = cli.optional("compare-trees", "0");
        int treeRounds = comparedTrees.matches("\\d{1,5}") ? Integer.parseInt(comparedTrees) : -1;
        if (treeRounds < 0 || treeRounds > 10_000 || (treeRounds == 0 && cli.optional("compare-trees", null) != null)) {
            throw new IllegalArgumentException("--compare-trees must be a number of trees from 1 to 10000, not '"
                    + comparedTrees + "'");
        }

        ScoringEngine engine = new ScoringEngine(new DetectorState(), () -> null, () -> null);
        List<double[]> rows = new ArrayList<>(payments.size());
        HistoryReplay.run(payments, labels, engine, payment -> rows.add(engine.featuresAndRemember(payment)));
        boolean[] fraud = new boolean[payments.size()];
        for (int i = 0; i < fraud.length; i++) {
            Label label = labels.get(payments.get(i).id());
            fraud[i] = label != null && label.fraud();
        }

        int split = (int) (rows.size() * (1 - holdout));
        boolean[] trainLabels = java.util.Arrays.copyOfRange(fraud, 0, split);
        boolean[] testLabels = java.util.Arrays.copyOfRange(fraud, split, fraud.length);
        FraudModel model = ModelTrainer.train(rows.subList(0, split), trainLabels,
                cli.optional("version", "lr-" + java.time.LocalDate.now()), seed);

        List<double[]> heldOut = rows.subList(split, rows.size());
        Map<String, Double> evaluation = new LinkedHashMap<>();
        evaluation.put("training_payments", (double) split);
        evaluation.put("test_payments", (double) heldOut.size());
        evaluation.put("test_frauds", (double) count(testLabels));
        evaluation.putAll(heldOutFigures("", heldOut.stream().mapToDouble(model::score).toArray(), testLabels));
        if (treeRounds > 0) {
            long started = System.nanoTime();
            BoostedTreesBaseline trees = BoostedTreesBaseline.train(rows.subList(0, split), trainLabels, treeRounds,
                    TREE_DEPTH, TREE_LEARNING_RATE);
            System.out.printf(Locale.ROOT, "Fitted %d boosted trees of depth %d in %.0f s for comparison (not saved)%n",
                    trees.trees(), TREE_DEPTH, (System.nanoTime() - started) / 1e9);
            evaluation.put("boosted_trees_compared", (double) trees.trees());
            evaluation.putAll(heldOutFigures("boosted_trees_", heldOut.stream().mapToDouble(trees::score).toArray(),
                    testLabels));
        }
        FraudModel evaluated = ModelTrainer.withEvaluation(model, evaluation);
        evaluated.write(out);

        System.out.printf(Locale.ROOT, "Trained %s on %d payments (%d frauds); held-out %d payments (%d frauds)%n",
                evaluated.version(), split, count(trainLabels), heldOut.size(), count(testLabels));
        evaluation.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-38s %.4f%n", k, v));
        System.out.println("Model written to " + out);
    }

    /** AUC ROC, average precision, and precision and recall at the review and alert thresholds, keys prefixed. */
    private static Map<String, Double> heldOutFigures(String prefix, double[] scores, boolean[] labels) {
        Map<String, Double> figures = new LinkedHashMap<>();
        figures.put(prefix + "auc_roc", Evaluation.aucRoc(scores, labels));
        figures.put(prefix + "average_precision", Evaluation.averagePrecision(scores, labels));
        for (double threshold : new double[]{0.5, 0.8}) {
            boolean[] flagged = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                flagged[i] = scores[i] >= threshold;
            }
            Map<String, Double> point = Evaluation.atOperatingPoint(flagged, labels);
            figures.put(prefix + "precision_at_" + threshold, point.get("precision"));
            figures.put(prefix + "recall_at_" + threshold, point.get("recall"));
        }
        return figures;
    }

    static int count(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return n;
    }
}
