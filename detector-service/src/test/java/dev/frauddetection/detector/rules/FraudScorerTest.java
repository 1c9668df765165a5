package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.model.Decision;
import dev.frauddetection.detector.model.PaymentTransaction;
import dev.frauddetection.detector.model.TransactionChange;
import dev.frauddetection.detector.model.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FraudScorerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:01Z");
    private static final Instant COMMITTED = Instant.parse("2026-11-22T10:00:00.500Z");

    private final FraudRule review = p -> Optional.of(new RuleHit("watchlist", 0.4, Decision.REVIEW, "merchant watched"));
    private final FraudRule block = p -> Optional.of(new RuleHit("stolen-card", 0.97, Decision.BLOCK, "card reported stolen"));
    private final FraudRule silent = p -> Optional.empty();

    @Test
    void allowsAPaymentNoRuleFiresOn() {
        Verdict verdict = scorer(silent).score(change());

        assertThat(verdict.decision()).isEqualTo(Decision.ALLOW);
        assertThat(verdict.score()).isZero();
        assertThat(verdict.reasons()).isEmpty();
    }

    @Test
    void takesTheMostSevereDecisionAndHighestScoreButKeepsEveryReason() {
        Verdict verdict = scorer(review, silent, block).score(change());

        assertThat(verdict.decision()).isEqualTo(Decision.BLOCK);
        assertThat(verdict.score()).isEqualTo(0.97);
        assertThat(verdict.reasons()).containsExactly("watchlist: merchant watched", "stolen-card: card reported stolen");
    }

    @Test
    void carriesTheIdentityEventTimeAndCommitTimeOfThePayment() {
        Verdict verdict = scorer(review).score(change());

        assertThat(verdict.transactionId()).isEqualTo("tx-1");
        assertThat(verdict.accountId()).isEqualTo("acc-1");
        assertThat(verdict.eventTime()).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(verdict.committedAt()).isEqualTo(COMMITTED);
        assertThat(verdict.decidedAt()).isEqualTo(NOW);
    }

    private static FraudScorer scorer(FraudRule... rules) {
        return new FraudScorer(List.of(rules), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static TransactionChange change() {
        PaymentTransaction payment = HighAmountRuleTest.payment("10.00", "EUR");
        return new TransactionChange(TransactionChange.Operation.INSERT, null, payment, COMMITTED);
    }
}
