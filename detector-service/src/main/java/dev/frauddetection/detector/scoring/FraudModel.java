package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frauddetection.detector.scoring.rules.ReasonFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fraud model as saved by the {@code train} command, one record per kind, each with how it scored on held-out data
 * when it was trained ({@link #evaluation}):
 * <ul>
 *   <li>{@link BoostedTreesModel} ({@value #BOOSTED_TREES}, shipped): a sum of depth-limited trees over the raw
 *       feature values; a feature's share of the score is what the splits on it added along the payment's path
 *       through each tree (Saabas' attribution), so the explanation comes from the same walk as the score;</li>
 *   <li>{@link LogisticRegressionModel} ({@value #LOGISTIC_REGRESSION}): standardisation, weights and bias; a
 *       feature's share is weight x standardised value.</li>
 * </ul>
 * Both evaluate in plain Java over arrays, nothing a native image could trip on. Scores are probabilities of fraud;
 * shares are in log-odds. The file is one JSON object whose {@code kind} says which record it is.
 */
public sealed interface FraudModel permits BoostedTreesModel, LogisticRegressionModel {

    String LOGISTIC_REGRESSION = "logistic-regression";
    String BOOSTED_TREES = "gradient-boosted-trees";

    String version();

    /** {@value #BOOSTED_TREES} or {@value #LOGISTIC_REGRESSION}, as written in the model file. */
    String kind();

    /** The features the model was trained on, in the order its inputs take them. */
    List<String> features();

    String trainedAt();

    /** Held-out figures from training (average precision, AUC ROC, ...); empty until evaluated. */
    Map<String, Double> evaluation();

    /** The log-odds of fraud for a payment's features. */
    double logit(double[] x);

    /** Each feature's share of the log-odds. */
    double[] contributions(double[] x);

    /** The same model carrying its evaluation on held-out data. */
    FraudModel withEvaluation(Map<String, Double> figures);

    /**
     * Refuses a model this detector cannot evaluate: made for other features than it computes (it would score garbage
     * silently), or with arrays that do not fit together.
     */
    FraudModel checked();

    /** The probability of fraud, in [0, 1]. */
    default double score(double[] x) {
        return 1 / (1 + Math.exp(-logit(x)));
    }

    /** A boosted-trees model over the detector's features, not yet evaluated. */
    static BoostedTreesModel boostedTrees(String version, TreeEnsemble trees) {
        return BoostedTreesModel.of(version, trees);
    }

    /**
     * The features that pushed the score up most (by more than 0.05 in log-odds), strongest first and, on a tie, in
     * feature order, as "name=value (+contribution)", a yes-or-no feature as "name=yes" or "name=no" (a tree often
     * raises the score for what a payment is not: "channel_card_present=no"). Every alert carries them, so this is a
     * plain top-k pass over the features rather than a sorted stream of boxed indices.
     */
    default List<String> topContributions(double[] x, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        double[] shares = contributions(x);
        List<String> features = features();
        int[] top = new int[limit];
        double[] topContribution = new double[top.length];
        int found = 0;
        for (int i = 0; i < features.size(); i++) {
            double contribution = shares[i];
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

    /** Fails unless a model was trained on the features this detector computes. */
    static void checkFeatures(String version, List<String> features) {
        if (!FeatureExtractor.NAMES.equals(features)) {
            throw new IllegalArgumentException("Model " + version + " was trained on features " + features
                    + " but this detector computes " + FeatureExtractor.NAMES + "; retrain it with the train command");
        }
    }

    static FraudModel read(InputStream in) {
        try {
            JsonNode file = ModelFiles.JSON.readTree(in);
            String kind = file.path("kind").asText();
            Class<? extends FraudModel> type = switch (kind) {
                case BOOSTED_TREES -> BoostedTreesModel.class;
                case LOGISTIC_REGRESSION -> LogisticRegressionModel.class;
                default -> throw new IllegalArgumentException("Model " + file.path("version").asText() + " is of kind '"
                        + kind + "'; this detector evaluates " + BOOSTED_TREES + " and " + LOGISTIC_REGRESSION);
            };
            return ModelFiles.JSON.treeToValue(file, type).checked();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model", e);
        }
    }

    static FraudModel read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model " + file, e);
        }
    }

    default void write(Path file) {
        try {
            ModelFiles.JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fraud model " + file, e);
        }
    }

    /** The model file's JSON mapper, kept out of the interface's public constants. */
    final class ModelFiles {
        private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        private ModelFiles() {
        }

        /** A model as its file holds it. */
        static byte[] bytes(FraudModel model) {
            try {
                return JSON.writeValueAsBytes(model);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot write the fraud model " + model.version(), e);
            }
        }
    }
}
