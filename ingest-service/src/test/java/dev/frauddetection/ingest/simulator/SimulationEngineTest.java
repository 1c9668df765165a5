package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.request.CardNumbers;

import dev.frauddetection.ingest.model.Transaction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SimulationEngineTest {

    private static final Instant START = Instant.parse("2026-11-02T00:00:00Z");
    private static final Set<String> DISTANT = Geography.DISTANT.stream().map(Geography.City::country).collect(Collectors.toSet());

    @Test
    void theSameSeedGivesTheSamePaymentsLabelsAndChargebacks() {
        List<SimulatedPayment> first = engine(7, 0.02).take(20_000);
        List<SimulatedPayment> second = engine(7, 0.02).take(20_000);

        assertThat(second).isEqualTo(first);
        assertThat(engine(8, 0.02).take(100)).isNotEqualTo(first.subList(0, 100));
    }

    @Test
    void streamingInSlicesGivesTheSameSequenceAsOneBatch() {
        SimulationEngine sliced = engine(7, 0.02);
        List<SimulatedPayment> streamed = new java.util.ArrayList<>();
        for (int second = 1; second <= 120; second++) {
            streamed.addAll(sliced.advanceTo(START.plusSeconds(second)));
        }
        List<SimulatedPayment> whole = engine(7, 0.02).advanceTo(START.plusSeconds(120));

        assertThat(streamed).isEqualTo(whole);
        assertThat(streamed).allSatisfy(p -> assertThat(p.at()).isBetween(START, START.plusSeconds(120)));
    }

    @Test
    void holdsTheBanksRatesInEventTime() {
        List<SimulatedPayment> hour = engine(3, 0.0).advanceTo(START.plus(Duration.ofHours(1)));
        Map<String, Long> byBank = hour.stream().collect(Collectors.groupingBy(p -> p.transaction().bankId(), Collectors.counting()));

        assertThat(byBank.get("bank-a") / 3600.0).isBetween(48.0, 52.0);
        assertThat(byBank.get("bank-b") / 3600.0).isBetween(28.5, 31.5);
    }

    @Test
    void totalAccountsScalesEveryBanksRangeKeepingItsShare() {
        // The chart's kind values size the detector for 50,000 accounts and set fraud.simulator.total-accounts to
        // match: a tenth of the defaults' 500,000, each bank keeping its three fifths and two fifths.
        TestSimulatorConfig config = new TestSimulatorConfig(0.0, TestSimulatorConfig.DEFAULT_WEIGHTS,
                java.util.OptionalInt.of(5_000));
        List<SimulatedPayment> payments = new SimulationEngine(config, 5, START, SimulationEngine.configuredRate(config))
                .take(200_000);
        Map<String, Set<String>> accountsByBank = payments.stream().map(SimulatedPayment::transaction).collect(
                Collectors.groupingBy(Transaction::bankId, Collectors.mapping(Transaction::accountId, Collectors.toSet())));

        assertThat(accountsByBank.get("bank-a")).hasSize(3_000);
        assertThat(accountsByBank.get("bank-b")).hasSize(2_000);
        assertThat(engine(5, 0.0).take(200_000).stream().map(p -> p.transaction().accountId()).distinct().count())
                .as("the same traffic over the unscaled 500,000 accounts").isGreaterThan(100_000);
    }

    @Test
    void paymentsComeInEventTimeOrderAndAreWellFormed() {
        List<SimulatedPayment> payments = engine(11, 0.05).take(30_000);

        for (int i = 1; i < payments.size(); i++) {
            assertThat(payments.get(i).at()).isAfterOrEqualTo(payments.get(i - 1).at());
        }
        assertThat(payments).allSatisfy(p -> {
            Transaction tx = p.transaction();
            assertThat(tx.amount().signum()).isPositive();
            assertThat(tx.amount().scale()).isEqualTo(Currency.getInstance(tx.currency()).getDefaultFractionDigits());
            assertThat(tx.cardLast4()).matches("\\d{4}");
            assertThat(tx.lat()).isBetween(-90.0, 90.0);
            assertThat(tx.lon()).isBetween(-180.0, 180.0);
        });
        assertThat(payments.stream().map(p -> p.transaction().id()).distinct()).hasSize(payments.size());
    }

    @Test
    void anAccountKeepsItsBankCardAndHomeAcrossPayments() {
        List<SimulatedPayment> payments = engine(5, 0.0).take(50_000);
        Map<String, Set<String>> cards = new HashMap<>();
        Map<String, Set<String>> banks = new HashMap<>();
        payments.forEach(p -> {
            cards.computeIfAbsent(p.transaction().accountId(), a -> new HashSet<>()).add(p.transaction().cardFingerprint());
            banks.computeIfAbsent(p.transaction().accountId(), a -> new HashSet<>()).add(p.transaction().bankId());
        });

        assertThat(cards.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(banks.values()).allSatisfy(set -> assertThat(set).hasSize(1));
        assertThat(payments).noneMatch(p -> DISTANT.contains(p.transaction().country()));
    }

    @Test
    void injectsEveryScenarioInRoughlyItsShare() {
        List<SimulatedPayment> payments = engine(13, 0.01).take(300_000);
        Map<FraudScenario, Long> mix = new EnumMap<>(FraudScenario.class);
        payments.stream().filter(SimulatedPayment::isFraud).forEach(p -> mix.merge(p.scenario(), 1L, Long::sum));

        assertThat(mix.keySet()).containsExactlyInAnyOrder(FraudScenario.values());
        long frauds = mix.values().stream().mapToLong(Long::longValue).sum();
        assertThat(frauds / (double) payments.size()).as("share of fraudulent payments").isBetween(0.01, 0.08);
        // High-amount and account-takeover starts are equally likely; takeovers make 2 to 4 payments each.
        assertThat(mix.get(FraudScenario.ACCOUNT_TAKEOVER)).isGreaterThan(mix.get(FraudScenario.HIGH_AMOUNT));
    }

    @Test
    void impossibleTravelFollowsAPaymentAtHomeWithinMinutesFromADistantCountry() {
        List<SimulatedPayment> payments = engine(17, 0.02).take(100_000);
        List<SimulatedPayment> travels = payments.stream().filter(p -> p.scenario() == FraudScenario.IMPOSSIBLE_TRAVEL).toList();

        assertThat(travels).isNotEmpty().allSatisfy(fraud -> {
            assertThat(DISTANT).contains(fraud.transaction().country());
            boolean seenAtHomeJustBefore = payments.stream().anyMatch(home ->
                    home.transaction().accountId().equals(fraud.transaction().accountId())
                            && !DISTANT.contains(home.transaction().country())
                            && !home.at().isAfter(fraud.at().minus(Duration.ofMinutes(5)))
                            && !home.at().isBefore(fraud.at().minus(Duration.ofMinutes(40))));
            assertThat(seenAtHomeJustBefore).as("a payment at home 5 to 40 minutes before %s", fraud).isTrue();
        });
    }

    @Test
    void cardTestingProbesWithTinyAmountsBeforeOneLargePayment() {
        List<SimulatedPayment> testing = engine(19, 0.02).take(100_000).stream()
                .filter(p -> p.scenario() == FraudScenario.CARD_TESTING).toList();
        // Probes are worth at most 2 EUR and the final payment at least 800 EUR; in SEK (11.5 per EUR) or GBP
        // (0.85 per EUR) that is still below 25 and above 600.
        List<SimulatedPayment> large = testing.stream().filter(p -> p.transaction().amount().doubleValue() > 600).toList();

        assertThat(testing).allSatisfy(p -> assertThat(p.transaction().amount().doubleValue()).satisfiesAnyOf(
                amount -> assertThat(amount).isLessThan(25), amount -> assertThat(amount).isGreaterThan(600)));
        assertThat(large).isNotEmpty().allSatisfy(big -> {
            long probesBefore = testing.stream().filter(p -> p.transaction().accountId().equals(big.transaction().accountId())
                    && p.transaction().amount().doubleValue() < 25
                    && p.at().isBefore(big.at()) && p.at().isAfter(big.at().minus(Duration.ofMinutes(15)))).count();
            assertThat(probesBefore).as("tiny probes in the 15 minutes before %s", big.transaction().id())
                    .isGreaterThanOrEqualTo(3);
        });
    }

    @Test
    void chargebacksFollowOnlyFraudWithinTheConfiguredDelayForAboutTheConfiguredShare() {
        List<SimulatedPayment> payments = engine(23, 0.02).take(100_000);
        List<SimulatedPayment> frauds = payments.stream().filter(SimulatedPayment::isFraud).toList();

        assertThat(payments).filteredOn(p -> !p.isFraud()).allSatisfy(p -> assertThat(p.chargebackDue()).isNull());
        assertThat(frauds).filteredOn(p -> p.chargebackDue() != null).allSatisfy(p -> assertThat(
                Duration.between(p.at(), p.chargebackDue())).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(20)));
        double reported = frauds.stream().filter(p -> p.chargebackDue() != null).count() / (double) frauds.size();
        assertThat(reported).isBetween(0.6, 0.8);
    }

    @Test
    void noSimulatedPaymentLooksLikeACardNumberToTheApiOrTheDatabase() {
        // About one hex fingerprint in 14,000 holds 12 decimal digits that pass Luhn: a rule that refused a card
        // number anywhere in the fingerprint failed whole simulator batches, which only a run over many accounts shows.
        List<SimulatedPayment> payments = engine(11, 0.02).take(300_000);
        assertThat(payments.stream().map(SimulatedPayment::transaction).map(Transaction::accountId).distinct().count())
                .isGreaterThan(100_000);
        assertThat(payments).allSatisfy(payment -> {
            Transaction t = payment.transaction();
            assertThat(List.of(t.accountId(), t.bankId(), t.merchantId(), String.valueOf(t.merchantName())))
                    .noneMatch(CardNumbers::holdsCardNumber);
            assertThat(t.cardFingerprint().matches("\\d([ ._/-]?\\d){11,18}")).isFalse();
        });
    }

    private static SimulationEngine engine(long seed, double fraudShare) {
        TestSimulatorConfig config = new TestSimulatorConfig(fraudShare, TestSimulatorConfig.DEFAULT_WEIGHTS);
        return new SimulationEngine(config, seed, START, SimulationEngine.configuredRate(config));
    }
}
