package dev.frauddetection.training.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.CommandLine;
import dev.frauddetection.training.evaluation.RankingFigures;
import dev.frauddetection.training.learner.LabelledRows;
import dev.frauddetection.training.learner.ModelSelection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code evaluate}: the prequential protocol on any labelled history. Train on a window of days, wait the label
 * delay (a model fitted at the end of the window knows only the frauds reported by then), test on the next window,
 * roll forward; for each test window, the figures of the model {@code train} would ship, of the logistic regression,
 * of XGBoost's own scores for the same trees, and of the amount alone, side by side. Features are computed once, in
 * event time, by the detector's own code, with fraud feedback at its known time.
 */
public final class Evaluate {

    static final String USAGE = """
            usage: evaluate --transactions FILE.csv --labels FILE.csv [--out FIGURES.json] [--train 21d] [--delay 7d]
                            [--test 7d] [--step 7d] [--k 100] [--budget 0.01] [--seed N]
                            [--label-delay-days D] [--map name=column,...] [--time-format PATTERN] [--skip-bad-rows]
              Durations in days (7d) or hours (3h). Fold n trains on [n*step, n*step + train) from the first day of the
              history as train does (its last fifth chooses the model, which is then fitted again on the whole
              window, with the frauds known when testing starts), waits --delay, and tests on the next --test; folds
              continue while a whole test window fits. Prints AUC ROC, average precision, card precision at --k a day and recall at an alert budget of
              --budget of the payments, per fold and on average, and writes them as JSON to --out.""";
    private static final long DAY = 86_400_000L;
    private static final String[] SCORERS = {"model", "logistic_regression", "xgboost_reference", "amount_alone"};

    private Evaluate() {
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, Evaluate::evaluate));
    }

    static void evaluate(String[] args) {
        Set<String> options = new HashSet<>(Set.of("transactions", "labels", "out", "train", "delay", "test", "step",
                "k", "budget", "seed", "label-delay-days"));
        options.addAll(CommandLine.HISTORY_OPTIONS);
        CommandLine cli = new CommandLine(args, options, CommandLine.HISTORY_FLAGS, USAGE);
        long train = duration(cli, "train", "21d", false);
        long delay = duration(cli, "delay", "7d", true);
        long testLength = duration(cli, "test", "7d", false);
        long step = duration(cli, "step", cli.optional("test", "7d"), false);
        int k = whole(cli, "k", "100", 1);
        double budget = Double.parseDouble(cli.optional("budget", "0.01"));
        if (!(budget > 0 && budget < 1)) {
            throw new IllegalArgumentException("--budget must be a share of payments between 0 and 1, not " + budget);
        }
        long seed = Long.parseLong(cli.optional("seed", "1"));
        LabelledRows rows = LabelledHistory.read(cli);
        if (rows.size() == 0) {
            throw new IllegalArgumentException("The history holds no payments");
        }

        long end = rows.time()[rows.size() - 1] + 1;
        List<Map<String, Object>> folds = new ArrayList<>();
        long first = train >= DAY ? Math.floorDiv(rows.time()[0], DAY) * DAY : rows.time()[0];
        for (long trainFrom = first; ; trainFrom += step) {
            long testFrom = trainFrom + train + delay;
            long testTo = testFrom + testLength;
            // A test window may end up to a tenth of itself after the last payment (a history that ends at 23:59).
            if (testTo > end + testLength / 10) {
                break;
            }
            folds.add(fold(rows, trainFrom, trainFrom + train, testFrom, testTo, k, budget, seed));
        }
        if (folds.isEmpty()) {
            throw new IllegalArgumentException("The history spans " + Duration.ofMillis(end - first) + ", less than one"
                    + " fold needs (" + Duration.ofMillis(train + delay + testLength) + ")");
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("protocol", Map.of("train", cli.optional("train", "21d"), "delay", cli.optional("delay", "7d"),
                "test", cli.optional("test", "7d"), "step", cli.optional("step", cli.optional("test", "7d")), "k", k,
                "budget", budget));
        report.put("folds", folds);
        report.put("mean", mean(folds));
        print(folds, report);
        if (cli.has("out")) {
            write(Path.of(cli.required("out")), report);
        }
    }

    private static Map<String, Object> fold(LabelledRows rows, long trainFrom, long trainTo, long testFrom, long testTo,
                                            int k, double budget, long seed) {
        int a = rows.firstAtOrAfter(trainFrom);
        int b = rows.firstAtOrAfter(trainTo);
        int validFrom = a + (int) ((b - a) * 0.8);
        // What a model fitted when testing starts can know: the frauds reported by then.
        LabelledRows training = rows.slice(a, validFrom).knownBy(testFrom);
        LabelledRows validation = rows.slice(validFrom, b).knownBy(testFrom);
        LabelledRows test = rows.slice(rows.firstAtOrAfter(testFrom), rows.firstAtOrAfter(testTo));
        Map<String, Object> fold = new LinkedHashMap<>();
        fold.put("train", Instant.ofEpochMilli(trainFrom) + "/" + Instant.ofEpochMilli(trainTo));
        fold.put("test", Instant.ofEpochMilli(testFrom) + "/" + Instant.ofEpochMilli(testTo));
        fold.put("train_payments", b - a);
        fold.put("train_frauds_known", training.frauds() + validation.frauds());
        fold.put("test_payments", test.size());
        fold.put("test_frauds", test.frauds());
        System.out.printf(Locale.ROOT, "Fold %s, test %s:%n", fold.get("train"), fold.get("test"));
        ModelSelection.Selection chosen = ModelSelection.select(training, validation, "evaluate", seed,
                System.out::println);
        // Tested as train ships it: the choice fitted again on the whole training window.
        try (ModelSelection.Selection selection = ModelSelection.refit(chosen, rows.slice(a, b).knownBy(testFrom),
                "evaluate", seed)) {
            fold.put("chosen", selection.reason());
            FraudModel model = selection.model();
            Map<String, Map<String, Double>> figures = new LinkedHashMap<>();
            figures.put("model", RankingFigures.of(ModelSelection.scores(model, test.features()), test, k, budget).asMap());
            figures.put("logistic_regression", RankingFigures.of(ModelSelection.scores(selection.logisticRegression(),
                    test.features()), test, k, budget).asMap());
            figures.put("xgboost_reference", RankingFigures.of(selection.trees().xgboostScores(test.features()), test,
                    k, budget).asMap());
            figures.put("amount_alone", RankingFigures.of(test.euros(), test, k, budget).asMap());
            fold.put("figures", figures);
        }
        return fold;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Double>> mean(List<Map<String, Object>> folds) {
        Map<String, Map<String, Double>> mean = new LinkedHashMap<>();
        for (String scorer : SCORERS) {
            Map<String, Double> sums = new LinkedHashMap<>();
            for (Map<String, Object> fold : folds) {
                Map<String, Double> figures = ((Map<String, Map<String, Double>>) fold.get("figures")).get(scorer);
                figures.forEach((name, value) -> sums.merge(name, value / folds.size(), Double::sum));
            }
            mean.put(scorer, sums);
        }
        return mean;
    }

    @SuppressWarnings("unchecked")
    private static void print(List<Map<String, Object>> folds, Map<String, Object> report) {
        System.out.printf(Locale.ROOT, "%n%-30s %-20s %8s %8s %8s %8s%n", "test window (from)", "scorer", "AUC ROC",
                "AP", "CP@k", "R@budget");
        for (Map<String, Object> fold : folds) {
            String from = ((String) fold.get("test")).substring(0, 16);
            Map<String, Map<String, Double>> figures = (Map<String, Map<String, Double>>) fold.get("figures");
            for (String scorer : SCORERS) {
                row(from + " (" + fold.get("test_frauds") + " fr.)", scorer, figures.get(scorer));
            }
        }
        Map<String, Map<String, Double>> mean = (Map<String, Map<String, Double>>) report.get("mean");
        for (String scorer : SCORERS) {
            row("mean of " + folds.size() + " folds", scorer, mean.get(scorer));
        }
    }

    private static void row(String window, String scorer, Map<String, Double> f) {
        System.out.printf(Locale.ROOT, "%-30s %-20s %8.4f %8.4f %8.4f %8.4f%n", window, scorer, f.get("auc_roc"),
                f.get("average_precision"), f.get("card_precision_at_k"), f.get("recall_at_budget"));
    }

    private static void write(Path out, Map<String, Object> report) {
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.out.println("Figures written to " + out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
    }

    /** A duration option in days ("7d") or hours ("3h"), in milliseconds. */
    private static long duration(CommandLine cli, String name, String fallback, boolean zeroAllowed) {
        String text = cli.optional(name, fallback);
        if (text.matches("\\d{1,4}(\\.\\d{1,3})?[dh]")) {
            double amount = Double.parseDouble(text.substring(0, text.length() - 1));
            long millis = (long) (amount * (text.endsWith("d") ? DAY : DAY / 24));
            if (millis > 0 || zeroAllowed) {
                return millis;
            }
        }
        throw new IllegalArgumentException("--" + name + " must be a duration in days or hours such as 7d or 3h"
                + (zeroAllowed ? "" : ", more than 0") + ", not '" + text + "'");
    }

    private static int whole(CommandLine cli, String name, String fallback, int min) {
        String text = cli.optional(name, fallback);
        if (text.matches("\\d{1,4}") && Integer.parseInt(text) >= min) {
            return Integer.parseInt(text);
        }
        throw new IllegalArgumentException("--" + name + " must be a whole number of at least " + min + ", not '" + text
                + "'");
    }
}
