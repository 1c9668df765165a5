package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.model.Decision;
import dev.frauddetection.detector.model.PaymentTransaction;
import dev.frauddetection.detector.model.TransactionChange;
import dev.frauddetection.detector.model.Verdict;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs every rule over a new payment and combines the hits: the highest score, the most severe decision, and every
 * reason, so an analyst sees all that fired and not only the worst.
 */
@ApplicationScoped
public class FraudScorer {

    private final List<FraudRule> rules;
    private final Clock clock;

    @Inject
    public FraudScorer(@All List<FraudRule> rules) {
        this(rules, Clock.systemUTC());
    }

    FraudScorer(List<FraudRule> rules, Clock clock) {
        this.rules = List.copyOf(rules);
        this.clock = clock;
    }

    public Verdict score(TransactionChange change) {
        PaymentTransaction payment = change.after();
        List<RuleHit> hits = rules.stream().map(rule -> rule.evaluate(payment)).flatMap(Optional::stream).toList();
        double score = hits.stream().mapToDouble(RuleHit::score).max().orElse(0);
        Decision decision = hits.stream().map(RuleHit::decision).max(Comparator.naturalOrder()).orElse(Decision.ALLOW);
        List<String> reasons = hits.stream().map(hit -> hit.rule() + ": " + hit.reason()).toList();
        return new Verdict(payment.id(), payment.accountId(), payment.merchantId(), payment.amount(),
                payment.currency(), score, decision, reasons, payment.createdAt(), change.committedAt(), clock.instant());
    }
}
