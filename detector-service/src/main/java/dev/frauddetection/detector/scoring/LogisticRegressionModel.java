package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.util.List;
import java.util.Map;

/** Standardisation (mean and scale per feature), weights and bias: the baseline every boosted-trees model must beat. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
// "kind" is written from kind() and read by FraudModel.read to pick this record.
@JsonIgnoreProperties(value = "kind", allowGetters = true)
public record LogisticRegressionModel(String version, List<String> features, double[] means, double[] scales,
                                      double[] weights, double bias, String trainedAt, Map<String, Double> evaluation)
        implements FraudModel {

    @Override
    @JsonProperty("kind")
    public String kind() {
        return LOGISTIC_REGRESSION;
    }

    @Override
    public double logit(double[] x) {
        double logit = bias;
        for (int i = 0; i < weights.length; i++) {
            logit += weights[i] * (x[i] - means[i]) / scales[i];
        }
        return logit;
    }

    @Override
    public double[] contributions(double[] x) {
        double[] shares = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            shares[i] = weights[i] * (x[i] - means[i]) / scales[i];
        }
        return shares;
    }

    @Override
    public LogisticRegressionModel withEvaluation(Map<String, Double> figures) {
        return new LogisticRegressionModel(version, features, means, scales, weights, bias, trainedAt, figures);
    }

    @Override
    public LogisticRegressionModel checked() {
        FraudModel.checkFeatures(version, features);
        int n = features.size();
        if (means == null || scales == null || weights == null
                || means.length != n || scales.length != n || weights.length != n) {
            throw new IllegalArgumentException("Model " + version + " has " + n
                    + " features but no means, scales and weights of that length");
        }
        return this;
    }
}
