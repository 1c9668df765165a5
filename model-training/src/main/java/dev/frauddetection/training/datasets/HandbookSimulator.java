package dev.frauddetection.training.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The transaction data simulator of Y.-A. Le Borgne, W. Siblini, B. Lebichot and G. Bontempi, <i>Reproducible Machine
 * Learning for Credit Card Fraud Detection - Practical Handbook</i> (2022), chapter 3 "Transaction data simulator"
 * (the {@code fraud-detection-handbook}), re-implemented in Java from its published description and code. It writes a
 * public, labelled history of card payments to {@code OUT_DIR/transactions.csv} and {@code OUT_DIR/labels.csv}.
 *
 * <p><b>Kept apart.</b> The rules of the detector were not designed on this history. It exists only to measure the
 * detector on data it has never seen, so it follows the handbook, not this project's needs, and it must never be
 * used to tune, choose or calibrate the shipped rules or thresholds (that would turn it into training data and void
 * the measurement).
 *
 * <p><b>What the handbook specifies, and this class does</b>
 * <ol>
 *   <li>Customer profiles: location x, y ~ U(0, 100); {@code mean_amount} ~ U(5, 100);
 *       {@code std_amount = mean_amount / 2}; {@code mean_nb_tx_per_day} ~ U(0, 4).</li>
 *   <li>Terminal profiles: location x, y ~ U(0, 100).</li>
 *   <li>A customer's available terminals: those at Euclidean distance strictly less than r (default 5), in id
 *       order.</li>
 *   <li>For each day and customer: the number of transactions ~ Poisson({@code mean_nb_tx_per_day}); each time of day,
 *       in seconds, is {@code int(N(86400/2, 20000))} (truncated toward zero) and the transaction is kept only if
 *       {@code 0 < time < 86400}; the amount ~ N(mean_amount, std_amount), redrawn from U(0, 2 mean_amount) if
 *       negative, rounded to cents half-to-even as numpy does; the terminal is drawn uniformly among the available ones
 *       (no transaction if there is none). Transactions are then sorted by time and numbered from 0 in that order.</li>
 *   <li>Fraud scenarios, applied in this order, each day {@code d} of the draws running over
 *       {@code 0 <= d < max(TX_TIME_DAYS)} as the handbook's loops {@code range(transactions_df.TX_TIME_DAYS.max())}:
 *     <ol>
 *       <li>every transaction whose (rounded) amount is above 220 is fraud (scenario 1);</li>
 *       <li>each day two distinct terminals are drawn; all their transactions on days {@code [d, d + 28)} are fraud
 *           (scenario 2);</li>
 *       <li>each day three distinct customers are drawn; out of all their transactions on days {@code [d, d + 14)},
 *           {@code floor(n / 3)} are sampled without replacement, their amounts multiplied by 5 and marked fraud
 *           (scenario 3).</li>
 *     </ol>
 *       As in the handbook's {@code add_frauds}, a later scenario overwrites the scenario of a transaction already
 *       marked by an earlier one (its {@code TX_FRAUD_SCENARIO} column is assigned, not kept), scenario 3 samples
 *       among all the window's transactions whether already fraud or not, and an amount is multiplied again if the
 *       same customer is drawn twice with overlapping windows. Scenario 1 is decided on the amounts before any
 *       scenario-3 change.</li>
 * </ol>
 *
 * <p><b>Deviations from the handbook</b> (none in the model; only in how randomness and output are produced)
 * <ul>
 *   <li>Random numbers come from {@link java.util.Random} (its algorithms are specified by the JDK, so the output is
 *       the same on every JDK for a given {@code --seed}) instead of numpy's and Python's generators: the distributions
 *       are the handbook's but the handbook's exact dataset is not reproduced value for value. The handbook seeds
 *       customers with 0, terminals with 1, each customer's transactions with its id and each fraud day with the day;
 *       here each of those streams is seeded from {@code --seed} and the same stream and index.</li>
 *   <li>Poisson counts use Knuth's multiplication method; normal draws use {@link Random#nextGaussian()}.</li>
 *   <li>Transactions at the same second are ordered by customer id, then in order of generation (pandas' default
 *       sort is not stable, so the handbook leaves that order unspecified).</li>
 *   <li>Output format is this project's: ids {@code hb-N}, {@code cN} and {@code tN}, timestamps in ISO-8601 UTC,
 *       currency EUR (the handbook names none), and {@code known_at = timestamp + --delay-days} on every label row
 *       (the handbook's evaluation chapters use a delay period of one week before labels are known).</li>
 *   <li>Defaults follow the handbook (5000 customers, 10000 terminals, start 2018-04-01, r = 5) except the length:
 *       56 days instead of the handbook's 183.</li>
 * </ul>
 *
 * <p>Usage: {@code HandbookSimulator OUT_DIR [--customers N] [--terminals N] [--days N] [--start 2018-04-01]
 * [--radius 5] [--seed 0] [--delay-days 7]}. It runs with the JDK only, for example with the source launcher
 * {@code java HandbookSimulator.java OUT_DIR}: that is why it is one long file (the source launcher runs one file),
 * laid out in the handbook's order.
 */
public final class HandbookSimulator {

    static final int SECONDS_PER_DAY = 86_400;
    static final double TIME_OF_DAY_MEAN = SECONDS_PER_DAY / 2.0;
    static final double TIME_OF_DAY_STD = 20_000;
    static final long SCENARIO_1_ABOVE_CENTS = 22_000;
    static final int SCENARIO_2_TERMINALS_PER_DAY = 2;
    static final int SCENARIO_2_DAYS = 28;
    static final int SCENARIO_3_CUSTOMERS_PER_DAY = 3;
    static final int SCENARIO_3_DAYS = 14;
    static final int SCENARIO_3_AMOUNT_FACTOR = 5;
    static final String CURRENCY = "EUR";

    private static final long STREAM_CUSTOMERS = 1;
    private static final long STREAM_TERMINALS = 2;
    private static final long STREAM_TRANSACTIONS = 3;
    private static final long STREAM_SCENARIO_2 = 4;
    private static final long STREAM_SCENARIO_3 = 5;

    static final String USAGE = "usage: HandbookSimulator OUT_DIR [--customers N] [--terminals N] [--days N]"
            + " [--start 2018-04-01] [--radius 5] [--seed 0] [--delay-days 7]";

    private HandbookSimulator() {
    }

    /** The simulation settings; the defaults are those of {@link Config#defaults(Path)}. */
    record Config(Path outDir, int customers, int terminals, int days, LocalDate start, double radius, long seed,
                  int delayDays) {

        static Config defaults(Path outDir) {
            return new Config(outDir, 5000, 10000, 56, LocalDate.of(2018, 4, 1), 5, 0, 7);
        }

        Instant startInstant() {
            return start.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    /** A customer of the handbook: location, spending amounts and frequency, and the terminals within reach. */
    record CustomerProfile(int id, double x, double y, double meanAmount, double stdAmount, double meanNbTxPerDay,
                           int[] availableTerminals) {

        CustomerProfile withAvailableTerminals(int[] terminals) {
            return new CustomerProfile(id, x, y, meanAmount, stdAmount, meanNbTxPerDay, terminals);
        }
    }

    /** A terminal of the handbook: only a location. */
    record TerminalProfile(int id, double x, double y) {
    }

    /** What the run produced, for the final line. */
    record Summary(int transactions, int frauds, int[] perScenario, Path outDir) {

        String line() {
            double share = transactions == 0 ? 0 : 100.0 * frauds / transactions;
            return String.format(Locale.ROOT, "HandbookSimulator: %d transactions, %d frauds (%.3f %%);"
                            + " by scenario: 1=%d, 2=%d, 3=%d; written to %s",
                    transactions, frauds, share, perScenario[1], perScenario[2], perScenario[3], outDir);
        }
    }

    /** A bad command line: reported with the usage and exit status 2. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        Config config;
        try {
            config = parseArgs(args);
        } catch (UsageException e) {
            System.err.println("HandbookSimulator: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            System.out.println(run(config).line());
        } catch (IOException e) {
            System.err.println("HandbookSimulator: cannot write to " + config.outDir() + ": " + e);
            System.exit(1);
        }
    }

    /** Simulates the whole history and writes both files. */
    static Summary run(Config config) throws IOException {
        List<TerminalProfile> terminals = generateTerminalProfiles(config.terminals(), config.seed());
        List<CustomerProfile> customers = withAvailableTerminals(
                generateCustomerProfiles(config.customers(), config.seed()), terminals, config.radius());
        Transactions transactions = generateTransactions(customers, config.days(), config.seed());
        applyScenario1(transactions);
        applyScenario2(transactions, config.terminals(), config.seed());
        applyScenario3(transactions, config.customers(), config.seed());
        Files.createDirectories(config.outDir());
        writeTransactions(config.outDir().resolve("transactions.csv"), transactions, config.startInstant());
        writeLabels(config.outDir().resolve("labels.csv"), transactions, config.startInstant(), config.delayDays());
        return transactions.summary(config.outDir());
    }

    // ---------------------------------------------------------------- command line

    static Config parseArgs(String[] args) throws UsageException {
        Config d = Config.defaults(null);
        Path outDir = null;
        int customers = d.customers();
        int terminals = d.terminals();
        int days = d.days();
        LocalDate start = d.start();
        double radius = d.radius();
        long seed = d.seed();
        int delayDays = d.delayDays();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                if (outDir != null) {
                    throw new UsageException("unexpected argument '" + arg + "' (OUT_DIR is already " + outDir + ")");
                }
                outDir = parsePath(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq >= 0 ? arg.substring(0, eq) : arg;
            if (eq < 0 && i + 1 >= args.length) {
                throw new UsageException(
                        isKnownOption(name) ? name + " needs a value" : "unknown option '" + arg + "'");
            }
            String value = eq >= 0 ? arg.substring(eq + 1) : args[++i];
            switch (name) {
                case "--customers" -> customers = parseInt(name, value, SCENARIO_3_CUSTOMERS_PER_DAY);
                case "--terminals" -> terminals = parseInt(name, value, SCENARIO_2_TERMINALS_PER_DAY);
                case "--days" -> days = parseInt(name, value, 1);
                case "--start" -> start = parseDate(name, value);
                case "--radius" -> radius = parsePositiveDouble(name, value);
                case "--seed" -> seed = parseLong(name, value);
                case "--delay-days" -> delayDays = parseInt(name, value, 0);
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }
        if (outDir == null) {
            throw new UsageException("OUT_DIR is missing");
        }
        return new Config(outDir, customers, terminals, days, start, radius, seed, delayDays);
    }

    private static boolean isKnownOption(String name) {
        return List.of("--customers", "--terminals", "--days", "--start", "--radius", "--seed", "--delay-days")
                .contains(name);
    }

    private static Path parsePath(String value) throws UsageException {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new UsageException("OUT_DIR '" + value + "' is not a valid path");
        }
    }

    private static int parseInt(String name, String value, int min) throws UsageException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min) {
                throw new UsageException(name + " must be at least " + min + ", got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + value + "'");
        }
    }

    private static long parseLong(String name, String value) throws UsageException {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a whole number, got '" + value + "'");
        }
    }

    private static double parsePositiveDouble(String name, String value) throws UsageException {
        try {
            double x = Double.parseDouble(value.trim());
            if (!(x > 0) || Double.isInfinite(x)) {
                throw new UsageException(name + " must be a positive number, got '" + value + "'");
            }
            return x;
        } catch (NumberFormatException e) {
            throw new UsageException(name + " needs a number, got '" + value + "'");
        }
    }

    private static LocalDate parseDate(String name, String value) throws UsageException {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new UsageException(name + " needs a date like 2018-04-01, got '" + value + "'");
        }
    }

    // ---------------------------------------------------------------- profiles

    static List<CustomerProfile> generateCustomerProfiles(int count, long seed) {
        Random rng = new Random(streamSeed(seed, STREAM_CUSTOMERS, 0));
        List<CustomerProfile> customers = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            double x = uniform(rng, 0, 100);
            double y = uniform(rng, 0, 100);
            double meanAmount = uniform(rng, 5, 100);
            double stdAmount = meanAmount / 2;
            double meanNbTxPerDay = uniform(rng, 0, 4);
            customers.add(new CustomerProfile(id, x, y, meanAmount, stdAmount, meanNbTxPerDay, new int[0]));
        }
        return customers;
    }

    static List<TerminalProfile> generateTerminalProfiles(int count, long seed) {
        Random rng = new Random(streamSeed(seed, STREAM_TERMINALS, 0));
        List<TerminalProfile> terminals = new ArrayList<>(count);
        for (int id = 0; id < count; id++) {
            double x = uniform(rng, 0, 100);
            double y = uniform(rng, 0, 100);
            terminals.add(new TerminalProfile(id, x, y));
        }
        return terminals;
    }

    static List<CustomerProfile> withAvailableTerminals(List<CustomerProfile> customers,
                                                        List<TerminalProfile> terminals, double radius) {
        List<CustomerProfile> result = new ArrayList<>(customers.size());
        for (CustomerProfile customer : customers) {
            result.add(customer.withAvailableTerminals(terminalsWithinRadius(customer, terminals, radius)));
        }
        return result;
    }

    /** Ids, in increasing order, of the terminals at a Euclidean distance strictly below {@code radius}. */
    static int[] terminalsWithinRadius(CustomerProfile customer, List<TerminalProfile> terminals, double radius) {
        IntBuffer within = new IntBuffer(64);
        for (TerminalProfile terminal : terminals) {
            double dx = customer.x() - terminal.x();
            double dy = customer.y() - terminal.y();
            if (Math.sqrt(dx * dx + dy * dy) < radius) {
                within.add(terminal.id());
            }
        }
        return within.toArray();
    }

    // ---------------------------------------------------------------- transactions

    /**
     * All customers' transactions, day after day. Each customer has its own random stream, drawn in the same order as
     * the handbook's per-customer loop, so generating day by day gives the same draws as customer by customer.
     */
    static Transactions generateTransactions(List<CustomerProfile> customers, int days, long seed) {
        Random[] streams = new Random[customers.size()];
        for (CustomerProfile customer : customers) {
            streams[customer.id()] = new Random(streamSeed(seed, STREAM_TRANSACTIONS, customer.id()));
        }
        Transactions all = new Transactions(1024);
        DayBuffer today = new DayBuffer();
        for (int day = 0; day < days; day++) {
            today.clear();
            for (CustomerProfile customer : customers) {
                generateCustomerDay(customer, streams[customer.id()], today);
            }
            today.appendSortedTo(all, day);
        }
        return all;
    }

    static void generateCustomerDay(CustomerProfile customer, Random rng, DayBuffer out) {
        int nbTx = poisson(rng, customer.meanNbTxPerDay());
        for (int tx = 0; tx < nbTx; tx++) {
            int timeOfDay = (int) normal(rng, TIME_OF_DAY_MEAN, TIME_OF_DAY_STD);
            if (timeOfDay <= 0 || timeOfDay >= SECONDS_PER_DAY) {
                continue;
            }
            long amountCents = drawAmountCents(rng, customer);
            int[] available = customer.availableTerminals();
            if (available.length > 0) {
                out.add(timeOfDay, customer.id(), available[rng.nextInt(available.length)], amountCents);
            }
        }
    }

    /** N(mean, std), redrawn from U(0, 2 mean) if negative, rounded to cents like {@code np.round(amount, 2)}. */
    static long drawAmountCents(Random rng, CustomerProfile customer) {
        double amount = normal(rng, customer.meanAmount(), customer.stdAmount());
        if (amount < 0) {
            amount = uniform(rng, 0, customer.meanAmount() * 2);
        }
        return (long) Math.rint(amount * 100);
    }

    // ---------------------------------------------------------------- fraud scenarios

    /** Scenario 1: amounts above 220 are fraud. */
    static void applyScenario1(Transactions t) {
        for (int i = 0; i < t.size; i++) {
            if (t.amountCents[i] > SCENARIO_1_ABOVE_CENTS) {
                t.scenario[i] = 1;
            }
        }
    }

    /** Scenario 2: each day two terminals are compromised; all their transactions of the next 28 days are fraud. */
    static void applyScenario2(Transactions t, int terminalCount, long seed) {
        Map<Integer, List<Integer>> compromisedOnDays = new HashMap<>();
        for (int day = 0; day < t.maxDay(); day++) {
            Random rng = new Random(streamSeed(seed, STREAM_SCENARIO_2, day));
            for (int terminal : sampleDistinct(rng, terminalCount, SCENARIO_2_TERMINALS_PER_DAY)) {
                compromisedOnDays.computeIfAbsent(terminal, k -> new ArrayList<>()).add(day);
            }
        }
        for (int i = 0; i < t.size; i++) {
            List<Integer> days = compromisedOnDays.get(t.terminal[i]);
            if (days != null && inAnyWindow(t.day[i], days, SCENARIO_2_DAYS)) {
                t.scenario[i] = 2;
            }
        }
    }

    private static boolean inAnyWindow(int day, List<Integer> windowStarts, int windowDays) {
        for (int start : windowStarts) {
            if (day >= start && day < start + windowDays) {
                return true;
            }
        }
        return false;
    }

    /**
     * Scenario 3: each day three customers are compromised; a third of all their transactions of the next 14 days,
     * sampled without replacement, get their amount multiplied by 5 and are fraud.
     */
    static void applyScenario3(Transactions t, int customerCount, long seed) {
        int[][] byCustomer = t.indicesByCustomer(customerCount);
        for (int day = 0; day < t.maxDay(); day++) {
            Random rng = new Random(streamSeed(seed, STREAM_SCENARIO_3, day));
            int[] customers = sampleDistinct(rng, customerCount, SCENARIO_3_CUSTOMERS_PER_DAY);
            int[] window = transactionsInWindow(t, byCustomer, customers, day, day + SCENARIO_3_DAYS);
            int chosen = window.length / 3;
            shufflePrefix(rng, window, chosen);
            for (int j = 0; j < chosen; j++) {
                int i = window[j];
                t.amountCents[i] *= SCENARIO_3_AMOUNT_FACTOR;
                t.scenario[i] = 3;
            }
        }
    }

    /** Indices, in increasing (time) order, of the given customers' transactions on days [fromDay, toDay). */
    static int[] transactionsInWindow(Transactions t, int[][] byCustomer, int[] customers, int fromDay, int toDay) {
        IntBuffer window = new IntBuffer(64);
        for (int customer : customers) {
            for (int i : byCustomer[customer]) {
                if (t.day[i] >= fromDay && t.day[i] < toDay) {
                    window.add(i);
                }
            }
        }
        int[] indices = window.toArray();
        Arrays.sort(indices);
        return indices;
    }

    // ---------------------------------------------------------------- output

    static void writeTransactions(Path file, Transactions t, Instant start) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("transaction_id,timestamp,account_id,merchant_id,amount,currency\n");
            StringBuilder line = new StringBuilder(96);
            for (int i = 0; i < t.size; i++) {
                line.setLength(0);
                line.append(transactionId(i)).append(',')
                        .append(t.timestamp(i, start)).append(',')
                        .append('c').append(t.customer[i]).append(',')
                        .append('t').append(t.terminal[i]).append(',')
                        .append(formatCents(t.amountCents[i])).append(',')
                        .append(CURRENCY).append('\n');
                out.append(line);
            }
        }
    }

    static void writeLabels(Path file, Transactions t, Instant start, int delayDays) throws IOException {
        long delaySeconds = (long) delayDays * SECONDS_PER_DAY;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("transaction_id,is_fraud,known_at,scenario\n");
            StringBuilder line = new StringBuilder(64);
            for (int i = 0; i < t.size; i++) {
                line.setLength(0);
                line.append(transactionId(i)).append(',')
                        .append(t.scenario[i] > 0 ? 1 : 0).append(',')
                        .append(t.timestamp(i, start).plusSeconds(delaySeconds)).append(',')
                        .append(t.scenario[i]).append('\n');
                out.append(line);
            }
        }
    }

    static String transactionId(int index) {
        return "hb-" + index;
    }

    static String formatCents(long cents) {
        return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
    }

    // ---------------------------------------------------------------- random draws

    static double uniform(Random rng, double low, double high) {
        return low + (high - low) * rng.nextDouble();
    }

    static double normal(Random rng, double mean, double std) {
        return mean + std * rng.nextGaussian();
    }

    /** Knuth's multiplication method; fine for the small means of the handbook (below 4). */
    static int poisson(Random rng, double mean) {
        double limit = Math.exp(-mean);
        int k = 0;
        double product = rng.nextDouble();
        while (product > limit) {
            k++;
            product *= rng.nextDouble();
        }
        return k;
    }

    /** {@code k} distinct values of [0, bound), in the order drawn. */
    static int[] sampleDistinct(Random rng, int bound, int k) {
        LinkedHashSet<Integer> chosen = new LinkedHashSet<>();
        while (chosen.size() < k) {
            chosen.add(rng.nextInt(bound));
        }
        return chosen.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Moves a uniform sample without replacement of {@code k} elements to the front (partial Fisher-Yates). */
    static void shufflePrefix(Random rng, int[] values, int k) {
        for (int j = 0; j < k; j++) {
            int pick = j + rng.nextInt(values.length - j);
            int held = values[j];
            values[j] = values[pick];
            values[pick] = held;
        }
    }

    /** A seed for one random stream (customers, terminals, one customer's transactions, one fraud day). */
    static long streamSeed(long seed, long stream, long index) {
        return mix64(mix64(seed + 0x9E3779B97F4A7C15L * stream) + 0x9E3779B97F4A7C15L * (index + 1));
    }

    /** The SplitMix64 finaliser. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---------------------------------------------------------------- storage

    /** Transactions in time order, one column per field; the index is the transaction number. */
    static final class Transactions {
        int size;
        int[] day;
        int[] secondOfDay;
        int[] customer;
        int[] terminal;
        long[] amountCents;
        byte[] scenario;

        Transactions(int capacity) {
            day = new int[capacity];
            secondOfDay = new int[capacity];
            customer = new int[capacity];
            terminal = new int[capacity];
            amountCents = new long[capacity];
            scenario = new byte[capacity];
        }

        void add(int txDay, int txSecondOfDay, int txCustomer, int txTerminal, long txAmountCents) {
            if (size == day.length) {
                grow();
            }
            day[size] = txDay;
            secondOfDay[size] = txSecondOfDay;
            customer[size] = txCustomer;
            terminal[size] = txTerminal;
            amountCents[size] = txAmountCents;
            size++;
        }

        private void grow() {
            if (day.length >= Integer.MAX_VALUE / 2) {
                throw new IllegalStateException("too many transactions for one run");
            }
            int capacity = day.length * 2;
            day = Arrays.copyOf(day, capacity);
            secondOfDay = Arrays.copyOf(secondOfDay, capacity);
            customer = Arrays.copyOf(customer, capacity);
            terminal = Arrays.copyOf(terminal, capacity);
            amountCents = Arrays.copyOf(amountCents, capacity);
            scenario = Arrays.copyOf(scenario, capacity);
        }

        /** The handbook's {@code TX_TIME_DAYS.max()}: the last day with a transaction (-1 if none). */
        int maxDay() {
            return size == 0 ? -1 : day[size - 1];
        }

        Instant timestamp(int i, Instant start) {
            return start.plusSeconds((long) day[i] * SECONDS_PER_DAY + secondOfDay[i]);
        }

        /** For each customer, the indices of its transactions in increasing order. */
        int[][] indicesByCustomer(int customerCount) {
            int[] counts = new int[customerCount];
            for (int i = 0; i < size; i++) {
                counts[customer[i]]++;
            }
            int[][] indices = new int[customerCount][];
            for (int c = 0; c < customerCount; c++) {
                indices[c] = new int[counts[c]];
                counts[c] = 0;
            }
            for (int i = 0; i < size; i++) {
                indices[customer[i]][counts[customer[i]]++] = i;
            }
            return indices;
        }

        Summary summary(Path outDir) {
            int[] perScenario = new int[4];
            for (int i = 0; i < size; i++) {
                perScenario[scenario[i]]++;
            }
            return new Summary(size, size - perScenario[0], perScenario, outDir);
        }
    }

    /** One day's transactions as generated, customer after customer, before sorting by time of day. */
    static final class DayBuffer {
        private final IntBuffer secondOfDay = new IntBuffer(4096);
        private final IntBuffer customer = new IntBuffer(4096);
        private final IntBuffer terminal = new IntBuffer(4096);
        private long[] amountCents = new long[4096];

        void clear() {
            secondOfDay.clear();
            customer.clear();
            terminal.clear();
        }

        void add(int txSecondOfDay, int txCustomer, int txTerminal, long txAmountCents) {
            int at = secondOfDay.size();
            if (at == amountCents.length) {
                amountCents = Arrays.copyOf(amountCents, at * 2);
            }
            amountCents[at] = txAmountCents;
            secondOfDay.add(txSecondOfDay);
            customer.add(txCustomer);
            terminal.add(txTerminal);
        }

        /** Appends the day sorted by time of day; equal times keep the generation order (customer id, then draw). */
        void appendSortedTo(Transactions all, int day) {
            int n = secondOfDay.size();
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = ((long) secondOfDay.get(i) << 32) | i;
            }
            Arrays.sort(keys);
            for (long key : keys) {
                int i = (int) key;
                all.add(day, secondOfDay.get(i), customer.get(i), terminal.get(i), amountCents[i]);
            }
        }
    }

    /** A growable list of ints. */
    static final class IntBuffer {
        private int[] values;
        private int size;

        IntBuffer(int capacity) {
            values = new int[capacity];
        }

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int i) {
            return values[i];
        }

        int size() {
            return size;
        }

        void clear() {
            size = 0;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
