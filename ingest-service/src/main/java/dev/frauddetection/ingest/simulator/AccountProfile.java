package dev.frauddetection.ingest.simulator;

import dev.frauddetection.ingest.simulator.Geography.City;
import dev.frauddetection.ingest.simulator.MerchantCatalog.Merchant;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * How one simulated customer pays: a home city, one card, a handful of usual merchants, a personal spending level,
 * and the hours of the day they are most active. Derived from the seed and the account number alone, so it is the
 * same on every run and needs no storage.
 */
record AccountProfile(String accountId, String bankId, City home, String paymentSystem, String cardFingerprint,
                      String cardLast4, List<Merchant> usualMerchants, double spendFactor, int peakHour) {

    static AccountProfile of(long seed, int account, String bankId, MerchantCatalog catalog) {
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + account);
        City home = Geography.HOME.get(random.nextInt(Geography.HOME.size()));
        double scheme = random.nextDouble();
        String paymentSystem = scheme < 0.55 ? "VISA" : scheme < 0.9 ? "MASTERCARD" : "AMEX";
        List<Merchant> shops = catalog.shopsIn(home);
        List<Merchant> usual = new ArrayList<>();
        int count = 5 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            usual.add(shops.get(random.nextInt(shops.size())));
        }
        List<Merchant> online = catalog.online(random.nextBoolean() ? MerchantCatalog.ELECTRONICS : MerchantCatalog.DIGITAL_GOODS);
        usual.add(online.get(random.nextInt(online.size())));
        // A token vault's fingerprint stands in for the card; the number itself never exists here.
        String fingerprint = "fp-" + HexFormat.of().toHexDigits(random.nextLong());
        return new AccountProfile("acc-" + account, bankId, home, paymentSystem, fingerprint,
                String.format("%04d", random.nextInt(10_000)), List.copyOf(usual),
                Math.exp(random.nextGaussian() * 0.4), 9 + random.nextInt(12));
    }

    /** How likely this customer is to pay at a given hour (local time): highest around their peak hour. */
    double activityAt(int hour) {
        int distance = Math.min(Math.abs(hour - peakHour), 24 - Math.abs(hour - peakHour));
        return 0.1 + Math.exp(-(distance * distance) / 18.0);
    }
}
