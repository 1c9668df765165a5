package dev.frauddetection.training.command;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.training.CommandLine;
import dev.frauddetection.detector.training.HistoryCsv.Label;
import dev.frauddetection.detector.training.HistoryCsv;
import dev.frauddetection.detector.training.HistoryReplay;
import dev.frauddetection.training.learner.LabelledRows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A labelled history read from the user's files and replayed in event time through the detector's own feature code,
 * fraud labels fed back as chargebacks at the moment they became known: the rows a model learns from are the rows it
 * would have seen live.
 */
final class LabelledHistory {

    private LabelledHistory() {
    }

    static LabelledRows read(CommandLine cli) {
        HistoryCsv.Format format = cli.historyFormat();
        HistoryCsv.Read<List<Payment>> payments = HistoryCsv.readPayments(cli.existingFile("transactions"), format);
        payments.report("transaction", System.out::println);
        HistoryCsv.Read<Map<String, Label>> labels = HistoryCsv.readLabels(cli.existingFile("labels"), format);
        labels.report("label", System.out::println);
        return replay(payments.rows(), labels.rows(), cli.labelDelayMillis());
    }

    static LabelledRows replay(List<Payment> payments, Map<String, Label> labels, Long labelDelayMillis) {
        ScoringEngine engine = ScoringEngine.withModel(new DetectorState(), () -> null, null);
        List<double[]> rows = new ArrayList<>(payments.size());
        HistoryReplay.run(payments, labels, labelDelayMillis, engine,
                payment -> rows.add(engine.featuresAndRemember(payment)));
        int n = payments.size();
        boolean[] fraud = new boolean[n];
        long[] knownAt = new long[n];
        long[] time = new long[n];
        String[] account = new String[n];
        double[] euros = new double[n];
        for (int i = 0; i < n; i++) {
            Payment p = payments.get(i);
            Label label = labels.get(p.id());
            fraud[i] = label != null && label.fraud();
            knownAt[i] = label == null ? LabelledRows.ALWAYS_KNOWN : label.knownAt() != null ? label.knownAt()
                    : labelDelayMillis != null ? p.time() + labelDelayMillis : LabelledRows.ALWAYS_KNOWN;
            time[i] = p.time();
            account[i] = p.accountId();
            euros[i] = p.amountInEuros();
        }
        return new LabelledRows(rows, fraud, knownAt, time, account, euros);
    }
}
