package dev.frauddetection.ingest.simulator;

import java.math.BigDecimal;
import java.util.List;

/** Where the simulated customers live and where fraudsters use their cards. */
final class Geography {

    record City(String name, String country, double lat, double lon, String currency, double perEuro) {

        /** Converts an amount in euros to this city's currency, rounded to that currency's minor unit. */
        BigDecimal localAmount(double euros) {
            int decimals = java.util.Currency.getInstance(currency).getDefaultFractionDigits();
            return BigDecimal.valueOf(Math.max(euros * perEuro, Math.pow(10, -decimals)))
                    .setScale(decimals, java.math.RoundingMode.HALF_UP);
        }
    }

    /** Home cities of the customers of the simulated European banks. */
    static final List<City> HOME = List.of(
            new City("berlin", "DE", 52.52, 13.40, "EUR", 1),
            new City("munich", "DE", 48.14, 11.58, "EUR", 1),
            new City("hamburg", "DE", 53.55, 9.99, "EUR", 1),
            new City("paris", "FR", 48.86, 2.35, "EUR", 1),
            new City("lyon", "FR", 45.76, 4.84, "EUR", 1),
            new City("london", "GB", 51.51, -0.13, "GBP", 0.85),
            new City("manchester", "GB", 53.48, -2.24, "GBP", 0.85),
            new City("amsterdam", "NL", 52.37, 4.90, "EUR", 1),
            new City("madrid", "ES", 40.42, -3.70, "EUR", 1),
            new City("barcelona", "ES", 41.39, 2.17, "EUR", 1),
            new City("rome", "IT", 41.90, 12.50, "EUR", 1),
            new City("milan", "IT", 45.46, 9.19, "EUR", 1),
            new City("vienna", "AT", 48.21, 16.37, "EUR", 1),
            new City("zurich", "CH", 47.37, 8.54, "CHF", 0.95),
            new City("warsaw", "PL", 52.23, 21.01, "PLN", 4.3),
            new City("stockholm", "SE", 59.33, 18.07, "SEK", 11.5));

    /** Far from every home city: where cloned cards and taken-over accounts are used. */
    static final List<City> DISTANT = List.of(
            new City("new-york", "US", 40.71, -74.01, "USD", 1.08),
            new City("sao-paulo", "BR", -23.55, -46.63, "BRL", 5.4),
            new City("lagos", "NG", 6.52, 3.38, "NGN", 1600),
            new City("singapore", "SG", 1.35, 103.82, "SGD", 1.45),
            new City("bangkok", "TH", 13.76, 100.50, "THB", 38),
            new City("manila", "PH", 14.60, 120.98, "PHP", 61));

    private Geography() {
    }
}
