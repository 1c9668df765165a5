package dev.frauddetection.detector.events;

import java.util.Objects;

/**
 * A payment as the scoring code sees it, whatever it came from (a Debezium change event, a CSV row in a backtest).
 * {@code time} is the event time in epoch milliseconds; {@code lat}/{@code lon} are NaN when unknown.
 *
 * <p>A final class rather than a record so that what features and rules ask of it again and again is worked out once,
 * when it is made: the amount in euros (a currency table lookup, asked for by five rules and features), whether it
 * has a location (two string comparisons) and its country's and merchant's name hashes (each a pass over the name's
 * characters, asked for by the history twice). That was about a tenth of the scoring hot path. Equal when every
 * component is, as a record would be.
 */
public final class Payment {

    private final String id;
    private final String accountId;
    private final String cardFingerprint;
    private final String merchantId;
    private final String merchantCategory;
    private final String channel;
    private final double amount;
    private final String currency;
    private final String country;
    private final double lat;
    private final double lon;
    private final long time;

    private final double amountInEuros;
    private final boolean hasLocation;
    private final long countryHash;
    private final long merchantHash;

    public Payment(String id, String accountId, String cardFingerprint, String merchantId, String merchantCategory,
                   String channel, double amount, String currency, String country, double lat, double lon, long time) {
        this.id = id;
        this.accountId = accountId;
        this.cardFingerprint = cardFingerprint;
        this.merchantId = merchantId;
        this.merchantCategory = merchantCategory;
        this.channel = channel;
        this.amount = amount;
        this.currency = currency;
        this.country = country;
        this.lat = lat;
        this.lon = lon;
        this.time = time;
        this.amountInEuros = amount / CurrencyRates.perEuro(currency);
        // An online merchant's coordinates are where it is registered, not where the customer is: never travel.
        this.hasLocation = !Double.isNaN(lat) && !Double.isNaN(lon)
                && ("CARD_PRESENT".equals(channel) || "ATM".equals(channel));
        this.countryHash = nameHash(country);
        this.merchantHash = nameHash(merchantId);
    }

    public String id() {
        return id;
    }

    public String accountId() {
        return accountId;
    }

    public String cardFingerprint() {
        return cardFingerprint;
    }

    public String merchantId() {
        return merchantId;
    }

    public String merchantCategory() {
        return merchantCategory;
    }

    public String channel() {
        return channel;
    }

    public double amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public String country() {
        return country;
    }

    public double lat() {
        return lat;
    }

    public double lon() {
        return lon;
    }

    public long time() {
        return time;
    }

    /**
     * True when the payment puts the card somewhere: a card-present or ATM payment with coordinates. An online
     * merchant's coordinates are where it is registered, not where the customer is, so they never count as travel.
     */
    public boolean hasLocation() {
        return hasLocation;
    }

    /** The amount in euros at fixed reference rates: comparable across currencies, good enough for features. */
    public double amountInEuros() {
        return amountInEuros;
    }

    /** The country as the history stores it ({@link #nameHash}); 0 when unknown. */
    public long countryHash() {
        return countryHash;
    }

    /** The merchant as the history stores it ({@link #nameHash}). */
    public long merchantHash() {
        return merchantHash;
    }

    /**
     * A country or merchant as a 64-bit hash, 0 for none: two names share a hash with a chance of about 1 in 10^19
     * per pair, far below anything a feature could notice.
     */
    private static long nameHash(String name) {
        if (name == null) {
            return 0;
        }
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h == 0 ? 1 : h;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payment p && time == p.time && Double.compare(amount, p.amount) == 0
                && Double.compare(lat, p.lat) == 0 && Double.compare(lon, p.lon) == 0 && Objects.equals(id, p.id)
                && Objects.equals(accountId, p.accountId) && Objects.equals(cardFingerprint, p.cardFingerprint)
                && Objects.equals(merchantId, p.merchantId) && Objects.equals(merchantCategory, p.merchantCategory)
                && Objects.equals(channel, p.channel) && Objects.equals(currency, p.currency)
                && Objects.equals(country, p.country);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, accountId, cardFingerprint, merchantId, merchantCategory, channel, amount, currency,
                country, lat, lon, time);
    }

    @Override
    public String toString() {
        return "Payment[id=" + id + ", accountId=" + accountId + ", merchantId=" + merchantId + ", amount=" + amount
                + " " + currency + ", country=" + country + ", channel=" + channel + ", time=" + time + "]";
    }
}
