package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.model.Transaction;
import dev.frauddetection.ingest.model.TransactionStatus;
import dev.frauddetection.ingest.simulator.Geography.City;
import dev.frauddetection.ingest.simulator.MerchantCatalog.Category;
import dev.frauddetection.ingest.simulator.MerchantCatalog.Merchant;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;

/**
 * Generates the payments of a simulated world in event-time order. Each bank's customers pay as a Poisson process at
 * the bank's rate; an arrival picks an account weighted by the hour of day, and with probability fraud-share starts a
 * fraud scenario instead, whose payments are scheduled at their own (later) times. One seeded random source drives
 * everything, so the same seed, start time and rates always give the same payments, labels and chargebacks.
 * Not thread-safe: one caller at a time.
 */
public final class SimulationEngine {

    private static final double MINUTE = 60;

    private final SimulatorConfig config;
    private final MerchantCatalog catalog;
    private final Random random;
    private final List<BankTraffic> banks = new ArrayList<>();
    private final PriorityQueue<SimulatedPayment> scheduled = new PriorityQueue<>();
    private final Map<String, Instant> compromisedUntil = new HashMap<>();
    // Profiles are derived from the seed alone, so forgetting one is free: the cache only bounds memory.
    private final Map<Integer, AccountProfile> profiles = new java.util.LinkedHashMap<>(1 << 16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, AccountProfile> eldest) {
            return size() > 100_000;
        }
    };
    private final Map<FraudScenario, Double> weights = new EnumMap<>(FraudScenario.class);
    private long sequence;

    private static final class BankTraffic {
        final String id;
        final SimulatorConfig.Bank bank;
        /** The bank's account range, scaled to fraud.simulator.total-accounts when that is set. */
        final int firstAccount;
        final int accounts;
        double rate;
        Instant nextArrival;

        BankTraffic(String id, SimulatorConfig.Bank bank, double accountScale, double rate, Instant start) {
            this.id = id;
            this.bank = bank;
            this.firstAccount = (int) Math.floor(bank.firstAccount() * accountScale);
            this.accounts = Math.max(1,
                    (int) Math.floor((bank.firstAccount() + (long) bank.accounts()) * accountScale) - firstAccount);
            this.rate = rate;
            this.nextArrival = start;
        }
    }

    public SimulationEngine(SimulatorConfig config, long seed, Instant start, double totalRate) {
        this.config = config;
        this.catalog = new MerchantCatalog(seed, config.merchantsPerCity());
        this.random = new Random(seed);
        double configured = configuredRate(config);
        double accountScale = config.totalAccounts().isPresent()
                ? config.totalAccounts().getAsInt() / (double) configuredAccounts(config) : 1;
        config.banks().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> banks.add(new BankTraffic(
                e.getKey(), e.getValue(), accountScale, e.getValue().rate() * totalRate / configured, start)));
        banks.forEach(b -> b.nextArrival = start.plus(exponential(b.rate)));
        for (FraudScenario scenario : FraudScenario.values()) {
            weights.put(scenario, config.scenarioWeights().getOrDefault(scenario.configName(), 0.0));
        }
    }

    /** Sum of the banks' configured rates. */
    public static double configuredRate(SimulatorConfig config) {
        return config.banks().values().stream().mapToDouble(SimulatorConfig.Bank::rate).sum();
    }

    /** Accounts of all banks as configured, before fraud.simulator.total-accounts scales them. */
    public static long configuredAccounts(SimulatorConfig config) {
        return config.banks().values().stream().mapToLong(b -> b.firstAccount() + (long) b.accounts()).max().orElse(0);
    }

    /** Changes the total rate from now on; each bank keeps its share. */
    public void rescale(double totalRate) {
        double configured = configuredRate(config);
        banks.forEach(b -> b.rate = b.bank.rate() * totalRate / configured);
    }

    /** Every payment with an event time up to and including {@code until}, in order. */
    public List<SimulatedPayment> advanceTo(Instant until) {
        List<SimulatedPayment> due = new ArrayList<>();
        while (!nextEventTime().isAfter(until)) {
            next().ifPresent(due::add);
        }
        return due;
    }

    /** The next {@code count} payments, in order. */
    public List<SimulatedPayment> take(int count) {
        List<SimulatedPayment> payments = new ArrayList<>(count);
        while (payments.size() < count) {
            next().ifPresent(payments::add);
        }
        return payments;
    }

    private Instant nextEventTime() {
        Instant arrival = earliestBank().nextArrival;
        SimulatedPayment head = scheduled.peek();
        return head != null && head.at().isBefore(arrival) ? head.at() : arrival;
    }

    /** One step: a scheduled payment that is due, or the next arrival (which may only schedule a scenario). */
    private java.util.Optional<SimulatedPayment> next() {
        BankTraffic bank = earliestBank();
        SimulatedPayment head = scheduled.peek();
        if (head != null && !head.at().isAfter(bank.nextArrival)) {
            return java.util.Optional.of(scheduled.poll());
        }
        Instant at = bank.nextArrival;
        bank.nextArrival = at.plus(exponential(bank.rate));
        AccountProfile account = pickAccount(bank, at);
        if (random.nextDouble() < config.fraudShare()) {
            startScenario(pickScenario(), account, at);
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(genuine(account, at));
    }

    private BankTraffic earliestBank() {
        return banks.stream().min(Comparator.comparing((BankTraffic b) -> b.nextArrival).thenComparing(b -> b.id)).orElseThrow();
    }

    private AccountProfile pickAccount(BankTraffic bank, Instant at) {
        int hour = at.atOffset(ZoneOffset.ofHours(1)).getHour();
        AccountProfile candidate = null;
        for (int attempt = 0; attempt < 8; attempt++) {
            int number = bank.firstAccount + random.nextInt(bank.accounts);
            candidate = profiles.computeIfAbsent(number, n -> AccountProfile.of(config.seed(), n, bank.id, catalog));
            if (random.nextDouble() * 1.1 < candidate.activityAt(hour)) {
                break;
            }
        }
        return candidate;
    }

    private SimulatedPayment genuine(AccountProfile account, Instant at) {
        Merchant merchant = random.nextDouble() < 0.9
                ? account.usualMerchants().get(random.nextInt(account.usualMerchants().size()))
                : catalog.shopsIn(account.home()).get(random.nextInt(catalog.shopsIn(account.home()).size()));
        double euros = merchant.category().typicalEuros() * account.spendFactor() * Math.exp(random.nextGaussian() * 0.5);
        Instant until = compromisedUntil.get(merchant.id());
        FraudScenario label = until != null && at.isBefore(until) ? FraudScenario.COMPROMISED_MERCHANT : null;
        return payment(account, merchant, merchant.city(), euros, at, label);
    }

    private FraudScenario pickScenario() {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double pick = random.nextDouble() * total;
        for (Map.Entry<FraudScenario, Double> weight : weights.entrySet()) {
            pick -= weight.getValue();
            if (pick < 0) {
                return weight.getKey();
            }
        }
        return FraudScenario.HIGH_AMOUNT;
    }

    private void startScenario(FraudScenario scenario, AccountProfile account, Instant at) {
        City home = account.home();
        switch (scenario) {
            case HIGH_AMOUNT -> {
                Merchant merchant = random.nextBoolean() ? pick(catalog.online(MerchantCatalog.ELECTRONICS))
                        : catalog.shopsIn(home).get(random.nextInt(catalog.shopsIn(home).size()));
                schedule(payment(account, merchant, merchant.city(),
                        400 * account.spendFactor() * (20 + random.nextDouble() * 60), at, scenario));
            }
            case VELOCITY_BURST -> {
                int count = 8 + random.nextInt(8);
                for (int i = 0; i < count; i++) {
                    Merchant merchant = pick(catalog.online(random.nextBoolean() ? MerchantCatalog.DIGITAL_GOODS
                            : MerchantCatalog.ELECTRONICS));
                    schedule(payment(account, merchant, merchant.city(), 20 + random.nextDouble() * 180,
                            at.plusMillis((long) (random.nextDouble() * 2 * MINUTE * 1000)), scenario));
                }
            }
            case IMPOSSIBLE_TRAVEL -> {
                schedule(genuine(account, at));
                City far = pick(Geography.DISTANT);
                Merchant merchant = pick(catalog.shopsIn(far));
                schedule(payment(account, merchant, far, merchant.category().typicalEuros() * 3,
                        at.plusSeconds((long) ((5 + random.nextDouble() * 35) * MINUTE)), scenario));
            }
            case CARD_TESTING -> {
                int probes = 3 + random.nextInt(4);
                Instant t = at;
                for (int i = 0; i < probes; i++) {
                    schedule(payment(account, pick(catalog.online(MerchantCatalog.DIGITAL_GOODS)), home,
                            0.5 + random.nextDouble() * 1.5, t, scenario));
                    t = t.plusSeconds(10 + random.nextInt(50));
                }
                Merchant big = pick(catalog.online(MerchantCatalog.ELECTRONICS));
                schedule(payment(account, big, big.city(), 800 + random.nextDouble() * 2200,
                        t.plusSeconds(60 + random.nextInt(540)), scenario));
            }
            case COMPROMISED_MERCHANT -> {
                // One terminal at a time: a compromise hits every customer of the shop for days, so overlapping ones
                // would turn a rare event into a large share of all traffic.
                compromisedUntil.values().removeIf(until -> !until.isAfter(at));
                if (compromisedUntil.isEmpty()) {
                    compromisedUntil.put(catalog.anyShop(random).id(), at.plus(config.compromiseDuration()));
                }
                schedule(genuine(account, at));
            }
            case ACCOUNT_TAKEOVER -> {
                City far = pick(Geography.DISTANT);
                int count = 2 + random.nextInt(3);
                Instant t = at;
                for (int i = 0; i < count; i++) {
                    Category category = pick(List.of(MerchantCatalog.TRAVEL, MerchantCatalog.MONEY_TRANSFER,
                            MerchantCatalog.ELECTRONICS));
                    Merchant merchant = random.nextBoolean() ? pick(catalog.online(category)) : pick(catalog.shopsIn(far));
                    schedule(payment(account, merchant, far, 1500 + random.nextDouble() * 6000, t, scenario));
                    t = t.plusSeconds((long) ((10 + random.nextDouble() * 50) * MINUTE));
                }
            }
        }
    }

    private void schedule(SimulatedPayment payment) {
        scheduled.add(payment);
    }

    /**
     * A payment of {@code euros} worth: in the local currency where the card is present (a shop, an ATM), in the
     * card's home currency otherwise (online, wires).
     */
    private SimulatedPayment payment(AccountProfile account, Merchant merchant, City where, double euros,
                                     Instant at, FraudScenario scenario) {
        String channel = merchant.category().channel();
        City pricing = channel.equals("CARD_PRESENT") || channel.equals("ATM") ? where : account.home();
        Transaction tx = new Transaction(new UUID(random.nextLong(), random.nextLong()), account.accountId(),
                account.cardFingerprint(), account.cardLast4(), account.bankId(), account.paymentSystem(),
                channel, pricing.localAmount(euros), pricing.currency(), merchant.id(), merchant.name(), merchant.category().mcc(),
                where.country(), jitter(where.lat()), jitter(where.lon()), OffsetDateTime.ofInstant(at, ZoneOffset.UTC),
                TransactionStatus.AUTHORIZED);
        Instant chargeback = scenario != null && random.nextDouble() < config.chargebackShare()
                ? at.plus(between(config.chargebackDelayMin(), config.chargebackDelayMax())) : null;
        return new SimulatedPayment(tx, scenario, chargeback, sequence++);
    }

    private double jitter(double degrees) {
        return Math.round((degrees + (random.nextDouble() - 0.5) * 0.1) * 1e5) / 1e5;
    }

    private Duration between(Duration min, Duration max) {
        return min.plusMillis((long) (random.nextDouble() * max.minus(min).toMillis()));
    }

    private Duration exponential(double ratePerSecond) {
        return Duration.ofNanos((long) (-Math.log(1 - random.nextDouble()) / ratePerSecond * 1e9));
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
