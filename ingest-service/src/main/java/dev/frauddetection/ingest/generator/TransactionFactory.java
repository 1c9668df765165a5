package dev.frauddetection.ingest.generator;

import dev.frauddetection.ingest.config.GeneratorConfig;
import dev.frauddetection.ingest.model.Transaction;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Makes plausible card payments: a fixed population of accounts at two banks, each with one card and a home
 * country, paying everyday amounts at a pool of merchants, with a configurable share of outsized amounts.
 */
public class TransactionFactory {

    private record Merchant(String id, String name, String category, String country, double lat, double lon) {
    }

    private static final List<Merchant> MERCHANTS = List.of(
            new Merchant("m-grocer-berlin", "Kiez Markt", "5411", "DE", 52.52, 13.40),
            new Merchant("m-fuel-munich", "Isar Tankstelle", "5541", "DE", 48.14, 11.58),
            new Merchant("m-cafe-paris", "Cafe du Marais", "5814", "FR", 48.86, 2.36),
            new Merchant("m-books-london", "Holborn Books", "5942", "GB", 51.52, -0.12),
            new Merchant("m-electronics-online", "Voltshop Online", "5732", "NL", 52.37, 4.90),
            new Merchant("m-travel-madrid", "Sol Viajes", "4722", "ES", 40.42, -3.70),
            new Merchant("m-pharmacy-vienna", "Apotheke am Ring", "5912", "AT", 48.21, 16.37),
            new Merchant("m-restaurant-rome", "Trattoria Monti", "5812", "IT", 41.90, 12.49));

    private final Random random;
    private final GeneratorConfig config;

    public TransactionFactory(GeneratorConfig config) {
        this.config = config;
        this.random = new Random(config.seed());
    }

    public synchronized Transaction next(OffsetDateTime now) {
        int account = random.nextInt(config.accounts());
        Merchant merchant = MERCHANTS.get(random.nextInt(MERCHANTS.size()));
        boolean outsized = random.nextDouble() < config.highAmountShare();
        // Everyday spending is log-normal around 30 EUR; outsized amounts are 5,000 to 25,000 EUR.
        double amount = outsized ? 5_000 + random.nextDouble() * 20_000 : Math.exp(3.4 + random.nextGaussian() * 0.9);
        return new Transaction(
                new UUID(random.nextLong(), random.nextLong()),
                "acc-" + account,
                cardFingerprint(account),
                String.format("%04d", (account * 7919) % 10_000),
                account % 5 < 3 ? "bank-a" : "bank-b",
                account % 2 == 0 ? "VISA" : "MASTERCARD",
                merchant.id().endsWith("online") ? "ONLINE" : "CARD_PRESENT",
                BigDecimal.valueOf(Math.max(0.5, amount)).setScale(2, RoundingMode.HALF_UP),
                "EUR",
                merchant.id(),
                merchant.name(),
                merchant.category(),
                merchant.country(),
                merchant.lat(),
                merchant.lon(),
                now.withOffsetSameInstant(ZoneOffset.UTC),
                "AUTHORIZED");
    }

    /** A stable stand-in for the card: what a token vault's fingerprint would be, never the number itself. */
    private static String cardFingerprint(int account) {
        return "fp-" + HexFormat.of().toHexDigits((long) account * 0x9E3779B97F4A7C15L);
    }
}
