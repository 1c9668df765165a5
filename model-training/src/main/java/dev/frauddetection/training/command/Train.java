package dev.frauddetection.training.command;

import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.CommandLine;
import dev.frauddetection.training.evaluation.RankingFigures;
import dev.frauddetection.training.learner.LabelledRows;
import dev.frauddetection.training.learner.ModelSelection;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code train}: computes the detector's features over a labelled history in event time (the very code the live
 * pipeline runs), chooses and fits a model on the earlier part ({@link ModelSelection}), reports it on the later,
 * held-out part beside the logistic regression, XGBoost's own scores and the amount alone, and saves it.
 */
public final class Train {

    static final String USAGE = """
            usage: train --transactions FILE.csv --labels FILE.csv --model OUT.json [--version NAME] [--seed N]
                         [--holdout 0.2] [--validation 0.2] [--kind auto|gradient-boosted-trees|logistic-regression]
                         [--label-delay-days D] [--burn-in-days 0] [--refit true|false]
                         [--map name=column,...] [--time-format PATTERN] [--skip-bad-rows]
              In time order (after --burn-in-days, whose payments only build the histories): the last --holdout
              share of the history is held out (reported, never learnt from); of the rest, the last --validation
              share chooses the number of trees (early stopping), the tree settings, the calendar features and
              boosted trees or logistic regression (--kind auto, the default: whichever has the higher average
              precision there); the model is fitted on what comes before, then (--refit true, the default) fitted
              again with all that was chosen on every payment, the newest included. Every label in the files is
              learnt from; a fraud label without known_at is fed back as a chargeback --label-delay-days after its
              payment (default: never).""";

    private Train() {
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, Train::train));
    }

    static void train(String[] args) {
        Set<String> options = new HashSet<>(Set.of("transactions", "labels", "model", "version", "seed", "holdout",
                "validation", "kind", "label-delay-days", "burn-in-days", "refit"));
        options.addAll(CommandLine.HISTORY_OPTIONS);
        CommandLine cli = new CommandLine(args, options, CommandLine.HISTORY_FLAGS, USAGE);
        Path out = Path.of(cli.required("model"));
        double holdout = share(cli, "holdout", "0.2", 0, 0.9);
        double validationShare = share(cli, "validation", "0.2", 0.05, 0.5);
        long seed = Long.parseLong(cli.optional("seed", "1"));
        String kind = cli.optional("kind", "auto");
        if (!Set.of("auto", FraudModel.BOOSTED_TREES, FraudModel.LOGISTIC_REGRESSION).contains(kind)) {
            throw new IllegalArgumentException("--kind must be auto, " + FraudModel.BOOSTED_TREES + " or "
                    + FraudModel.LOGISTIC_REGRESSION + ", not '" + kind + "'");
        }
        String version = cli.optional("version", "model-" + LocalDate.now());
        String refitOption = cli.optional("refit", "true");
        if (!refitOption.equals("true") && !refitOption.equals("false")) {
            throw new IllegalArgumentException("--refit must be true or false, not '" + refitOption + "'");
        }
        boolean refit = refitOption.equals("true");

        long burnIn = (long) (share(cli, "burn-in-days", "0", 0, 366) * 86_400_000L);
        LabelledRows replayed = LabelledHistory.read(cli);
        LabelledRows rows = replayed.size() == 0 ? replayed
                : replayed.slice(replayed.firstAtOrAfter(replayed.time()[0] + burnIn), replayed.size());
        if (rows.size() == 0) {
            throw new IllegalArgumentException("No payments after the first --burn-in-days of the history");
        }
        int testFrom = (int) (rows.size() * (1 - holdout));
        int validFrom = (int) (testFrom * (1 - validationShare));
        LabelledRows training = rows.slice(0, validFrom);
        LabelledRows validation = rows.slice(validFrom, testFrom);
        LabelledRows test = rows.slice(testFrom, rows.size());
        System.out.printf(Locale.ROOT, "%d payments: training %d (%d frauds), validation %d (%d), held out %d (%d)%n",
                rows.size(), training.size(), training.frauds(), validation.size(), validation.frauds(), test.size(),
                test.frauds());

        try (ModelSelection.Selection selection = ModelSelection.select(training, validation, version, seed,
                System.out::println)) {
            FraudModel model = switch (kind) {
                case FraudModel.BOOSTED_TREES -> FraudModel.boostedTrees(version, selection.trees().ensemble());
                case FraudModel.LOGISTIC_REGRESSION -> selection.logisticRegression();
                default -> selection.model();
            };
            System.out.println("Chosen: " + selection.reason() + (kind.equals("auto") ? "" : "; --kind " + kind
                    + " saves " + model.kind()));
            Map<String, Double> evaluation = new LinkedHashMap<>();
            evaluation.put("training_payments", (double) training.size());
            evaluation.put("validation_payments", (double) validation.size());
            evaluation.put("test_payments", (double) test.size());
            evaluation.put("test_frauds", (double) test.frauds());
            evaluation.put("trees", (double) selection.trees().trees());
            evaluation.put("calendar_features", selection.calendarFeatures() ? 1.0 : 0.0);
            evaluation.putAll(selection.validation());
            if (test.frauds() > 0 && test.frauds() < test.size()) {
                evaluation.putAll(heldOut("", ModelSelection.scores(model, test.features()), test));
                FraudModel other = model.kind().equals(FraudModel.BOOSTED_TREES) ? selection.logisticRegression()
                        : FraudModel.boostedTrees(version, selection.trees().ensemble());
                evaluation.putAll(heldOut(other.kind().replace('-', '_') + "_",
                        ModelSelection.scores(other, test.features()), test));
                evaluation.putAll(heldOut("xgboost_reference_", selection.trees().xgboostScores(test.features()), test));
                evaluation.putAll(heldOut("amount_alone_", test.euros(), test));
            }
            FraudModel refitted = model;
            if (refit) {
                // The settings, columns, number of trees and kind chosen above, learnt again from every payment: the
                // newest weeks are the most like the traffic the model will judge.
                try (ModelSelection.Selection all = ModelSelection.refit(selection, rows, version, seed)) {
                    refitted = kind.equals(FraudModel.LOGISTIC_REGRESSION) ? all.logisticRegression()
                            : kind.equals(FraudModel.BOOSTED_TREES)
                            ? FraudModel.boostedTrees(version, all.trees().ensemble()) : all.model();
                }
                System.out.println("Refitted on all " + rows.size() + " payments (" + rows.frauds() + " frauds) with"
                        + " what was chosen; the held-out figures below are of the fit without the held-out part");
            }
            evaluation.put("refitted_on_all", refit ? 1.0 : 0.0);
            FraudModel evaluated = refitted.withEvaluation(evaluation);
            evaluated.write(out);
            System.out.printf(Locale.ROOT, "Saved %s (%s); held-out figures:%n", evaluated.version(), evaluated.kind());
            evaluation.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-44s %.4f%n", k, v));
            System.out.println("Model written to " + out);
        }
    }

    /** AUC ROC, average precision, card precision at 100 a day and recall at a 1 % alert budget, keys prefixed. */
    private static Map<String, Double> heldOut(String prefix, double[] scores, LabelledRows rows) {
        Map<String, Double> figures = new LinkedHashMap<>();
        RankingFigures.of(scores, rows, 100, 0.01).asMap().forEach((k, v) -> figures.put(prefix + k, v));
        return figures;
    }

    private static double share(CommandLine cli, String name, String fallback, double min, double max) {
        String text = cli.optional(name, fallback);
        try {
            double value = Double.parseDouble(text);
            if (value >= min && value < max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a share from " + min + " to below " + max + ", not '"
                + text + "'");
    }
}
