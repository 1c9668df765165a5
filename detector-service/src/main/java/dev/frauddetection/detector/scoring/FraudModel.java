package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.detector.features.FeatureExtractor;
import dev.frauddetection.detector.rules.ReasonFormat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A logistic-regression fraud model as saved by the {@code train} command: standardisation (mean and scale per
 * feature), weights and bias, plus how it scored on held-out data when it was trained. Evaluating it is a dot product,
 * fast and trivially native-image friendly, and each feature's share of the score (weight x standardised value) is the
 * explanation an analyst reads.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FraudModel(String version, String kind, List<String> features, double[] means, double[] scales,
                         double[] weights, double bias, String trainedAt, Map<String, Double> evaluation) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The probability of fraud, in [0, 1]. */
    public double score(double[] x) {
        double logit = bias;
        for (int i = 0; i < weights.length; i++) {
            logit += weights[i] * (x[i] - means[i]) / scales[i];
        }
        return 1 / (1 + Math.exp(-logit));
    }

    /**
     * The features that pushed the score up most (by more than 0.05), strongest first and, on a tie, in feature
     * order, as "name=value (+contribution)". Every alert carries them, so this is a plain top-k pass over the
     * features rather than a sorted stream of boxed indices.
     */
    public List<String> topContributions(double[] x, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        int[] top = new int[limit];
        double[] topContribution = new double[top.length];
        int found = 0;
        for (int i = 0; i < weights.length; i++) {
            double contribution = weights[i] * (x[i] - means[i]) / scales[i];
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
            StringBuilder text = new StringBuilder(48).append(features.get(top[k])).append('=');
            ReasonFormat.appendFixed(text, x[top[k]], 2).append(" (+");
            named.add(ReasonFormat.appendFixed(text, topContribution[k], 2).append(')').toString());
        }
        return List.copyOf(named);
    }

    /** Refuses a model made for other features than this detector computes: it would score garbage silently. */
    public FraudModel checked() {
        if (!FeatureExtractor.NAMES.equals(features)) {
            throw new IllegalArgumentException("Model " + version + " was trained on features " + features
                    + " but this detector computes " + FeatureExtractor.NAMES + "; retrain it with the train command");
        }
        int n = features.size();
        if (means.length != n || scales.length != n || weights.length != n) {
            throw new IllegalArgumentException("Model " + version + " has " + n + " features but arrays of other lengths");
        }
        return this;
    }

    public static FraudModel read(InputStream in) {
        try {
            return JSON.readValue(in, FraudModel.class).checked();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model", e);
        }
    }

    public static FraudModel read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the fraud model " + file, e);
        }
    }

    public void write(Path file) {
        try {
            JSON.writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the fraud model " + file, e);
        }
    }
}
