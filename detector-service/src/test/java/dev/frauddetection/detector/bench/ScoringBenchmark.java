package dev.frauddetection.detector.bench;

import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.Assessment;
import dev.frauddetection.detector.scoring.DefaultScoring;
import dev.frauddetection.detector.scoring.FraudModel;
import dev.frauddetection.detector.scoring.LiveModels;
import dev.frauddetection.detector.scoring.ScoringEngine;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.state.DetectorState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scoring hot path (features, every rule of the shipped rule set, the shipped model; no I/O) on one thread, the
 * model alone, the memory one account's history takes, and this machine's memory latency, which bounds the first.
 * Prints its figures; not part of the normal test run: {@code ./mvnw -pl detector-service verify -Pbenchmark}.
 *
 * <p>The throughput runs over 100,000 accounts, so that most histories are out of the CPU's caches as in production;
 * {@code -Dsurefire.heap="-Xmx8g -Dbench.accounts=1000"} runs it over 1,000 accounts instead, whose histories stay in
 * cache. Either way an account pays about every 50 minutes of event time (about 29 payments in its last 24 hours),
 * nine in ten at one of its few usual merchants (as the project's simulator does), card-present near its home city or
 * online; one card-present payment in a hundred is far away (500 km or more), so the impossible-travel rule and the
 * explanations of alerts run about as often as in real traffic, not on every payment. The run prints the decisions
 * it made.
 */
@Tag("benchmark")
class ScoringBenchmark {

    private static final String[] COUNTRIES = {"DE", "FR", "GB", "NL", "ES", "IT", "AT", "PL"};
    /** One card-present payment in this many is far from home: about the share of alerts in real card traffic. */
    private static final int FAR_AWAY_ONE_IN = 100;

    /**
     * The same payments through two engines of their own, one after the other in this JVM (each dropped before the
     * next): one judging them one at a time (as the live pipeline does, one change event after another), one warming
     * the caches for each next 32 first ({@link ScoringEngine#prefetch}, as backtest and train do). Their checksums
     * and decisions must match: warming changes nothing.
     */
    @Test
    void scoringThroughputOnOneThread() {
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        int accounts = Integer.getInteger("bench.accounts", 100_000);
        int batch = Integer.getInteger("bench.batch", 32);
        Payment[] payments = payments(accounts, 3_000_000, 7);
        List<Payment> all = Arrays.asList(payments);
        String[] modes = {"one at a time", "warmed " + batch + " at a time"};
        double[] checksums = new double[modes.length];
        int[][] decisions = new int[modes.length][Decision.values().length];
        for (int m = 0; m < modes.length; m++) {
            ScoringEngine engine = ScoringEngine.withModel(new DetectorState(), () -> rules, model);
            int warmUp = 1_000_000;
            // Four rounds, each printed: on a shared 2-core VM single runs vary by a fifth, and the rounds show whether
            // a figure moved within one JVM (the compiler, a collection) or between runs.
            int rounds = 4;
            int perRound = (payments.length - warmUp) / rounds;
            double[] rates = new double[rounds];
            double sink = 0;
            long started = 0;
            long roundStarted = 0;
            for (int i = 0; i < payments.length; i++) {
                if (i >= warmUp && (i - warmUp) % perRound == 0) {
                    long now = System.nanoTime();
                    int round = (i - warmUp) / perRound;
                    if (round == 0) {
                        started = now;
                    } else {
                        rates[round - 1] = perRound / ((now - roundStarted) / 1e9);
                    }
                    roundStarted = now;
                }
                if (m == 1 && i % batch == 0) {
                    engine.prefetch(all.subList(i, Math.min(i + batch, payments.length)));
                }
                Assessment assessment = engine.assess(payments[i]);
                if (i >= warmUp) {
                    sink += assessment.score();
                    decisions[m][assessment.decision().ordinal()]++;
                }
            }
            long ended = System.nanoTime();
            rates[rounds - 1] = perRound / ((ended - roundStarted) / 1e9);
            double seconds = (ended - started) / 1e9;
            int measured = payments.length - warmUp;
            checksums[m] = sink;
            System.out.printf("%nBENCHMARK scoring %s, rounds of %d: %s payments/s%n", modes[m], perRound,
                    Arrays.stream(rates).mapToObj(r -> String.format(Locale.ROOT, "%,.0f", r))
                            .collect(Collectors.joining(" / ")));
            System.out.printf("%nBENCHMARK scoring %s: %d payments over %d accounts in %.2f s = %.0f payments/s on one "
                    + "thread (%d rules + model %s, %s over %d features; checksum %.1f)%n", modes[m], measured, accounts,
                    seconds, measured / seconds, rules.rules().size(), model.version(), model.kind(),
                    model.features().size(), sink);
            int[] counts = decisions[m];
            System.out.printf("%nBENCHMARK scoring decisions: %s%n%n", Arrays.stream(Decision.values())
                    .map(d -> String.format(Locale.ROOT, "%s %.2f %%", d, 100.0 * counts[d.ordinal()] / measured))
                    .collect(Collectors.joining(", ")));
        }
        assertThat(checksums[1]).as("checksum with warming").isEqualTo(checksums[0]);
        assertThat(decisions[1]).as("decisions with warming").isEqualTo(decisions[0]);
    }

    /**
     * Where the hot path's time goes: the same payments through four engines of their own, each doing a little more
     * than the one before (remember the payment; compute its features first; score them with the model; the whole
     * assessment with the rules and explanations), in turns of 100,000 payments so that every part sees the same hour
     * of this VM. The differences between neighbours are what each part adds; {@code -Dbench.accounts} applies.
     */
    @Test
    void partsOfTheHotPath() {
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        int accounts = Integer.getInteger("bench.accounts", 100_000);
        Payment[] payments = payments(accounts, 2_000_000, 7);
        String[] parts = {"remember", "features + remember", "features + model + remember", "assess"};
        ScoringEngine[] engines = new ScoringEngine[parts.length];
        for (int p = 0; p < parts.length; p++) {
            engines[p] = ScoringEngine.withModel(new DetectorState(), () -> rules, model);
        }
        int turn = 100_000;
        int warmUp = 1_000_000;
        long[] nanos = new long[parts.length];
        double sink = 0;
        for (int from = 0; from < payments.length; from += turn) {
            for (int p = 0; p < parts.length; p++) {
                ScoringEngine engine = engines[p];
                long started = System.nanoTime();
                for (int i = from; i < from + turn; i++) {
                    switch (p) {
                        case 0 -> engine.remember(payments[i]);
                        case 1 -> sink += engine.featuresAndRemember(payments[i])[3];
                        case 2 -> sink += model.score(engine.featuresAndRemember(payments[i]));
                        default -> sink += engine.assess(payments[i]).score();
                    }
                }
                if (from >= warmUp) {
                    nanos[p] += System.nanoTime() - started;
                }
            }
        }
        int measured = payments.length - warmUp;
        System.out.printf("%nBENCHMARK hot path parts over %d accounts, ns per payment: %s (%.1f)%n%n", accounts,
                java.util.stream.IntStream.range(0, parts.length).mapToObj(p -> String.format(Locale.ROOT, "%s %.0f",
                        parts[p], nanos[p] / (double) measured)).collect(Collectors.joining(", ")), sink);
    }

    /**
     * What a challenger costs the hot path: the same payments through two engines of their own in turns of 100,000
     * (so both see the same hour of this VM), one judging with the champion alone, one with a challenger of the same
     * size (the shipped trees under another version) scored beside it, as the live pipeline does when an operator sets
     * one. The target is at most 1.3 times the cost without. The champion's verdicts must be the same either way.
     */
    @Test
    void costOfAChallenger() {
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        FraudModel challenger = FraudModel.boostedTrees("challenger-copy",
                ((dev.frauddetection.detector.scoring.BoostedTreesModel) model).trees());
        int accounts = Integer.getInteger("bench.accounts", 100_000);
        Payment[] payments = payments(accounts, 2_000_000, 7);
        ScoringEngine alone = ScoringEngine.withModel(new DetectorState(), () -> rules, model);
        LiveModels both = new LiveModels(model, challenger);
        ScoringEngine withChallenger = new ScoringEngine(new DetectorState(), () -> rules, () -> both);
        int turn = 100_000;
        int warmUp = 1_000_000;
        long[] nanos = new long[2];
        double[] sums = new double[2];
        double challengerSum = 0;
        for (int from = 0; from < payments.length; from += turn) {
            long started = System.nanoTime();
            for (int i = from; i < from + turn; i++) {
                sums[0] += alone.assess(payments[i]).score();
            }
            long middle = System.nanoTime();
            for (int i = from; i < from + turn; i++) {
                Assessment assessment = withChallenger.assess(payments[i]);
                sums[1] += assessment.score();
                challengerSum += assessment.challenger().modelScore();
            }
            if (from >= warmUp) {
                nanos[0] += middle - started;
                nanos[1] += System.nanoTime() - middle;
            }
        }
        int measured = payments.length - warmUp;
        System.out.printf("%nBENCHMARK challenger over %d accounts, ns per payment: champion alone %.0f, with a "
                        + "challenger of the same size %.0f: %.2f times (target at most 1.3; %.1f)%n%n", accounts,
                nanos[0] / (double) measured, nanos[1] / (double) measured, nanos[1] / (double) nanos[0], challengerSum);
        assertThat(sums[1]).as("the champion's scores with a challenger beside it").isEqualTo(sums[0]);
    }

    /**
     * How long a load from memory takes on this machine when each depends on the one before (a cold account's
     * lookup: table slot, then history, then its arrays), and how many the machine completes when 8 and when 24
     * independent ones are in flight. Scoring a cold account waits for a few dependent loads, so the first bounds the
     * 100,000-account figure one at a time; warming a batch ({@link ScoringEngine#prefetch}) overlaps them, and the
     * last is the best that can do per cache line a payment touches.
     */
    @Test
    void memoryLatency() {
        int lines = (256 << 20) / 64;
        int stride = 16;
        int[] next = new int[lines * stride];
        int[] order = new int[lines];
        for (int i = 0; i < lines; i++) {
            order[i] = i;
        }
        Random random = new Random(3);
        for (int i = lines - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        // One cycle through every cache line of 256 MB in random order: no cache or prefetcher can guess the next.
        for (int i = 0; i < lines; i++) {
            next[order[i] * stride] = order[(i + 1) % lines] * stride;
        }
        int steps = 4_000_000;
        double dependent = Double.MAX_VALUE;
        int[] inFlight = {8, 24};
        double[] parallel = {Double.MAX_VALUE, Double.MAX_VALUE};
        int sink = 0;
        for (int round = 0; round < 3; round++) {
            int at = 0;
            long started = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                at = next[at];
            }
            dependent = Math.min(dependent, (System.nanoTime() - started) / (double) steps);
            sink += at;
            for (int k = 0; k < inFlight.length; k++) {
                int[] chains = new int[inFlight[k]];
                for (int c = 0; c < chains.length; c++) {
                    chains[c] = order[c * (lines / chains.length)] * stride;
                }
                started = System.nanoTime();
                for (int i = 0; i < steps / chains.length; i++) {
                    for (int c = 0; c < chains.length; c++) {
                        chains[c] = next[chains[c]];
                    }
                }
                parallel[k] = Math.min(parallel[k], (System.nanoTime() - started) / (double) steps);
                sink += chains[3];
            }
        }
        System.out.printf("%nBENCHMARK memory latency (256 MB, best of 3): %.0f ns per dependent load, %.0f ns per load "
                + "with 8 in flight, %.1f with 24 (%d)%n%n", dependent, parallel[0], parallel[1], sink);
    }

    /**
     * The shipped model alone on the features of the benchmark's payments (computed first, outside the clock): what
     * evaluating it adds to every payment, and what explaining it adds to an alert. {@code -Dbench.model=FILE}
     * (in {@code -Dsurefire.heap}) measures another model file instead, such as a logistic regression from {@code train
     * --kind logistic-regression}.
     */
    @Test
    void modelAlone() {
        String file = System.getProperty("bench.model");
        FraudModel model = file == null ? DefaultScoring.model() : FraudModel.read(java.nio.file.Path.of(file));
        Payment[] payments = payments(100_000, 400_000, 13);
        ScoringEngine engine = ScoringEngine.withModel(new DetectorState(), () -> null, model);
        double[][] rows = new double[payments.length][];
        for (int i = 0; i < payments.length; i++) {
            rows[i] = engine.featuresAndRemember(payments[i]);
        }
        double sink = 0;
        double bestScore = Double.MAX_VALUE;
        double bestExplanation = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long started = System.nanoTime();
            for (double[] row : rows) {
                sink += model.score(row);
            }
            bestScore = Math.min(bestScore, (System.nanoTime() - started) / (double) rows.length);
            started = System.nanoTime();
            for (int i = 0; i < rows.length; i += 10) {
                sink += model.topContributions(rows[i], 3).size();
            }
            bestExplanation = Math.min(bestExplanation, (System.nanoTime() - started) / (rows.length / 10.0));
        }
        System.out.printf("%nBENCHMARK model %s (%s) alone, best of 5 rounds over %d payments' features: %.0f ns per "
                + "score, %.0f ns per explanation (top 3 features) (%.1f)%n%n", model.version(), model.kind(),
                rows.length, bestScore, bestExplanation, sink);
    }

    @Test
    void memoryPerAccount() {
        int accounts = 200_000;
        Payment[] payments = payments(accounts, 2_000_000, 11);
        RuleSet rules = DefaultScoring.rules();
        FraudModel model = DefaultScoring.model();
        long before = usedHeap();
        ScoringEngine engine = ScoringEngine.withModel(new DetectorState(), () -> rules, model);
        for (Payment payment : payments) {
            engine.remember(payment);
        }
        long after = usedHeap();
        System.out.printf("%nBENCHMARK state: %d accounts with %.1f payments each on average take %.0f bytes per account "
                + "(%d merchants)%n%n", engine.state().accounts(), payments.length / (double) accounts,
                (after - before) / (double) engine.state().accounts(), engine.state().merchants());
    }

    /**
     * Payments spread over accounts in time order: an account pays every {@code accounts} x 30 ms of event time on
     * average (50 minutes for 100,000 accounts), in its home country. As in the project's simulator
     * ({@code AccountProfile}), each account has a handful of usual merchants (5 to 8 shops of its country, and one
     * online merchant) where nine payments in ten go, the tenth at any of the country's 200 shops; shops are paid
     * card-present within about 10 km of home except one in {@value #FAR_AWAY_ONE_IN}, the online merchant online.
     */
    private static Payment[] payments(int accounts, int count, long seed) {
        Random random = new Random(seed);
        double[] homeLat = new double[accounts];
        double[] homeLon = new double[accounts];
        int[][] usualShops = new int[accounts][];
        int[] onlineMerchant = new int[accounts];
        for (int account = 0; account < accounts; account++) {
            homeLat[account] = 48 + random.nextDouble() * 5;
            homeLon[account] = 2 + random.nextDouble() * 15;
            usualShops[account] = random.ints(5 + random.nextInt(4), 0, 200).toArray();
            onlineMerchant[account] = random.nextInt(50);
        }
        Payment[] payments = new Payment[count];
        long time = 1_790_000_000_000L;
        long step = 90L * 60 * 1000 / Math.max(1, count / accounts) / accounts * Math.max(1, count / accounts);
        for (int i = 0; i < count; i++) {
            time += Math.max(1, step);
            int account = random.nextInt(accounts);
            String country = COUNTRIES[account % COUNTRIES.length];
            int[] usual = usualShops[account];
            int choice = random.nextInt(10) < 9 ? random.nextInt(usual.length + 1) : -1;
            boolean online = choice == usual.length;
            String merchant = online ? "m-online-" + onlineMerchant[account]
                    : "m-" + country + "-" + (choice < 0 ? random.nextInt(200) : usual[choice]);
            boolean farAway = random.nextInt(FAR_AWAY_ONE_IN) == 0;
            double lat = farAway ? homeLat[account] + (homeLat[account] < 50.5 ? 4.6 : -4.6)
                    : homeLat[account] + (random.nextDouble() - 0.5) * 0.1;
            double lon = homeLon[account] + (random.nextDouble() - 0.5) * 0.15;
            payments[i] = new Payment("tx-" + i, "acc-" + account, "fp-" + account, merchant, "5411",
                    online ? "ONLINE" : "CARD_PRESENT", Math.exp(3.4 + random.nextGaussian()), "EUR", country, lat, lon,
                    time);
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
