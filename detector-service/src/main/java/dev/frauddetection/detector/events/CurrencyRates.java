package dev.frauddetection.detector.events;

import java.util.Map;

/**
 * Reference exchange rates (units per euro) used only to put amounts in different currencies on one scale for
 * features and the model; rules compare amounts in their own currency. Fixed on purpose: a verdict must not change
 * when it is replayed next month. Unknown currencies count as euros.
 */
public final class CurrencyRates {

    private static final Map<String, Double> PER_EURO = Map.ofEntries(
            Map.entry("EUR", 1.0), Map.entry("USD", 1.08), Map.entry("GBP", 0.85), Map.entry("CHF", 0.95),
            Map.entry("PLN", 4.3), Map.entry("SEK", 11.5), Map.entry("NOK", 11.6), Map.entry("DKK", 7.46),
            Map.entry("CZK", 25.0), Map.entry("HUF", 390.0), Map.entry("JPY", 160.0), Map.entry("CNY", 7.8),
            Map.entry("BRL", 5.4), Map.entry("NGN", 1600.0), Map.entry("SGD", 1.45), Map.entry("THB", 38.0),
            Map.entry("PHP", 61.0), Map.entry("INR", 90.0), Map.entry("CAD", 1.47), Map.entry("AUD", 1.65));

    private CurrencyRates() {
    }

    public static double perEuro(String currency) {
        return currency == null ? 1.0 : PER_EURO.getOrDefault(currency, 1.0);
    }
}
