package dev.frauddetection.detector.scoring.rules;

import dev.frauddetection.detector.events.Payment;
import dev.frauddetection.detector.state.AccountHistory;
import dev.frauddetection.detector.state.MerchantHistory;

/** What a rule may look at: the payment, and the account's and merchant's history before it. */
public record RuleContext(Payment payment, AccountHistory account, MerchantHistory merchant) {
}
