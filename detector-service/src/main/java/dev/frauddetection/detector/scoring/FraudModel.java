package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.frauddetection.detector.features.FeatureExtractor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

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

    /** The features that pushed the score up most, strongest first, as "name=value (+contribution)". */
    public List<String> topContributions(double[] x, int limit) {
        double[] contribution = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            contribution[i] = weights[i] * (x[i] - means[i]) / scales[i];
        }
        return IntStream.range(0, weights.length).boxed()
                .filter(i -> contribution[i] > 0.05)
                .sorted(Comparator.comparingDouble(i -> -contribution[i]))
                .limit(limit)
                .map(i -> String.format(Locale.ROOT, "%s=%.2f (+%.2f)", features.get(i), x[i], contribution[i]))
                .toList();
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
