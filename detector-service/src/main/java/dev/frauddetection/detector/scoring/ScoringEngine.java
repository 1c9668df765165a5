package dev.frauddetection.detector.scoring;

import dev.frauddetection.detector.events.Decision;
import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.scoring.rules.FraudRule;
import dev.frauddetection.detector.scoring.rules.RuleContext;
import dev.frauddetection.detector.scoring.rules.RuleHit;
import dev.frauddetection.detector.scoring.rules.RuleSet;
import dev.frauddetection.detector.state.AccountHistory;
import dev.frauddetection.detector.state.DetectorState;
import dev.frauddetection.detector.state.MerchantHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Features, rules and model over the detector's state, in event time: a payment is judged on the history before it,
 * then added to that history. Plain Java with no framework, so the live pipeline, {@code train} and {@code backtest}
 * run the very same code. Single-threaded, like the state it owns.
 */
public final class ScoringEngine {

    private final DetectorState state;
    private final Supplier<RuleSet> rules;
    private final Supplier<LiveModels> models;

    public ScoringEngine(DetectorState state, Supplier<RuleSet> rules, Supplier<LiveModels> models) {
        this.state = state;
        this.rules = rules;
        this.models = models;
    }

    /** For train and backtest: one model, no challenger. */
    public static ScoringEngine withModel(DetectorState state, Supplier<RuleSet> rules, FraudModel model) {
        LiveModels only = model == null ? null : LiveModels.of(model);
        return new ScoringEngine(state, rules, () -> only);
    }

    /** Judges a new payment, then remembers it. */
    public Assessment assess(Payment payment) {
        AccountHistory account = state.account(payment.accountId());
        MerchantHistory merchant = state.merchant(payment.merchantId());
        RuleSet ruleSet = rules.get();
        LiveModels live = models.get();
        FraudModel fraudModel = live.champion();

        double[] features = FeatureExtractor.extract(payment, account, merchant);
        double modelScore = fraudModel.score(features);
        RuleContext context = new RuleContext(payment, account, merchant);
        // The rules do not depend on the model: what they decide applies to the champion and a challenger alike.
        Decision ruleDecision = Decision.ALLOW;
        double ruleScore = 0;
        List<RuleHit> hits = List.of();
        for (FraudRule rule : ruleSet.rules()) {
            Optional<RuleHit> fired = rule.evaluate(context);
            if (fired.isPresent()) {
                RuleHit hit = fired.get();
                if (hits.isEmpty()) {
                    hits = new ArrayList<>(2);
                }
                hits.add(hit);
                if (hit.decision().compareTo(ruleDecision) > 0) {
                    ruleDecision = hit.decision();
                }
                ruleScore = Math.max(ruleScore, hit.score());
            }
        }
        Decision decision = max(modelDecision(modelScore, ruleSet), ruleDecision);
        double score = Math.max(modelScore, ruleScore);
        List<String> top = decision.raisesAlert() ? fraudModel.topContributions(features, 3) : List.of();
        Assessment.Challenger challenger = null;
        if (live.challenger() != null) {
            double challengerScore = live.challenger().score(features);
            challenger = new Assessment.Challenger(live.challenger().version(), challengerScore,
                    max(modelDecision(challengerScore, ruleSet), ruleDecision));
        }

        state.remember(payment, account, merchant);
        return new Assessment(score, decision, List.copyOf(hits), modelScore, top, ruleSet.version(),
                fraudModel.version(), challenger);
    }

    private static Decision modelDecision(double modelScore, RuleSet ruleSet) {
        return modelScore >= ruleSet.alertThreshold() ? Decision.ALERT
                : modelScore >= ruleSet.reviewThreshold() ? Decision.REVIEW : Decision.ALLOW;
    }

    private static Decision max(Decision a, Decision b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * Warms the CPU's caches for judging these payments next ({@link DetectorState#prefetch}); changes nothing, so
     * the verdicts are the same with or without it. Worth it over many accounts, whose histories are out of cache.
     */
    public void prefetch(List<Payment> upcoming) {
        state.prefetch(upcoming);
    }

    /**
     * True if the payment was judged already: its change event came again, as Debezium resends what it published
     * since its last offset flush when Kafka Connect crashes. It was judged when it first came, on the history before
     * it; judged again now, on a history that holds it and whatever followed, it could get another verdict.
     */
    public boolean judgedBefore(Payment payment) {
        return state.remembers(payment);
    }

    /** Remembers a payment without judging it: rebuilding state from history. */
    public void remember(Payment payment) {
        state.remember(payment, state.account(payment.accountId()), state.merchant(payment.merchantId()));
    }

    /** A chargeback on a payment at this merchant became known: feedback for merchant risk. */
    public void chargeback(String merchantId, long knownAt) {
        state.chargeback(merchantId, knownAt);
    }

    /** The features of a payment against the current state, then remembers it: what {@code train} learns from. */
    public double[] featuresAndRemember(Payment payment) {
        AccountHistory account = state.account(payment.accountId());
        MerchantHistory merchant = state.merchant(payment.merchantId());
        double[] features = FeatureExtractor.extract(payment, account, merchant);
        state.remember(payment, account, merchant);
        return features;
    }

    public DetectorState state() {
        return state;
    }
}
