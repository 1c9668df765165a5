package dev.frauddetection.training.command;

import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.training.CommandLine;
import dev.frauddetection.training.deployment.DeploymentHistory;
import dev.frauddetection.training.deployment.ModelRegistrar;
import dev.frauddetection.training.evaluation.RankingFigures;
import dev.frauddetection.training.learner.LabelledRows;
import dev.frauddetection.training.learner.ModelSelection;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
                   train --from-database JDBC_URL --db-user USER [--db-password-file FILE] --model OUT.json
                         [--since DAY] [--until DAY]
                         [--register DETECTOR_URL --token-file FILE --reason TEXT] [the options below]
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
              payment (default: never).
              --from-database reads the deployment's own payments of [--since, --until) (days, UTC; default the 30
              days before today, or --window-days N) and their outcomes as they became known (chargebacks and analysts' triage, later
              evidence winning: model-training/src/main/resources/sql/payment-outcomes.sql) from PostgreSQL, the
              password from --db-password-file or the environment variable FRAUD_TRAIN_DB_PASSWORD. --register then registers the model
              with the detector's registry as a candidate (it judges nothing until made the challenger), with its
              window, payments, frauds and data fingerprint, using the token in --token-file (role rules-admin).""";

    private Train() {
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, Train::train));
    }

    public static void train(String[] args) {
        Set<String> options = new HashSet<>(Set.of("transactions", "labels", "model", "version", "seed", "holdout",
                "validation", "kind", "label-delay-days", "burn-in-days", "refit", "from-database", "db-user", "since",
                "until", "register", "token-file", "reason", "db-password-file", "window-days"));
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
        String refitOption = cli.optional("refit", "true");
        if (!refitOption.equals("true") && !refitOption.equals("false")) {
            throw new IllegalArgumentException("--refit must be true or false, not '" + refitOption + "'");
        }
        boolean refit = refitOption.equals("true");

        long burnIn = (long) (share(cli, "burn-in-days", "0", 0, 366) * 86_400_000L);
        DeploymentHistory deployment = cli.has("from-database") ? fromDatabase(cli) : null;
        if (cli.has("register") && !(cli.has("token-file") && cli.has("reason"))) {
            throw new IllegalArgumentException("--register needs --token-file (a rules-admin token) and --reason");
        }
        LabelledRows replayed = deployment == null ? LabelledHistory.read(cli)
                : LabelledHistory.replay(deployment.payments(), deployment.labels(), null);
        // From the database, the version names the window's end and the data, so a scheduled run that finds the same
        // data makes the same version (and the registry refuses it again) while new data makes a new one.
        String version = cli.optional("version", deployment == null ? "model-" + LocalDate.now()
                : "db-" + LocalDate.ofInstant(deployment.to(), ZoneOffset.UTC) + "-"
                + deployment.fingerprint().substring("sha256:".length(), "sha256:".length() + 8));
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
            if (cli.has("register")) {
                String token = Files.readString(Path.of(cli.required("token-file"))).strip();
                System.out.println("Registered as a candidate: " + ModelRegistrar.register(URI.create(cli.required(
                        "register")), token, cli.required("reason"), out, deployment));
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static DeploymentHistory fromDatabase(CommandLine cli) {
        if (cli.has("transactions") || cli.has("labels")) {
            throw new IllegalArgumentException("--from-database reads payments and outcomes from the database; leave "
                    + "out --transactions and --labels");
        }
        String password;
        try {
            password = cli.has("db-password-file") ? Files.readString(cli.existingFile("db-password-file")).strip()
                    : System.getenv("FRAUD_TRAIN_DB_PASSWORD");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("Cannot read --db-password-file: " + e.getMessage(), e);
        }
        if (password == null) {
            throw new IllegalArgumentException("--from-database needs the password in --db-password-file or "
                    + "FRAUD_TRAIN_DB_PASSWORD (never on the command line, where other users of the machine can read it)");
        }
        Instant until = day(cli, "until", LocalDate.now(ZoneOffset.UTC).plusDays(1));
        if (cli.has("since") && cli.has("window-days")) {
            throw new IllegalArgumentException("give --since or --window-days, not both");
        }
        String days = cli.optional("window-days", "30");
        if (!days.matches("\\d{1,4}") || Integer.parseInt(days) < 1) {
            throw new IllegalArgumentException("--window-days must be a whole number of days, at least 1, not '" + days
                    + "'");
        }
        int windowDays = Integer.parseInt(days);
        Instant since = day(cli, "since", LocalDate.ofInstant(until, ZoneOffset.UTC).minusDays(windowDays));
        try {
            DeploymentHistory history = DeploymentHistory.read(cli.required("from-database"), cli.required("db-user"),
                    password, since, until);
            System.out.printf(Locale.ROOT, "From the database, %s to %s: %d payments, %d outcomes (%d frauds); data %s%n",
                    since, until, history.payments().size(), history.labels().size(), history.frauds(),
                    history.fingerprint());
            return history;
        } catch (java.sql.SQLException e) {
            throw new IllegalArgumentException("Cannot read payments from " + cli.required("from-database") + ": "
                    + e.getMessage(), e);
        }
    }

    private static Instant day(CommandLine cli, String name, LocalDate fallback) {
        String text = cli.optional(name, fallback.toString());
        try {
            return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("--" + name + " must be a day such as 2026-11-01, not '" + text + "'");
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
