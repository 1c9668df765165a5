package dev.frauddetection.training.learner;

import dev.frauddetection.detector.scoring.TreeEnsemble;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient-boosted trees fitted by XGBoost on a subset of the detector's feature columns, with the number of trees
 * chosen by early stopping on a later, time-ordered validation split (average precision, {@code aucpr}). The result
 * keeps XGBoost's own booster (for the side-by-side check of the converted trees) until closed.
 */
public final class GradientBoosting {

    /** Rounds without a better validation average precision before boosting stops. */
    static final int PATIENCE = 40;
    static final int MAX_ROUNDS = 600;

    private GradientBoosting() {
    }

    /** A fitted booster, its trees as the detector scores them and how it did on the validation split. */
    public static final class Fitted implements AutoCloseable {
        private final Booster booster;
        private final int[] columns;
        private final int trees;
        private final BoostingSettings settings;
        private final TreeEnsemble ensemble;
        private final double validationAp;
        private boolean closed;

        private Fitted(Booster booster, int[] columns, int trees, BoostingSettings settings,
                       TreeEnsemble ensemble, double validationAp) {
            this.booster = booster;
            this.columns = columns;
            this.trees = trees;
            this.settings = settings;
            this.ensemble = ensemble;
            this.validationAp = validationAp;
        }

        public TreeEnsemble ensemble() {
            return ensemble;
        }

        public int trees() {
            return trees;
        }

        public BoostingSettings settings() {
            return settings;
        }

        public int[] columns() {
            return columns.clone();
        }

        public double validationAveragePrecision() {
            return validationAp;
        }

        /** XGBoost's own probabilities for these rows (the trees early stopping kept): the reference the converted trees must match. */
        public double[] xgboostScores(List<double[]> rows) {
            try {
                DMatrix matrix = matrix(rows, null, columns);
                try {
                    float[][] predicted = booster.predict(matrix, false, trees);
                    double[] scores = new double[predicted.length];
                    for (int i = 0; i < scores.length; i++) {
                        scores[i] = predicted[i][0];
                    }
                    return scores;
                } finally {
                    matrix.dispose();
                }
            } catch (XGBoostError e) {
                throw new IllegalStateException("XGBoost could not score: " + e.getMessage(), e);
            }
        }

        /** Frees XGBoost's native memory; closing twice is harmless. */
        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                booster.dispose();
            }
        }
    }

    /**
     * Fits trees on {@code training} over the given feature columns (indices into the detector's features), stopping
     * when the average precision on {@code validation} has not improved for {@value #PATIENCE} rounds.
     */
    public static Fitted fit(LabelledRows training, LabelledRows validation, int[] columns, BoostingSettings settings,
                             long seed) {
        if (training.frauds() == 0 || training.frauds() == training.size()) {
            throw new IllegalArgumentException("Training needs both fraud and genuine payments; got "
                    + training.frauds() + " frauds in " + training.size());
        }
        if (validation.frauds() == 0) {
            throw new IllegalArgumentException("The validation split holds no fraud, so nothing can choose the number"
                    + " of trees: give a longer history or a larger validation share");
        }
        double prior = training.frauds() / (double) training.size();
        try {
            DMatrix train = matrix(training.features(), training.fraud(), columns);
            DMatrix valid = matrix(validation.features(), validation.fraud(), columns);
            try {
                Map<String, DMatrix> watches = new LinkedHashMap<>();
                watches.put("validation", valid);
                float[][] metrics = new float[1][MAX_ROUNDS];
                Booster booster = XGBoost.train(train, settings.xgboostParameters(prior, seed), MAX_ROUNDS, watches,
                        metrics, null, null, PATIENCE);
                XGBoostTrees converted = XGBoostTrees.of(booster, columns);
                int best = bestRound(metrics[0], converted.count());
                TreeEnsemble ensemble = converted.ensemble(best + 1, settings.depth(), settings.learningRate());
                return new Fitted(booster, columns.clone(), best + 1, settings, ensemble, metrics[0][best]);
            } finally {
                train.dispose();
                valid.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /**
     * Fits {@code rounds} trees on all of {@code rows} with the settings and columns a selection chose: the model to
     * ship, learnt from the most recent payments too (those the validation and held-out splits kept back). Its
     * validation figure is that of the fit it repeats.
     */
    public static Fitted refit(LabelledRows rows, Fitted chosen, long seed) {
        if (rows.frauds() == 0 || rows.frauds() == rows.size()) {
            throw new IllegalArgumentException("Training needs both fraud and genuine payments; got " + rows.frauds()
                    + " frauds in " + rows.size());
        }
        double prior = rows.frauds() / (double) rows.size();
        try {
            DMatrix all = matrix(rows.features(), rows.fraud(), chosen.columns);
            try {
                Map<String, Object> parameters = chosen.settings.xgboostParameters(prior, seed);
                Booster booster = XGBoost.train(all, parameters, chosen.trees, new LinkedHashMap<>(), null, null,
                        null, 0);
                TreeEnsemble ensemble = XGBoostTrees.of(booster, chosen.columns).ensemble(chosen.trees,
                        chosen.settings.depth(), chosen.settings.learningRate());
                return new Fitted(booster, chosen.columns, chosen.trees, chosen.settings, ensemble, chosen.validationAp);
            } finally {
                all.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** The round with the best validation figure among those boosted (the first on a tie: fewer trees). */
    static int bestRound(float[] metric, int rounds) {
        int best = 0;
        for (int i = 1; i < rounds; i++) {
            if (metric[i] > metric[best]) {
                best = i;
            }
        }
        return best;
    }

    static DMatrix matrix(List<double[]> rows, boolean[] labels, int[] columns) throws XGBoostError {
        float[] data = new float[rows.size() * columns.length];
        for (int i = 0, k = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            for (int column : columns) {
                data[k++] = (float) row[column];
            }
        }
        DMatrix matrix = new DMatrix(data, rows.size(), columns.length, Float.NaN);
        if (labels != null) {
            float[] y = new float[labels.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = labels[i] ? 1 : 0;
            }
            matrix.setLabel(y);
        }
        return matrix;
    }
}
