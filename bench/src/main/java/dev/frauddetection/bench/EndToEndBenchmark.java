package dev.frauddetection.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The end-to-end benchmark: payments committed in PostgreSQL at stepped rates, through Debezium, Kafka and the
 * detector, to verdicts on transactions.legit/fraud and alerts on the dashboard's SSE stream. For every step it reports
 * the offered and achieved write rate, the verdict throughput, how long the backlog took to drain after writing
 * stopped, commit-to-verdict and commit-to-alert latency percentiles, duplicates, and every process's CPU and memory;
 * it prints one table and writes the same figures as JSON.
 *
 * <p>Latency starts when the writer's {@code COMMIT} returns (what the payments core sees; PostgreSQL's own commit
 * timestamp is at most that round trip earlier) and ends when the verdict record, or the SSE {@code data:} line,
 * reaches this process; both instants are taken with the same monotonic clock.
 *
 * <p>A rate is <em>sustained</em> when the writer achieved at least 97 % of it and, after writing stopped, every verdict
 * arrived within {@value #SUSTAINED_DRAIN_SECONDS} s: the backlog did not grow beyond what the pipeline absorbs in
 * that time.
 */
public final class EndToEndBenchmark {

    static final int SUSTAINED_DRAIN_SECONDS = 3;

    private final BenchOptions options;
    private final SystemUnderTest system;
    private final PaymentLedger ledger;
    private final ProcessSampler sampler;

    private EndToEndBenchmark(BenchOptions options, SystemUnderTest system, PaymentLedger ledger) {
        this.options = options;
        this.system = system;
        this.ledger = ledger;
        this.sampler = new ProcessSampler(system::launcher, system::postmaster);
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        Path home = Path.of(System.getenv().getOrDefault("FRAUD_HOME", ".")).toAbsolutePath().normalize();
        Path work = home.resolve("bench/target");
        System.out.println(options.attach() ? "Attaching to the running system..." : "Starting the system on free ports...");
        long capacity = 0;
        for (int rate : options.rates()) {
            capacity += (long) rate * options.stepSeconds();
        }
        int maxRate = options.rates().stream().max(Integer::compare).orElse(1000);
        capacity += (long) options.rates().getFirst() * options.warmupSeconds()
                + (long) maxRate * options.overloadFactor() * options.overloadSeconds();
        capacity = capacity * 12 / 10 + 100_000;
        if (capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("That many payments do not fit one run; lower the rates or the seconds");
        }
        try (SystemUnderTest system = options.attach() ? SystemUnderTest.attach(System.getenv())
                : SystemUnderTest.start(home, work, Duration.ofSeconds(300))) {
            PaymentLedger ledger = new PaymentLedger(ThreadLocalRandom.current().nextLong(), (int) capacity,
                    options.fraudShare());
            new EndToEndBenchmark(options, system, ledger).run(home);
        }
    }

    private void run(Path home) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        try (VerdictListener verdicts = new VerdictListener(system.kafkaBootstrap(), ledger);
             AlertStreamListener alerts = new AlertStreamListener(ledger);
             PaymentWriter writer = new PaymentWriter(system, ledger, options.writers(), options.accounts());
             sampler) {
            verdicts.start();
            alerts.start(system.dashboardUrl("/api/alerts/stream"), options.dashboardUser(), options.dashboardPassword());
            if (options.warmupSeconds() > 0) {
                System.out.printf(Locale.ROOT, "Warm-up: %d tx/s for %d s%n", options.rates().getFirst(), options.warmupSeconds());
                step("warm-up", options.rates().getFirst(), options.warmupSeconds(), writer, 60);
            }
            int sustained = 0;
            for (int rate : options.rates()) {
                Map<String, Object> result = step(Integer.toString(rate), rate, options.stepSeconds(), writer,
                        Math.max(60, options.stepSeconds() * 2));
                results.add(result);
                printRow(result);
                if (Boolean.TRUE.equals(result.get("sustained"))) {
                    sustained = Math.max(sustained, rate);
                } else if (!options.keepGoing()) {
                    break;
                }
            }
            if (options.overloadSeconds() > 0) {
                int rate = Math.max(sustained, options.rates().getFirst()) * options.overloadFactor();
                System.out.printf(Locale.ROOT, "Overload: %d tx/s offered for %d s%n", rate, options.overloadSeconds());
                Map<String, Object> result = step("overload " + rate, rate, options.overloadSeconds(), writer, 900);
                result.put("processes_alive_after", processesAlive());
                results.add(result);
                printRow(result);
            }
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("measured_at", Instant.now().toString());
            report.put("cores", Runtime.getRuntime().availableProcessors());
            report.put("options", Map.of("step_seconds", options.stepSeconds(), "warmup_seconds", options.warmupSeconds(),
                    "fraud_share", options.fraudShare(), "accounts", options.accounts(), "writers", options.writers(),
                    "attached", options.attach()));
            report.put("highest_sustained_rate", sustained);
            report.put("steps", results);
            printTable(results, sustained);
            Path out = home.resolve(options.out());
            Files.createDirectories(out.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
            System.out.println("JSON report: " + out);
        }
    }

    private Map<String, Object> step(String name, int rate, int seconds, PaymentWriter writer, int drainLimitSeconds)
            throws Exception {
        PaymentLedger.Phase phase = ledger.beginPhase(name);
        sampler.begin();
        long t0 = System.nanoTime();
        long committed = writer.write(rate, seconds);
        long t1 = System.nanoTime();
        ledger.endPhase(phase);
        long verdictsInWindow = phase.verdicts.get();
        long drainDeadline = t1 + drainLimitSeconds * 1_000_000_000L;
        while (phase.verdicts.get() < committed && System.nanoTime() < drainDeadline) {
            Thread.sleep(20);
        }
        long t2 = System.nanoTime();
        long expectedAlerts = ledger.expectedAlerts(phase);
        long alertDeadline = System.nanoTime() + 10_000_000_000L;
        while (phase.alerts.get() < expectedAlerts && System.nanoTime() < alertDeadline) {
            Thread.sleep(20);
        }
        Map<String, ProcessSampler.Usage> usage = sampler.end();
        double window = (t1 - t0) / 1e9;
        double drain = (t2 - t1) / 1e9;
        boolean complete = phase.verdicts.get() >= committed;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("step", name);
        r.put("offered_tx_per_s", rate);
        r.put("seconds", Math.round(window * 10) / 10.0);
        r.put("committed", committed);
        r.put("committed_tx_per_s", Math.round(committed / window));
        r.put("verdict_tx_per_s_while_writing", Math.round(verdictsInWindow / window));
        r.put("verdict_tx_per_s_including_drain", Math.round(phase.verdicts.get() / (window + drain)));
        r.put("verdicts", phase.verdicts.get());
        r.put("verdicts_missing", committed - phase.verdicts.get());
        r.put("duplicate_verdict_records", phase.duplicateVerdicts.get());
        r.put("drain_seconds", Math.round(drain * 100) / 100.0);
        r.put("commit_to_verdict_ms", percentiles(phase.toVerdict));
        r.put("commit_to_change_event_ms", percentiles(phase.toChangeEvent));
        r.put("commit_to_detector_decision_ms", percentiles(phase.toDecision));
        r.put("detector_decision_to_verdict_arrival_ms", percentiles(phase.decisionToArrival));
        r.put("alerts_expected", expectedAlerts);
        r.put("alerts", phase.alerts.get());
        r.put("alerts_on_ordinary_payments", phase.alertsOnLegit.get());
        r.put("duplicate_alerts", phase.duplicateAlerts.get());
        r.put("commit_to_alert_ms", percentiles(phase.toAlert));
        Map<String, Object> processes = new LinkedHashMap<>();
        usage.forEach((group, u) -> processes.put(group, Map.of("cpu_percent_of_one_core", u.cpuPercent(),
                "peak_pss_mb", u.peakPssMb())));
        r.put("processes", processes);
        r.put("sustained", complete && committed >= 0.97 * rate * seconds && drain <= SUSTAINED_DRAIN_SECONDS);
        return r;
    }

    private List<String> processesAlive() {
        List<String> alive = new ArrayList<>();
        system.launcher().ifPresent(l -> {
            if (l.isAlive()) {
                alive.add("launcher");
            }
            l.children().forEach(c -> alive.add(c.info().arguments().map(a -> String.join(" ", a)).orElse("?")
                    .replaceAll(".*/([a-z-]+)/target/quarkus-app.*", "$1")));
        });
        system.postmaster().ifPresent(p -> alive.add("postgres"));
        return alive;
    }

    private static Map<String, Double> percentiles(Histogram h) {
        Map<String, Double> p = new LinkedHashMap<>();
        if (h.getTotalCount() == 0) {
            return p;
        }
        p.put("p50", ms(h.getValueAtPercentile(50)));
        p.put("p95", ms(h.getValueAtPercentile(95)));
        p.put("p99", ms(h.getValueAtPercentile(99)));
        p.put("max", ms(h.getMaxValue()));
        p.put("count", (double) h.getTotalCount());
        return p;
    }

    private static double ms(long micros) {
        return Math.round(micros / 100.0) / 10.0;
    }

    @SuppressWarnings("unchecked")
    private static void printRow(Map<String, Object> r) {
        System.out.printf(Locale.ROOT, "  step %-14s committed %,d/s, verdicts %,d/s while writing, drained in %.2f s, "
                        + "sustained: %s; ms p50/95/99/max commit->change event %s, commit->decision %s, decision->arrival %s%n",
                r.get("step"),
                (Long) r.get("committed_tx_per_s"), (Long) r.get("verdict_tx_per_s_while_writing"),
                (Double) r.get("drain_seconds"), r.get("sustained"),
                latencies((Map<String, Double>) r.get("commit_to_change_event_ms")),
                latencies((Map<String, Double>) r.get("commit_to_detector_decision_ms")),
                latencies((Map<String, Double>) r.get("detector_decision_to_verdict_arrival_ms")));
    }

    @SuppressWarnings("unchecked")
    private static void printTable(List<Map<String, Object>> results, int sustained) {
        StringBuilder t = new StringBuilder("\n");
        t.append(String.format(Locale.ROOT, "%-14s %8s %8s %8s %6s %7s | %-27s | %-27s | %9s %4s %4s | %s%n",
                "offered tx/s", "commit/s", "verdict/s", "missing", "drain", "sustain",
                "commit->verdict ms p50/95/99/max", "commit->alert ms p50/95/99/max", "alerts", "dupV", "dupA",
                "CPU % of one core / peak PSS MB: " + String.join(", ", ProcessSampler.GROUPS)));
        for (Map<String, Object> r : results) {
            StringBuilder procs = new StringBuilder();
            ((Map<String, Map<String, Object>>) r.get("processes")).forEach((g, u) -> procs.append(String.format(
                    Locale.ROOT, "%s/%s  ", u.get("cpu_percent_of_one_core"), u.get("peak_pss_mb"))));
            t.append(String.format(Locale.ROOT, "%-14s %8d %8d %8d %6.2f %7s | %-27s | %-27s | %4d/%-4d %4d %4d | %s%n",
                    r.get("step"), (Long) r.get("committed_tx_per_s"), (Long) r.get("verdict_tx_per_s_while_writing"),
                    (Long) r.get("verdicts_missing"), (Double) r.get("drain_seconds"), r.get("sustained"),
                    latencies((Map<String, Double>) r.get("commit_to_verdict_ms")),
                    latencies((Map<String, Double>) r.get("commit_to_alert_ms")),
                    (Long) r.get("alerts"), (Long) r.get("alerts_expected"), (Long) r.get("duplicate_verdict_records"),
                    (Long) r.get("duplicate_alerts"), procs.toString().trim()));
        }
        t.append(String.format(Locale.ROOT, "Highest sustained rate: %,d transactions/s (%d cores, everything on this machine)%n",
                sustained, Runtime.getRuntime().availableProcessors()));
        System.out.print(t);
    }

    private static String latencies(Map<String, Double> p) {
        if (p.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.0f/%.0f/%.0f/%.0f", p.get("p50"), p.get("p95"), p.get("p99"), p.get("max"));
    }
}
