package dev.frauddetection.detector.rules;

import dev.frauddetection.detector.features.AccountHistory;
import dev.frauddetection.detector.features.MerchantHistory;
import dev.frauddetection.detector.features.Payment;

/** What a rule may look at: the payment, and the account's and merchant's history before it. */
public record RuleContext(Payment payment, AccountHistory account, MerchantHistory merchant) {
}
