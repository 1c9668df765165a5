package dev.frauddetection.detector.features;

/**
 * A payment as the scoring code sees it, whatever it came from (a Debezium change event, a CSV row in a backtest).
 * {@code time} is the event time in epoch milliseconds; {@code lat}/{@code lon} are NaN when unknown.
 */
public record Payment(String id, String accountId, String cardFingerprint, String merchantId, String merchantCategory,
                      String channel, double amount, String currency, String country, double lat, double lon, long time) {

    /**
     * True when the payment puts the card somewhere: a card-present or ATM payment with coordinates. An online
     * merchant's coordinates are where it is registered, not where the customer is, so they never count as travel.
     */
    public boolean hasLocation() {
        return !Double.isNaN(lat) && !Double.isNaN(lon) && ("CARD_PRESENT".equals(channel) || "ATM".equals(channel));
    }

    /** The amount in euros at fixed reference rates: comparable across currencies, good enough for features. */
    public double amountInEuros() {
        return amount / CurrencyRates.perEuro(currency);
    }
}
