package dev.frauddetection.dashboard.aggregates;

import dev.frauddetection.dashboard.config.DashboardConfig;
import dev.frauddetection.dashboard.health.PipelineStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The live figures behind the page, fed by every transaction (Debezium change events) and every verdict, and read
 * once per snapshot. Windows run on wall-clock arrival time: this is an operations view of what flows through the
 * pipeline now (the detector's own windows run on event time). One lock serialises the two feeding consumers and
 * the snapshot; each update is a few map operations, so it stays far from being the bottleneck at 10,000/s.
 */
@ApplicationScoped
public class LiveAggregates {

    private static final String SCORE = "score";
    private static final long SCORE_SCALE = 10_000;

    private final LongSupplier clock;
    private final DashboardConfig.Aggregates config;
    private final PerSecondSeries transactions;
    private final PerSecondSeries alerts;
    private final SlidingTotals banks;
    private final SlidingTotals banksShort;
    private final SlidingTotals merchants;
    private final SlidingTotals merchantsShort;
    private final SlidingTotals riskyAccounts;
    private final SlidingTotals riskyMerchants;
    private final SlidingTotals decisions;
    private final LatencyWindow latency;

    @Inject
    public LiveAggregates(DashboardConfig config) {
        this(config.aggregates(), System::currentTimeMillis);
    }

    public LiveAggregates(DashboardConfig.Aggregates config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
        Duration window = config.window();
        Duration shortWindow = config.shortWindow();
        transactions = new PerSecondSeries(config.rateHistorySeconds());
        alerts = new PerSecondSeries(config.rateHistorySeconds());
        banks = new SlidingTotals(window, config.maxKeys());
        banksShort = new SlidingTotals(shortWindow, config.maxKeys());
        merchants = new SlidingTotals(window, config.maxKeys());
        merchantsShort = new SlidingTotals(shortWindow, config.maxKeys());
        riskyAccounts = new SlidingTotals(window, config.maxKeys());
        riskyMerchants = new SlidingTotals(window, config.maxKeys());
        decisions = new SlidingTotals(window);
        latency = new LatencyWindow(shortWindow);
    }

    /** A new payment in the source table. {@code amount} is the decimal string Debezium sends ("12.30"). */
    public synchronized void transaction(String bankId, String merchantId, String merchantName, String amount,
                                         String currency) {
        long now = clock.getAsLong();
        long cents = cents(amount);
        transactions.add(now, 1);
        banks.add(now, bankId, null, 1, currency, cents);
        banksShort.add(now, bankId, null, 1, currency, cents);
        merchants.add(now, merchantId, merchantName, 1, currency, cents);
        merchantsShort.add(now, merchantId, merchantName, 1, currency, cents);
    }

    /**
     * A verdict of the detector. Latency is the verdict's decided_at minus committed_at (when PostgreSQL committed
     * the payment, from Debezium's source.ts_ms): it covers exactly what an analyst waits for (capture, Kafka,
     * scoring) for every payment, on every detector instance, with no scraping of detector pods. Both instants come
     * with the verdict, so the figure survives restarts and scaling; its one weakness, clock skew between the
     * database and detector hosts, is small next to the pipeline's own latency on NTP-synchronised machines.
     */
    public synchronized void verdict(String accountId, String merchantId, double score, String decision,
                                     Instant committedAt, Instant decidedAt) {
        long now = clock.getAsLong();
        decisions.add(now, decision, null, 1, null, 0);
        if (committedAt != null && decidedAt != null) {
            latency.record(now, Duration.between(committedAt, decidedAt).toMillis());
        }
        if (!"ALLOW".equals(decision)) {
            long scaled = Math.round(score * SCORE_SCALE);
            alerts.add(now, 1);
            riskyAccounts.add(now, accountId, null, 1, SCORE, scaled);
            riskyMerchants.add(now, merchantId, null, 1, SCORE, scaled);
        }
    }

    public synchronized Snapshot snapshot(PipelineStatus pipeline, Snapshot.Quality quality, Snapshot.Streams streams) {
        long now = clock.getAsLong();
        int n = config.topN();
        long[] rate = transactions.completeSeconds(now);
        Map<String, Long> byDecision = new TreeMap<>();
        decisions.top(now, 10, SlidingTotals.byCount()).forEach(e -> byDecision.put(e.key(), e.count()));
        return new Snapshot(Instant.ofEpochMilli(now), config.window().toSeconds(), config.shortWindow().toSeconds(),
                rate.length == 0 ? 0 : rate[rate.length - 1], rate, alerts.completeSeconds(now),
                totals(banks.topAndOther(now, config.topBanks(), SlidingTotals.byCount()), banksShort, now),
                totals(merchants.topAndOther(now, n, SlidingTotals.byCount()), merchantsShort, now),
                risks(riskyAccounts.top(now, n, SlidingTotals.byCount()
                        .thenComparing(SlidingTotals.bySum(SCORE)))),
                risks(riskyMerchants.top(now, n, SlidingTotals.byCount()
                        .thenComparing(SlidingTotals.bySum(SCORE)))),
                byDecision,
                new Snapshot.Latency(latency.quantile(now, 0.5), latency.quantile(now, 0.99), latency.count(now)),
                pipeline, quality, streams);
    }

    private static List<Snapshot.KeyTotals> totals(List<SlidingTotals.Entry> entries, SlidingTotals shortWindow,
                                                   long now) {
        shortWindow.advance(now);
        java.util.Set<String> named = new java.util.HashSet<>();
        entries.forEach(e -> named.add(e.key()));
        // The short window's "other": everything in it that is not one of the named rows.
        SlidingTotals.Entry otherRecent = shortWindow.topAndOther(now, 0, SlidingTotals.byCount()).stream()
                .findFirst().map(all -> subtractNamed(all, shortWindow, named)).orElse(null);
        return entries.stream().map(e -> {
            SlidingTotals.Entry recent = SlidingTotals.OTHER.equals(e.key()) ? otherRecent : shortWindow.get(e.key());
            return new Snapshot.KeyTotals(e.key(), e.label(), e.count(), money(e.sums()),
                    recent == null ? 0 : recent.count(), recent == null ? Map.of() : money(recent.sums()));
        }).toList();
    }

    /** The short window's total ({@code all}) less the named keys' own short totals. */
    private static SlidingTotals.Entry subtractNamed(SlidingTotals.Entry all, SlidingTotals shortWindow,
                                                     java.util.Set<String> named) {
        long count = all.count();
        Map<String, Long> sums = new TreeMap<>(all.sums());
        for (String key : named) {
            SlidingTotals.Entry e = SlidingTotals.OTHER.equals(key) ? null : shortWindow.get(key);
            if (e != null) {
                count -= e.count();
                e.sums().forEach((unit, sum) -> sums.merge(unit, -sum, Long::sum));
            }
        }
        sums.values().removeIf(v -> v == 0);
        return new SlidingTotals.Entry(SlidingTotals.OTHER, "all others", count, sums);
    }

    private static List<Snapshot.Risk> risks(List<SlidingTotals.Entry> entries) {
        return entries.stream().map(e -> new Snapshot.Risk(e.key(), e.count(),
                Math.round(e.sums().getOrDefault(SCORE, 0L) / (double) e.count()) / (double) SCORE_SCALE)).toList();
    }

    private static Map<String, String> money(Map<String, Long> cents) {
        Map<String, String> out = new TreeMap<>();
        cents.forEach((currency, sum) -> out.put(currency, BigDecimal.valueOf(sum, 2).toPlainString()));
        return out;
    }

    /** "12.3" -> 1230; Debezium sends numeric(18,2) as a decimal string, so at most two decimals. */
    static long cents(String amount) {
        if (amount == null || amount.isEmpty()) {
            return 0;
        }
        return new BigDecimal(amount).setScale(2, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }
}
