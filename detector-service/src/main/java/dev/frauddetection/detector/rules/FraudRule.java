package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.model.PaymentTransaction;

import java.util.Optional;

/** One fraud rule, evaluated against a new payment. */
public interface FraudRule {

    Optional<RuleHit> evaluate(PaymentTransaction payment);
}
