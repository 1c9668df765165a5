package dev.frauddetection.ingest.simulator;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code simulate}: writes N simulated payments with their ground truth to CSV in the detector's generic history
 * format (transactions.csv and labels.csv), for training and backtesting without a database. Uses the simulator
 * settings of application.properties; the same seed always writes the same files.
 */
public final class SimulationExport {

    private SimulationExport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: simulate COUNT SEED OUT_DIR [PAYMENTS_PER_SECOND [ACCOUNTS]]");
            System.exit(2);
        }
        int count = Integer.parseInt(args[0]);
        long seed = Long.parseLong(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        PropertiesSimulatorConfig config = PropertiesSimulatorConfig.fromClasspath();
        // The rate and accounts of a deployment (the chart's kind values: 5/s over 50,000 accounts) rather than the
        // local stack's 80/s over 500,000: how often an account pays decides what its history holds.
        if (args.length == 5) {
            config.properties().setProperty("fraud.simulator.total-accounts", args[4]);
        }
        double rate = args.length >= 4 ? Double.parseDouble(args[3]) : SimulationEngine.configuredRate(config);
        Instant end = Instant.parse("2026-11-01T00:00:00Z");
        SimulationEngine engine = new SimulationEngine(config, seed, end.minus(Duration.ofMillis((long) (count / rate * 1000))), rate);
        int frauds = 0;
        try (PrintWriter tx = writer(dir.resolve("transactions.csv")); PrintWriter labels = writer(dir.resolve("labels.csv"))) {
            tx.println("transaction_id,timestamp,account_id,merchant_id,amount,currency,country,lat,lon,merchant_category,channel,card_fingerprint");
            labels.println("transaction_id,is_fraud,known_at");
            for (int written = 0; written < count; written += 10_000) {
                List<SimulatedPayment> chunk = engine.take(Math.min(10_000, count - written));
                for (SimulatedPayment p : chunk) {
                    var t = p.transaction();
                    tx.printf(Locale.ROOT, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s%n", t.id(), t.createdAt().toInstant(),
                            t.accountId(), t.merchantId(), t.amount().toPlainString(), t.currency(), t.country(), t.lat(),
                            t.lon(), t.merchantCategory(), t.channel(), t.cardFingerprint());
                    labels.printf("%s,%s,%s%n", t.id(), p.isFraud(), p.chargebackDue() == null ? "" : p.chargebackDue());
                    frauds += p.isFraud() ? 1 : 0;
                }
            }
        }
        System.out.printf("Wrote %d payments (%d frauds) with seed %d to %s%n", count, frauds, seed, dir);
    }

    private static PrintWriter writer(Path file) throws IOException {
        return new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }
}
