package dev.frauddetection.detector.scoring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A sum of depth-limited trees over the raw feature values ({@link TreeEnsemble}): the kind {@code train} ships. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
// "kind" is written from kind() and read by FraudModel.read to pick this record; "bias" (always 0 here) is in every
// boosted-trees file written before the two kinds were separate records, the shipped model's among them.
@JsonIgnoreProperties(value = {"kind", "bias"}, allowGetters = true)
public record BoostedTreesModel(String version, List<String> features, TreeEnsemble trees, String trainedAt,
                                Map<String, Double> evaluation) implements FraudModel {

    /** Over the detector's features, trained now, not yet evaluated. */
    static BoostedTreesModel of(String version, TreeEnsemble trees) {
        return new BoostedTreesModel(version, FeatureExtractor.NAMES, trees, Instant.now().toString(),
                new LinkedHashMap<>());
    }

    @Override
    @JsonProperty("kind")
    public String kind() {
        return BOOSTED_TREES;
    }

    @Override
    public double logit(double[] x) {
        return trees.logit(x);
    }

    @Override
    public double[] contributions(double[] x) {
        return trees.contributions(x);
    }

    @Override
    public BoostedTreesModel withEvaluation(Map<String, Double> figures) {
        return new BoostedTreesModel(version, features, trees, trainedAt, figures);
    }

    @Override
    public BoostedTreesModel checked() {
        FraudModel.checkFeatures(version, features);
        if (trees == null) {
            throw new IllegalArgumentException("Model " + version + " of kind " + BOOSTED_TREES
                    + " needs trees with a depth from 1 to " + TreeEnsemble.MAX_DEPTH + ", features, thresholds and values");
        }
        trees.check(version, features.size());
        return this;
    }
}
