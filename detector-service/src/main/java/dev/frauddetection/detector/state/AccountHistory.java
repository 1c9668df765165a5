package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;

import java.util.Arrays;

/**
 * What the detector remembers about one account, in event time. The last 25 hours of payments are kept exactly (time,
 * amount, country, merchant, location), so the 1-minute, 1-hour and 24-hour windows are exact, also for a payment
 * that arrives up to {@link #LATE_GRACE an hour} after later ones (beyond that, counts and sums over 24 hours come
 * from the day buckets, and distinct counts and card-testing probes see only the payments still kept); 30 daily
 * buckets hold counts and sums for the 7- and 30-day windows (day-granular); countries and merchants remember when
 * they were first and last used; the amount profile is a running mean and spread of log amounts (Welford).
 * Everything is bounded: at most {@value #MAX_RECENT} recent payments and {@value #MAX_PLACES} countries and
 * merchants each.
 *
 * <p>Queries at time t count only payments strictly before t, so a payment never sees itself or later ones, whatever
 * order the events arrived in. Not thread-safe: an account is updated by the one thread that owns its partition.
 *
 * <p>Longer than the classes around it on purpose: the windows, their memo and the travel answer are fields of this
 * one object and arrays it owns, not helper objects, because over 100,000 accounts judging a payment waits mostly for
 * memory, and each further object per account would be one more cache miss per payment (and one more header per
 * account). Its checkpoint layout is {@link StateCodec}'s, its cache warming is read by {@link CacheWarmer}, and the
 * countries and merchants it remembers are {@link Places}.
 */
public final class AccountHistory extends ChangeTracked {

    public static final long MINUTE = 60_000L;
    public static final long HOUR = 60 * MINUTE;
    public static final long DAY = 24 * HOUR;
    public static final long RETENTION = 30 * DAY;
    static final int MAX_RECENT = 256;
    /**
     * How much longer than 24 hours recent payments are kept: a late event's 24-hour window reaches back before the
     * newest payment's, and without the hour the payments in between had already gone (a randomized test of window
     * answers found a late payment's 24-hour count one short).
     */
    static final long LATE_GRACE = HOUR;
    static final int MAX_PLACES = 32;
    static final int DAYS = 31;

    // The recent payments, oldest first, as records of RECORD longs in one array: time, amount in euros, country,
    // merchant, latitude, longitude (doubles as their bits; NaN when unknown) and id hash. One array rather than one
    // per field: a query reads one contiguous block, an account carries one array header instead of seven (118 bytes
    // less per account in ScoringBenchmark when it was made) and growing copies once. Scoring speed did not change measurably.
    // Countries and merchants are 64-bit hashes (0 = unknown): comparing them never leaves this array, where comparing
    // strings chased two pointers per pair into the heap.
    static final int RECORD = 7;
    private static final int TIME = 0;
    private static final int EUROS = 1;
    private static final int COUNTRY = 2;
    private static final int MERCHANT = 3;
    private static final int LAT = 4;
    private static final int LON = 5;
    private static final int ID = 6;
    /** 64-byte cache lines. */
    static final int LONGS_PER_LINE = 8;
    long[] recent = new long[4 * RECORD];
    int size;

    final long[] bucketDay = new long[DAYS];
    final int[] bucketCount = new int[DAYS];
    final double[] bucketEuros = new double[DAYS];

    final Places countriesSeen = new Places();
    final Places merchantsSeen = new Places();

    long profileCount;
    double profileMean;
    double profileM2;

    double lastLat = Double.NaN;
    double lastLon = Double.NaN;
    long lastLocatedTime = Long.MIN_VALUE;
    long latestTime = Long.MIN_VALUE;

    // Features and rules ask about the same few window starts while one payment is judged (t, and t minus 1 minute,
    // 15 minutes, 1 hour, 24 hours): where each starts in the recent payments is remembered until they change, so a
    // count, a sum and a distinct count over the same window search once. Long windows (day buckets) are counted
    // once per moment and length, as before.
    private final long[] memoFrom = new long[6];
    private final int[] memoIndex = new int[6];
    private int memoIndices;
    private long memoTime = Long.MIN_VALUE;
    private long memoLength;
    private int memoCount;
    // The travel answer is remembered as primitives keyed by what it depends on (the payment's time and location),
    // never as a reference to the payment or a Travel: a history is old, long-lived heap and the payment is new, so
    // storing one in the other dirtied a random card of the state on every event, which each young collection then
    // scanned (G1's "Scan Heap Roots", about 170 ms of a 240 ms pause with 200,000 accounts in bin/bench).
    private boolean memoTravelSet;
    private long memoTravelTime;
    private long memoTravelLat;
    private long memoTravelLon;
    /** NaN: no located payment before it, so no travel. */
    private double memoTravelKm;
    private double memoTravelHours;

    public AccountHistory() {
        Arrays.fill(bucketDay, Long.MIN_VALUE);
    }

    /**
     * Adds a payment. Returns false, changing nothing, for one already added (a redelivered event) or one older than
     * the 30-day retention (too late to count in any window).
     */
    public boolean add(Payment p) {
        long idHash = idHash(p.id());
        if (latestTime != Long.MIN_VALUE && p.time() < latestTime - RETENTION) {
            return false;
        }
        if (containsRecent(idHash, p.time())) {
            return false;
        }
        latestTime = Math.max(latestTime, p.time());
        memoTime = Long.MIN_VALUE;
        memoIndices = 0;
        memoTravelSet = false;
        double amount = p.amountInEuros();
        long country = p.countryHash();
        long merchant = p.merchantHash();
        insertRecent(p, amount, idHash, country, merchant);
        addToBucket(p.time(), amount);
        countriesSeen.see(country, p.time());
        merchantsSeen.see(merchant, p.time());
        double logAmount = Math.log(amount + 0.01);
        profileCount++;
        double delta = logAmount - profileMean;
        profileMean += delta / profileCount;
        profileM2 += delta * (logAmount - profileMean);
        if (p.hasLocation() && p.time() >= lastLocatedTime) {
            lastLat = p.lat();
            lastLon = p.lon();
            lastLocatedTime = p.time();
        }
        return true;
    }

    /**
     * True if this very payment (same id, same time) was added and is still among the recent payments kept (up to 25
     * hours behind the newest): the source delivered it again.
     */
    public boolean holds(Payment p) {
        return containsRecent(idHash(p.id()), p.time());
    }

    /** Payments in [t - length, t). Exact up to 24 hours; day-granular beyond. */
    public int count(long t, long length) {
        if (length <= DAY && coversRecent(t - length)) {
            return firstAtOrAfter(t) - firstAtOrAfter(t - length);
        }
        if (memoTime == t && memoLength == length) {
            return memoCount;
        }
        long lastDay = Math.floorDiv(t - 1, DAY);
        long firstDay = Math.floorDiv(t - length, DAY);
        int count = 0;
        for (int i = 0; i < DAYS; i++) {
            if (inDays(bucketDay[i], firstDay, lastDay)) {
                count += bucketCount[i];
            }
        }
        memoTime = t;
        memoLength = length;
        memoCount = count;
        return count;
    }

    /** Sum in euros of payments in [t - length, t); same precision as {@link #count}. */
    public double sumEuros(long t, long length) {
        double sum = 0;
        if (length <= DAY && coversRecent(t - length)) {
            for (int i = firstAtOrAfter(t - length), end = firstAtOrAfter(t); i < end; i++) {
                sum += euros(i);
            }
            return sum;
        }
        long lastDay = Math.floorDiv(t - 1, DAY);
        long firstDay = Math.floorDiv(t - length, DAY);
        for (int i = 0; i < DAYS; i++) {
            if (inDays(bucketDay[i], firstDay, lastDay)) {
                sum += bucketEuros[i];
            }
        }
        return sum;
    }

    /** Payments below {@code maxEuros} in [t - length, t): the probes of card testing. */
    public int countBelow(long t, long length, double maxEuros) {
        int count = 0;
        for (int i = firstAtOrAfter(t - length), end = firstAtOrAfter(t); i < end; i++) {
            if (euros(i) < maxEuros) {
                count++;
            }
        }
        return count;
    }

    /** Distinct countries used in [t - length, t) (exact within 24 h, from first/last use beyond). */
    public int distinctCountries(long t, long length) {
        return length <= DAY ? distinctRecent(COUNTRY, t, length) : countriesSeen.activeIn(t - length, t);
    }

    public int distinctMerchants(long t, long length) {
        return length <= DAY ? distinctRecent(MERCHANT, t, length) : merchantsSeen.activeIn(t - length, t);
    }

    /** True if the account paid in the payment's country before it, within the 30 days before it. */
    public boolean knowsCountryOf(Payment p) {
        return countriesSeen.usedBefore(p.countryHash(), p.time(), p.time() - RETENTION);
    }

    /** True if the account paid at the payment's merchant before it, within the 30 days before it. */
    public boolean knowsMerchantOf(Payment p) {
        return merchantsSeen.usedBefore(p.merchantHash(), p.time(), p.time() - RETENTION);
    }

    /** Payments before t this account has any record of (30-day window), to tell a new account from a known one. */
    public boolean hasHistoryBefore(long t) {
        int latest = firstAtOrAfter(t) - 1;
        // The latest recent payment before t answers it without counting the day buckets, unless it is too old.
        return latest >= 0 && recent[latest * RECORD + TIME] >= t - RETENTION || count(t, RETENTION) > 0;
    }

    /** Milliseconds since the latest payment before t, or -1 if none is remembered. */
    public long millisSinceLast(long t) {
        int latest = firstAtOrAfter(t) - 1;
        return latest < 0 ? -1 : t - recent[latest * RECORD + TIME];
    }

    /** A move between two located payments: how far, and in how long. */
    public record Travel(double km, double hours) {
        /** Speed needed to make it; under a minute apart counts as a minute, so the speed stays finite. */
        public double speedKmh() {
            return km / Math.max(hours, 1.0 / 60);
        }
    }

    /** From the last located payment before this one to this one; null when either location is unknown. */
    public Travel travelTo(Payment p) {
        if (!p.hasLocation()) {
            return null;
        }
        long lat = Double.doubleToRawLongBits(p.lat());
        long lon = Double.doubleToRawLongBits(p.lon());
        if (!memoTravelSet || p.time() != memoTravelTime || lat != memoTravelLat || lon != memoTravelLon) {
            Travel travel = travelUncached(p);
            memoTravelSet = true;
            memoTravelTime = p.time();
            memoTravelLat = lat;
            memoTravelLon = lon;
            memoTravelKm = travel == null ? Double.NaN : travel.km();
            memoTravelHours = travel == null ? 0 : travel.hours();
            return travel;
        }
        return Double.isNaN(memoTravelKm) ? null : new Travel(memoTravelKm, memoTravelHours);
    }

    private Travel travelUncached(Payment p) {
        if (!p.hasLocation()) {
            return null;
        }
        double lat = Double.NaN;
        double lon = Double.NaN;
        long time = Long.MIN_VALUE;
        // Sorted by time: going back from the latest payment before this one, the first located one.
        for (int i = firstAtOrAfter(p.time()) - 1; i >= 0; i--) {
            int r = i * RECORD;
            if (!Double.isNaN(Double.longBitsToDouble(recent[r + LAT]))) {
                lat = Double.longBitsToDouble(recent[r + LAT]);
                lon = Double.longBitsToDouble(recent[r + LON]);
                time = recent[r + TIME];
                break;
            }
        }
        if (time == Long.MIN_VALUE && lastLocatedTime < p.time() && !Double.isNaN(lastLat)) {
            lat = lastLat;
            lon = lastLon;
            time = lastLocatedTime;
        }
        if (time == Long.MIN_VALUE) {
            return null;
        }
        return new Travel(Geo.distanceKm(lat, lon, p.lat(), p.lon()), (p.time() - time) / (double) HOUR);
    }

    /** How unusual an amount is for this account: z-score of its log against the running profile; 0 until 3 payments. */
    public double amountZScore(double amountEuros) {
        if (profileCount < 3) {
            return 0;
        }
        double std = Math.sqrt(profileM2 / (profileCount - 1));
        return (Math.log(amountEuros + 0.01) - profileMean) / Math.max(std, 0.25);
    }

    public long latestTime() {
        return latestTime;
    }

    private boolean containsRecent(long idHash, long time) {
        for (int i = firstAtOrAfter(time); i < size && recent[i * RECORD + TIME] == time; i++) {
            if (recent[i * RECORD + ID] == idHash) {
                return true;
            }
        }
        return false;
    }

    /**
     * The index of the first recent payment at or after t. The list is sorted by time, so a window [from, t) is the
     * index range [firstAtOrAfter(from), firstAtOrAfter(t)), found without a pass over every payment per window asked
     * about, and remembered until the list changes. Payments mostly arrive in order, so a t after the latest one is
     * answered at once.
     */
    private int firstAtOrAfter(long t) {
        if (size == 0 || recent[(size - 1) * RECORD + TIME] < t) {
            return size;
        }
        for (int i = 0; i < memoIndices; i++) {
            if (memoFrom[i] == t) {
                return memoIndex[i];
            }
        }
        // Walked back from the end, or from the start of a remembered window that starts at or after t (the list is
        // sorted, so t's index is at most that one's). A binary search waits for each probe before the next one; over
        // a history out of the CPU's caches that was five dependent memory loads per window, 1.3 us for four windows
        // where this walk took 0.7 us (a scratch harness over 100,000 histories of 25-35 payments; in ScoringBenchmark
        // the difference was within the run-to-run spread, and the walk is the simpler code). Windows end at the newest
        // payments, so walks are short, and the windows of one payment share one walk.
        int index = size;
        for (int i = 0; i < memoIndices; i++) {
            if (memoFrom[i] >= t && memoIndex[i] < index) {
                index = memoIndex[i];
            }
        }
        while (index > 0 && recent[(index - 1) * RECORD + TIME] >= t) {
            index--;
        }
        if (memoIndices < memoFrom.length) {
            memoFrom[memoIndices] = t;
            memoIndex[memoIndices++] = index;
        }
        return index;
    }

    /**
     * The exact list reaches back to {@code from} unless {@code from} is before what it keeps, or it has overflowed
     * and dropped payments after it.
     */
    private boolean coversRecent(long from) {
        return from >= keptFrom() && (size < MAX_RECENT || recent[TIME] <= from);
    }

    /** Recent payments before this have been dropped (or were never kept). */
    private long keptFrom() {
        return latestTime == Long.MIN_VALUE ? Long.MIN_VALUE : latestTime - DAY - LATE_GRACE;
    }

    private void insertRecent(Payment p, double amount, long idHash, long country, long merchant) {
        expireRecent(keptFrom());
        if (p.time() < keptFrom()) {
            return;
        }
        if (size == MAX_RECENT) {
            removeFirst(1);
        }
        if (size * RECORD == recent.length) {
            grow();
        }
        int at = size;
        while (at > 0 && recent[(at - 1) * RECORD + TIME] > p.time()) {
            at--;
        }
        System.arraycopy(recent, at * RECORD, recent, (at + 1) * RECORD, (size - at) * RECORD);
        int r = at * RECORD;
        recent[r + TIME] = p.time();
        recent[r + EUROS] = Double.doubleToRawLongBits(amount);
        recent[r + COUNTRY] = country;
        recent[r + MERCHANT] = merchant;
        recent[r + LAT] = Double.doubleToRawLongBits(p.hasLocation() ? p.lat() : Double.NaN);
        recent[r + LON] = Double.doubleToRawLongBits(p.hasLocation() ? p.lon() : Double.NaN);
        recent[r + ID] = idHash;
        size++;
    }

    private void expireRecent(long before) {
        int drop = 0;
        while (drop < size && recent[drop * RECORD + TIME] < before) {
            drop++;
        }
        if (drop > 0) {
            removeFirst(drop);
        }
    }

    private void removeFirst(int count) {
        System.arraycopy(recent, count * RECORD, recent, 0, (size - count) * RECORD);
        size -= count;
    }

    private void grow() {
        recent = Arrays.copyOf(recent, Math.min(MAX_RECENT, recent.length / RECORD * 2) * RECORD);
    }

    private double euros(int i) {
        return Double.longBitsToDouble(recent[i * RECORD + EUROS]);
    }

    private void addToBucket(long time, double amount) {
        long day = Math.floorDiv(time, DAY);
        int index = (int) Math.floorMod(day, DAYS);
        if (bucketDay[index] != day) {
            if (bucketDay[index] > day) {
                return;
            }
            bucketDay[index] = day;
            bucketCount[index] = 0;
            bucketEuros[index] = 0;
        }
        bucketCount[index]++;
        bucketEuros[index] += amount;
    }

    /** A daily bucket counts towards [t - length, t) if its day is one of the days that window touches. */
    private static boolean inDays(long day, long firstDay, long lastDay) {
        return day != Long.MIN_VALUE && day <= lastDay && day >= firstDay;
    }

    private int distinctRecent(int field, long t, long length) {
        int distinct = 0;
        int from = firstAtOrAfter(t - length);
        for (int i = from, end = firstAtOrAfter(t); i < end; i++) {
            long value = recent[i * RECORD + field];
            if (value != 0) {
                boolean first = true;
                for (int j = from; j < i && first; j++) {
                    first = recent[j * RECORD + field] != value;
                }
                if (first) {
                    distinct++;
                }
            }
        }
        return distinct;
    }

    private static long idHash(String id) {
        long h = 1125899906842597L;
        for (int i = 0; i < id.length(); i++) {
            h = 31 * h + id.charAt(i);
        }
        return h;
    }

    /**
     * Reads a few of this object's fields (the ones judging reads first), for {@link DetectorState#prefetch}: the value
     * means nothing, the loads are the point (their sum is kept so that the compiler cannot drop them).
     */
    long warmFields() {
        return size + latestTime + memoTravelTime + memoIndices;
    }

    /**
     * Reads a word of every cache line of the arrays judging a payment reads (the recent payments, the day buckets,
     * the remembered window starts) and of the countries' and merchants' own fields. Kept beside the fields it
     * mirrors: a new array that scoring reads belongs here too.
     */
    long warmArrays() {
        long x = memoFrom[0] + memoIndex[0];
        long[] r = recent;
        for (int i = 0, n = size * RECORD; i < n; i += LONGS_PER_LINE) {
            x += r[i];
        }
        for (int i = 0; i < DAYS; i += LONGS_PER_LINE) {
            x += bucketDay[i] + bucketCount[i] + Double.doubleToRawLongBits(bucketEuros[i]);
        }
        return x + countriesSeen.size + merchantsSeen.size;
    }

    /** Reads a word of every cache line of the countries' and merchants' entries: the level after {@link #warmArrays}. */
    long warmPlaces() {
        return countriesSeen.warm() + merchantsSeen.warm();
    }
}
