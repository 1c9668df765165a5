package dev.frauddetection.detector.training;

import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.Assessment;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.scoring.rules.RuleHit;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.training.HistoryCsv.Label;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code backtest}: runs the detector's feature, rule and model code over a history in event time, exactly as live,
 * writes a score and decision per transaction, and with labels reports AUC ROC, average precision, and precision and
 * recall at the operating point (any decision other than ALLOW).
 */
public final class Backtest {

    static final String USAGE = """
            usage: backtest --transactions FILE.csv --out SCORES.csv [--labels FILE.csv] [--model MODEL.json] [--rules RULES.json]
                            [--label-delay-days D] [--max-accounts N] [--map name=column,...] [--time-format PATTERN]
                            [--skip-bad-rows]
              Without --model and --rules the detector's shipped model and default rule set are used. A fraud label
              without known_at is fed back --label-delay-days after its payment (default: never). --max-accounts holds
              the state to a deployment's account budget (FRAUD_DETECTOR_STATE_MAX_ACCOUNTS), evicting the least
              recently active histories as the live detector does, to see what its memory limit costs in missed frauds.""";

    private Backtest() {
    }

    public static void main(String[] args) {
        System.exit(CommandLine.run(args, Backtest::backtest));
    }

    static void backtest(String[] args) {
        Set<String> options = new java.util.HashSet<>(Set.of("transactions", "labels", "model", "rules", "out",
                "label-delay-days", "max-accounts"));
        options.addAll(CommandLine.HISTORY_OPTIONS);
        CommandLine cli = new CommandLine(args, options, CommandLine.HISTORY_FLAGS, USAGE);
        HistoryCsv.Format format = cli.historyFormat();
        HistoryCsv.Read<List<Payment>> read = HistoryCsv.readPayments(cli.existingFile("transactions"), format);
        List<Payment> payments = read.rows();
        read.report("transaction", System.out::println);
        Map<String, Label> labels = Map.of();
        if (cli.has("labels")) {
            HistoryCsv.Read<Map<String, Label>> readLabels = HistoryCsv.readLabels(cli.existingFile("labels"), format);
            readLabels.report("label", System.out::println);
            labels = readLabels.rows();
        }
        Long delay = cli.labelDelayMillis();
        FraudModel model = cli.has("model") ? FraudModel.read(cli.existingFile("model")) : DefaultScoring.model();
        RuleSet rules = cli.has("rules") ? DefaultScoring.rules(cli.existingFile("rules")) : DefaultScoring.rules();
        Path out = Path.of(cli.required("out"));

        DetectorState state = new DetectorState();
        if (cli.has("max-accounts")) {
            state.budget(cli.positiveInt("max-accounts"));
        }
        ScoringEngine engine = ScoringEngine.withModel(state, () -> rules, model);
        List<Assessment> assessments = new ArrayList<>(payments.size());
        long started = System.nanoTime();
        HistoryReplay.run(payments, labels, delay, engine, payment -> assessments.add(engine.assess(payment)));
        double seconds = (System.nanoTime() - started) / 1e9;
        write(out, payments, assessments);

        System.out.printf(Locale.ROOT, "Scored %d payments in %.2f s (%.0f/s) with model %s and rule set %d; scores in %s%n",
                payments.size(), seconds, payments.size() / seconds, model.version(), rules.version(), out);
        if (cli.has("max-accounts")) {
            System.out.printf(Locale.ROOT, "  account budget %,d: %,d histories evicted for it (the last had paid %.1f h "
                    + "before the newest payment)%n", cli.positiveInt("max-accounts"), state.evictedForBudget(),
                    state.budgetEvictionAge() / 3_600_000.0);
        }
        if (!labels.isEmpty()) {
            report(payments, labels, assessments);
        }
    }

    private static void report(List<Payment> payments, Map<String, Label> labels, List<Assessment> assessments) {
        double[] scores = assessments.stream().mapToDouble(Assessment::score).toArray();
        boolean[] fraud = new boolean[payments.size()];
        boolean[] flagged = new boolean[payments.size()];
        boolean[] alerted = new boolean[payments.size()];
        for (int i = 0; i < fraud.length; i++) {
            Label label = labels.get(payments.get(i).id());
            fraud[i] = label != null && label.fraud();
            flagged[i] = assessments.get(i).decision().raisesAlert();
            alerted[i] = assessments.get(i).decision().compareTo(Decision.ALERT) >= 0;
        }
        System.out.printf(Locale.ROOT, "  %-28s %.4f%n", "auc_roc", Evaluation.aucRoc(scores, fraud));
        System.out.printf(Locale.ROOT, "  %-28s %.4f%n", "average_precision", Evaluation.averagePrecision(scores, fraud));
        print("REVIEW or above", Evaluation.atOperatingPoint(flagged, fraud));
        print("ALERT or above", Evaluation.atOperatingPoint(alerted, fraud));
    }

    private static void print(String point, Map<String, Double> result) {
        System.out.printf(Locale.ROOT, "  %-28s precision %.4f  recall %.4f  (%d flagged, %d frauds)%n", point,
                result.get("precision"), result.get("recall"), result.get("flagged").longValue(),
                result.get("frauds").longValue());
    }

    private static void write(Path out, List<Payment> payments, List<Assessment> assessments) {
        try (PrintWriter writer = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            writer.println("transaction_id,score,model_score,decision,rules");
            for (int i = 0; i < payments.size(); i++) {
                Assessment a = assessments.get(i);
                writer.printf(Locale.ROOT, "%s,%.6f,%.6f,%s,%s%n", payments.get(i).id(), a.score(), a.modelScore(),
                        a.decision(), a.hits().stream().map(RuleHit::rule).collect(Collectors.joining(";")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + out, e);
        }
    }
}
