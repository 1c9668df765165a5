package dev.frauddetection.detector.scoring.rules;

import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.state.AccountHistory;
import dev.frauddetection.detector.state.MerchantHistory;
import dev.frauddetection.detector.state.Payments;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.frauddetection.detector.state.AccountHistory.DAY;
import static dev.frauddetection.detector.state.AccountHistory.MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

/** Each rule at its edges: just below and at its threshold, and what it says when it fires. */
class RulesTest {

    private final AccountHistory account = new AccountHistory();
    private final MerchantHistory merchant = new MerchantHistory();

    @Test
    void highAmountFiresAtTheCurrencysLimitAndBlocksAtTheMultiple() {
        Rules.HighAmount rule = new Rules.HighAmount("high", Decision.ALERT, 0.75, Map.of("EUR", 5000.0), 4000, 10);

        assertThat(evaluate(rule, Payments.at(0, 4999.99))).isEmpty();
        RuleHit hit = evaluate(rule, Payments.at(0, 5000)).orElseThrow();
        assertThat(hit.decision()).isEqualTo(Decision.ALERT);
        assertThat(hit.score()).isEqualTo(0.75);
        assertThat(hit.reason()).isEqualTo("amount 5000.00 EUR is at or above the 5000 EUR limit");
        assertThat(evaluate(rule, Payments.at(0, 50_000)).orElseThrow().decision()).isEqualTo(Decision.BLOCK);
    }

    @Test
    void aCurrencyWithoutItsOwnLimitIsComparedInEuros() {
        Rules.HighAmount rule = new Rules.HighAmount("high", Decision.ALERT, 0.75, Map.of("EUR", 5000.0), 4000, 10);
        Payment naira = new Payment("tx-ngn", "acc-1", "fp-1", "m-1", "5411", "ONLINE", 5_000_000, "NGN", "NG",
                Double.NaN, Double.NaN, Payments.T0.toEpochMilli());

        assertThat(evaluate(rule, naira)).as("5,000,000 NGN is about 3,125 EUR").isEmpty();
        assertThat(evaluate(rule, new Payment("tx-ngn2", "acc-1", "fp-1", "m-1", "5411", "ONLINE", 7_000_000, "NGN",
                "NG", Double.NaN, Double.NaN, Payments.T0.toEpochMilli()))).map(RuleHit::reason)
                .contains("amount 7000000.00 NGN (4375.00 EUR) is at or above the 4000 EUR limit");
    }

    @Test
    void velocityFiresWhenThisPaymentExceedsTheCount() {
        Rules.Velocity rule = new Rules.Velocity("velocity", Decision.REVIEW, 0.6, Duration.ofMinutes(1), 3);
        account.add(Payments.at(0, 10));
        account.add(Payments.at(10_000, 10));

        assertThat(evaluate(rule, Payments.at(20_000, 10))).as("third payment: at the limit").isEmpty();
        account.add(Payments.at(20_000, 10));
        assertThat(evaluate(rule, Payments.at(30_000, 10))).map(RuleHit::reason)
                .contains("4 payments within 1m (more than 3)");
        assertThat(evaluate(rule, Payments.at(MINUTE + 10_001, 10))).as("the first two left the window").isEmpty();
    }

    @Test
    void impossibleTravelNeedsBothDistanceAndSpeed() {
        Rules.ImpossibleTravel rule = new Rules.ImpossibleTravel("travel", Decision.ALERT, 0.85, 900, 500);
        account.add(Payments.located(0, 52.52, 13.40, "CARD_PRESENT"));

        assertThat(evaluate(rule, Payments.located(30 * MINUTE, 40.71, -74.01, "CARD_PRESENT")))
                .map(RuleHit::rule).contains("travel");
        assertThat(evaluate(rule, Payments.located(30 * MINUTE, 52.40, 13.06, "CARD_PRESENT")))
                .as("Potsdam: near, however fast").isEmpty();
        assertThat(evaluate(rule, Payments.located(12 * 60 * MINUTE, 40.71, -74.01, "CARD_PRESENT")))
                .as("New York half a day later is a flight").isEmpty();
    }

    @Test
    void cardTestingNeedsEnoughTinyProbesBeforeALargePayment() {
        Rules.CardTesting rule = new Rules.CardTesting("testing", Decision.BLOCK, 0.95, Duration.ofMinutes(15), 3, 3, 300);
        account.add(Payments.at(0, 1.0));
        account.add(Payments.at(MINUTE, 0.5));

        assertThat(evaluate(rule, Payments.at(5 * MINUTE, 900))).as("two probes").isEmpty();
        account.add(Payments.at(2 * MINUTE, 2.0));
        assertThat(evaluate(rule, Payments.at(5 * MINUTE, 299))).as("not large").isEmpty();
        assertThat(evaluate(rule, Payments.at(5 * MINUTE, 900))).map(RuleHit::decision).contains(Decision.BLOCK);
        assertThat(evaluate(rule, Payments.at(16 * MINUTE, 900))).as("first probe left the window").isEmpty();
    }

    @Test
    void blacklistMatchesAccountsCardsAndMerchants() {
        Rules.Blacklist byCard = new Rules.Blacklist("blacklist", Decision.BLOCK, 0.99, Set.of(), Set.of("fp-1"), Set.of());
        Rules.Blacklist byMerchant = new Rules.Blacklist("blacklist", Decision.BLOCK, 0.99, null, null, Set.of("m-2"));

        assertThat(evaluate(byCard, Payments.at(0, 1))).map(RuleHit::reason).contains("card is blacklisted");
        assertThat(evaluate(byMerchant, Payments.at(0, 1))).isEmpty();
        assertThat(evaluate(byMerchant, Payments.at(0, 1, "DE", "m-2"))).isPresent();
    }

    @Test
    void newCountryAndNewMerchantNeedAKnownAccountAndALargeAmount() {
        Rules.NewCountryLargeAmount country = new Rules.NewCountryLargeAmount("new-country", Decision.REVIEW, 0.65, 1000);
        Rules.NewMerchantLargeAmount shop = new Rules.NewMerchantLargeAmount("new-merchant", Decision.REVIEW, 0.55, 1000);

        assertThat(evaluate(country, Payments.at(DAY, 5000, "BR", "m-far"))).as("a new account has no habits").isEmpty();
        account.add(Payments.at(0, 30, "DE", "m-1"));
        assertThat(evaluate(country, Payments.at(DAY, 5000, "BR", "m-far"))).isPresent();
        assertThat(evaluate(country, Payments.at(DAY, 999, "BR", "m-far"))).isEmpty();
        assertThat(evaluate(country, Payments.at(DAY, 5000, "DE", "m-far"))).isEmpty();
        assertThat(evaluate(shop, Payments.at(DAY, 5000, "DE", "m-far"))).isPresent();
        assertThat(evaluate(shop, Payments.at(DAY, 5000, "DE", "m-1"))).isEmpty();
    }

    @Test
    void riskyMerchantUsesOnlyChargebacksKnownBeforeThePayment() {
        Rules.RiskyMerchant rule = new Rules.RiskyMerchant("risky", Decision.REVIEW, 0.6, 3, 0.2);
        for (int i = 0; i < 10; i++) {
            merchant.addPayment(Payments.at(i * MINUTE, 10).time());
        }
        for (int i = 0; i < 3; i++) {
            merchant.addChargeback(Payments.at(DAY + i, 0).time());
        }

        assertThat(evaluate(rule, Payments.at(DAY - 1, 10))).as("chargebacks not known yet").isEmpty();
        assertThat(evaluate(rule, Payments.at(2 * DAY, 10))).map(RuleHit::reason)
                .contains("merchant m-1 had 3 chargebacks (30.0% of payments) in 30 days");
    }

    private Optional<RuleHit> evaluate(FraudRule rule, Payment payment) {
        return rule.evaluate(new RuleContext(payment, account, merchant));
    }
}
