package dev.frauddetection.detector.bench;

import dev.frauddetection.detector.features.DetectorState;
import dev.frauddetection.detector.features.Payment;
import dev.frauddetection.detector.rules.RuleSet;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.tools.DefaultScoring;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * The scoring hot path (features, every rule of the shipped rule set, the shipped model; no I/O) on one thread, and
 * the memory one account's history takes. Prints its figures; not part of the normal test run:
 * {@code ./mvnw -pl detector-service verify -Pbenchmark}. The throughput runs over 100,000 accounts, so that most
 * histories are out of the CPU's caches as in production; {@code -Dsurefire.heap="-Xmx8g -Dbench.accounts=1000"} runs
 * it over 1,000 busy ones instead (256 recent payments each, the histories in cache).
 */
@Tag("benchmark")
class ScoringBenchmark {

    private static final String[] COUNTRIES = {"DE", "FR", "GB", "NL", "ES", "IT", "AT", "PL"};
    private static final String[] CHANNELS = {"CARD_PRESENT", "CARD_PRESENT", "CARD_PRESENT", "ONLINE"};

    @Test
    void scoringThroughputOnOneThread() {
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        int accounts = Integer.getInteger("bench.accounts", 100_000);
        Payment[] payments = payments(accounts, 3_000_000, 7);
        ScoringEngine engine = new ScoringEngine(new DetectorState(), () -> rules, () -> model);

        int warmUp = 1_000_000;
        for (int i = 0; i < warmUp; i++) {
            engine.assess(payments[i]);
        }
        // Four rounds, each printed: on a shared 2-core VM single runs vary by a fifth, and the rounds show whether a
        // figure moved within one JVM (the compiler, a collection) or between runs.
        int rounds = 4;
        int perRound = (payments.length - warmUp) / rounds;
        double[] rates = new double[rounds];
        long started = System.nanoTime();
        double sink = 0;
        for (int round = 0; round < rounds; round++) {
            long roundStarted = System.nanoTime();
            int from = warmUp + round * perRound;
            for (int i = from; i < from + perRound; i++) {
                sink += engine.assess(payments[i]).score();
            }
            rates[round] = perRound / ((System.nanoTime() - roundStarted) / 1e9);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int measured = rounds * perRound;
        System.out.printf("%nBENCHMARK scoring rounds of %d payments: %s payments/s%n", perRound,
                Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%,.0f", r))
                        .collect(Collectors.joining(" / ")));
        System.out.printf("%nBENCHMARK scoring: %d payments over %d accounts in %.2f s = %.0f payments/s on one thread "
                + "(%d rules + logistic regression over %d features; checksum %.1f)%n%n", measured, accounts, seconds,
                measured / seconds, rules.rules().size(), model.features().size(), sink);
    }

    @Test
    void memoryPerAccount() {
        int accounts = 200_000;
        Payment[] payments = payments(accounts, 2_000_000, 11);
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        long before = usedHeap();
        ScoringEngine engine = new ScoringEngine(new DetectorState(), () -> rules, () -> model);
        for (Payment payment : payments) {
            engine.remember(payment);
        }
        long after = usedHeap();
        System.out.printf("%nBENCHMARK state: %d accounts with %.1f payments each on average take %.0f bytes per account "
                + "(%d merchants)%n%n", engine.state().accounts(), payments.length / (double) accounts,
                (after - before) / (double) engine.state().accounts(), engine.state().merchants());
    }

    /** Payments spread over accounts in time order: an account pays about every 90 minutes, in its home country. */
    private static Payment[] payments(int accounts, int count, long seed) {
        Random random = new Random(seed);
        Payment[] payments = new Payment[count];
        long time = 1_790_000_000_000L;
        long step = 90L * 60 * 1000 / Math.max(1, count / accounts) / accounts * Math.max(1, count / accounts);
        for (int i = 0; i < count; i++) {
            time += Math.max(1, step);
            int account = random.nextInt(accounts);
            String country = COUNTRIES[account % COUNTRIES.length];
            payments[i] = new Payment("tx-" + i, "acc-" + account, "fp-" + account, "m-" + country + "-" + random.nextInt(200),
                    "5411", CHANNELS[random.nextInt(CHANNELS.length)], Math.exp(3.4 + random.nextGaussian()), "EUR",
                    country, 48 + random.nextDouble() * 5, 2 + random.nextDouble() * 15, time);
        }
        return payments;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
