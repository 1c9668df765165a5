package dev.frauddetection.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run does. Every option has a default that works from a fresh clone (the benchmark starts the
 * system itself on free ports); {@code --attach} measures a system that is already running instead.
 *
 * @param rates            offered rates in transactions per second, stepped in this order
 * @param stepSeconds      how long each rate is held
 * @param warmupSeconds    a warm-up at the first rate, not reported (JIT, connection pools, topic metadata)
 * @param fraudShare       share of payments written to look like fraud (9,800 EUR: the high-amount rule alerts)
 * @param accounts         distinct accounts the payments are spread over
 * @param writers          JDBC connections writing in parallel
 * @param overloadSeconds  after the steps, write at overloadFactor times the highest sustainable rate this long (0: off)
 * @param overloadFactor   see overloadSeconds
 * @param keepGoing        keep stepping after a rate that was not sustained
 * @param attach           measure the system whose ports are in the FRAUD_*_PORT variables instead of starting one
 * @param out              where the JSON report is written
 * @param dashboardUser    basic-auth user for the dashboard's SSE stream (default: the local stack's viewer)
 * @param dashboardPassword its password
 */
record BenchOptions(List<Integer> rates, int stepSeconds, int warmupSeconds, double fraudShare, int accounts,
                    int writers, int overloadSeconds, int overloadFactor, boolean keepGoing, boolean attach, Path out,
                    String dashboardUser, String dashboardPassword) {

    static final String USAGE = """
            bin/bench [--rates 1000,2000,5000,10000] [--seconds 30] [--warmup 120] [--fraud-share 0.01]
                      [--accounts 200000] [--writers 2] [--overload-seconds 0] [--overload-factor 10] [--keep-going]
                      [--attach] [--out bench/target/bench-results.json]
                      [--dashboard-user viewer --dashboard-password viewer-local]   (or FRAUD_DASHBOARD_USER / _PASSWORD)
            """;

    static BenchOptions parse(String[] args, Map<String, String> env) {
        List<Integer> rates = List.of(1000, 2000, 5000, 10000);
        int seconds = 30;
        // Two minutes: on two busy cores the detector's JIT needs that long to compile its hot path; after a 20 s
        // warm-up the first steps measured the compiler, not the pipeline (2,000/s not sustained, 3,000/s after 120 s).
        int warmup = 120;
        double fraud = 0.01;
        int accounts = 200_000;
        int writers = 2;
        int overloadSeconds = 0;
        int overloadFactor = 10;
        boolean keepGoing = false;
        boolean attach = false;
        Path out = Path.of("bench/target/bench-results.json");
        // The local stack's read-only dashboard user (local-stack DashboardUsers).
        String user = env.getOrDefault("FRAUD_DASHBOARD_USER", "viewer");
        String password = env.getOrDefault("FRAUD_DASHBOARD_PASSWORD", "viewer-local");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rates" -> rates = parseRates(value(args, ++i, a));
                case "--seconds" -> seconds = positive(value(args, ++i, a), a);
                case "--warmup" -> warmup = Integer.parseInt(value(args, ++i, a));
                case "--fraud-share" -> fraud = Double.parseDouble(value(args, ++i, a));
                case "--accounts" -> accounts = positive(value(args, ++i, a), a);
                case "--writers" -> writers = positive(value(args, ++i, a), a);
                case "--overload-seconds" -> overloadSeconds = Integer.parseInt(value(args, ++i, a));
                case "--overload-factor" -> overloadFactor = positive(value(args, ++i, a), a);
                case "--keep-going" -> keepGoing = true;
                case "--attach" -> attach = true;
                case "--out" -> out = Path.of(value(args, ++i, a));
                case "--dashboard-user" -> user = value(args, ++i, a);
                case "--dashboard-password" -> password = value(args, ++i, a);
                default -> throw new IllegalArgumentException("Unknown option " + a + "\n" + USAGE);
            }
        }
        if (fraud < 0 || fraud > 1) {
            throw new IllegalArgumentException("--fraud-share must be between 0 and 1");
        }
        return new BenchOptions(rates, seconds, warmup, fraud, accounts, writers, overloadSeconds, overloadFactor,
                keepGoing, attach, out, user, password);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }

    private static int positive(String value, String option) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
        return n;
    }

    private static List<Integer> parseRates(String value) {
        List<Integer> rates = new ArrayList<>();
        for (String part : value.split(",")) {
            rates.add(positive(part.trim(), "--rates"));
        }
        return List.copyOf(rates);
    }
}
