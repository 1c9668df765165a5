package dev.frauddetection.training.learner;

import dev.frauddetection.detector.scoring.FeatureExtractor;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.Evaluation;
import dev.frauddetection.detector.training.LogisticRegressionTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Chooses the model to ship from a training split and a later validation split, by average precision on the
 * validation split (the figure that matters when frauds are rare):
 * <ol>
 *   <li>boosted trees for each of {@link BoostingSettings#grid()}, the number of trees chosen by early stopping;</li>
 *   <li>with the best settings, the trees again with the calendar features (time of day, weekend) added: they are
 *       kept only if validation gains at least {@value #CALENDAR_MARGIN} in average precision, since a pattern of the
 *       hours seen in training need not hold on later days;</li>
 *   <li>a logistic regression over the same columns; the trees ship only if they are at least as good.</li>
 * </ol>
 * The chosen model never loses, on validation, to the baseline printed beside it.
 */
public final class ModelSelection {

    static final double CALENDAR_MARGIN = 0.005;

    private ModelSelection() {
    }

    /** What was chosen and why; {@link #trees()} is XGBoost's fit (close it), also when the regression was chosen. */
    public record Selection(FraudModel model, GradientBoosting.Fitted trees, FraudModel logisticRegression,
                            boolean calendarFeatures, Map<String, Double> validation, String reason)
            implements AutoCloseable {
        @Override
        public void close() {
            trees.close();
        }
    }

    public static Selection select(LabelledRows training, LabelledRows validation, String version, long seed,
                                   Consumer<String> log) {
        int[] general = columns(false);
        int[] withCalendar = columns(true);
        Map<String, Double> figures = new LinkedHashMap<>();
        GradientBoosting.Fitted best = null;
        for (BoostingSettings settings : BoostingSettings.grid()) {
            long started = System.nanoTime();
            GradientBoosting.Fitted fitted = GradientBoosting.fit(training, validation, general, settings, seed);
            log.accept(String.format(Locale.ROOT, "  trees, %s: %d trees, validation AP %.4f (%.0f s)", settings,
                    fitted.trees(), fitted.validationAveragePrecision(), (System.nanoTime() - started) / 1e9));
            if (best == null || fitted.validationAveragePrecision() > best.validationAveragePrecision()) {
                if (best != null) {
                    best.close();
                }
                best = fitted;
            } else {
                fitted.close();
            }
        }
        figures.put("validation_ap_trees", best.validationAveragePrecision());
        GradientBoosting.Fitted calendar = GradientBoosting.fit(training, validation, withCalendar, best.settings(), seed);
        figures.put("validation_ap_trees_with_calendar", calendar.validationAveragePrecision());
        boolean keepCalendar = calendar.validationAveragePrecision()
                >= best.validationAveragePrecision() + CALENDAR_MARGIN;
        log.accept(String.format(Locale.ROOT, "  trees with calendar features: validation AP %.4f (%s)",
                calendar.validationAveragePrecision(), keepCalendar ? "kept" : "not kept: gains less than "
                        + CALENDAR_MARGIN));
        if (keepCalendar) {
            best.close();
            best = calendar;
        } else {
            calendar.close();
        }
        int[] columns = best.columns();
        FraudModel linear = LogisticRegressionTrainer.train(onlyColumns(training.features(), columns), training.fraud(), version,
                seed);
        double linearAp = Evaluation.averagePrecision(scores(linear, validation.features()), validation.fraud());
        figures.put("validation_ap_logistic_regression", linearAp);
        FraudModel trees = FraudModel.boostedTrees(version, best.ensemble());
        // The trees as the detector will score them, not as XGBoost does: what ships is what is compared.
        double treesAp = Evaluation.averagePrecision(scores(trees, validation.features()), validation.fraud());
        boolean shipTrees = treesAp >= linearAp;
        String reason = String.format(Locale.ROOT, "%s: validation average precision %.4f for %d boosted trees (%s%s)"
                        + " against %.4f for logistic regression", shipTrees ? "boosted trees" : "logistic regression",
                shipTrees ? treesAp : linearAp, best.trees(), best.settings(), keepCalendar ? ", calendar features" : "",
                linearAp);
        return new Selection(shipTrees ? trees : linear, best, linear, keepCalendar, figures, reason);
    }

    /**
     * The same choice (kind, settings, columns, number of trees) fitted again on {@code all} the rows, the newest
     * included: what {@code train} ships and {@code evaluate} tests. Closes the selection it replaces.
     */
    public static Selection refit(Selection chosen, LabelledRows all, String version, long seed) {
        GradientBoosting.Fitted trees = GradientBoosting.refit(all, chosen.trees(), seed);
        chosen.close();
        FraudModel linear = LogisticRegressionTrainer.train(onlyColumns(all.features(), trees.columns()), all.fraud(), version, seed);
        boolean shipTrees = chosen.model().kind().equals(FraudModel.BOOSTED_TREES);
        return new Selection(shipTrees ? FraudModel.boostedTrees(version, trees.ensemble()) : linear, trees, linear,
                chosen.calendarFeatures(), chosen.validation(), chosen.reason());
    }

    /** Indices of the detector's features a model may use: all, or all but the calendar ones. */
    public static int[] columns(boolean calendar) {
        return IntStream.range(0, FeatureExtractor.NAMES.size())
                .filter(i -> calendar || !FeatureExtractor.CALENDAR.contains(FeatureExtractor.NAMES.get(i)))
                .toArray();
    }

    /** Rows with every column outside {@code columns} set to 0, so a regression gives them no weight. */
    public static List<double[]> onlyColumns(List<double[]> rows, int[] columns) {
        List<double[]> kept = new ArrayList<>(rows.size());
        for (double[] row : rows) {
            double[] copy = new double[row.length];
            for (int c : columns) {
                copy[c] = row[c];
            }
            kept.add(copy);
        }
        return kept;
    }

    public static double[] scores(FraudModel model, List<double[]> rows) {
        double[] scores = new double[rows.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = model.score(rows.get(i));
        }
        return scores;
    }
}
