package dev.frauddetection.detector.state;

import dev.frauddetection.detector.events.Payment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static dev.frauddetection.detector.state.AccountHistory.DAY;
import static dev.frauddetection.detector.state.AccountHistory.HOUR;
import static dev.frauddetection.detector.state.AccountHistory.MINUTE;
import static dev.frauddetection.detector.state.Payments.T0;
import static dev.frauddetection.detector.state.Payments.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AccountHistoryTest {

    private final AccountHistory history = new AccountHistory();
    private final long t0 = T0.toEpochMilli();

    @Test
    void aWindowCountsPaymentsFromItsStartUpToButNotIncludingNow() {
        history.add(at(0, 10));
        history.add(at(MINUTE - 1, 20));

        assertThat(history.count(t0 + MINUTE, MINUTE)).as("payment exactly at t - 1 min is inside").isEqualTo(2);
        assertThat(history.count(t0 + MINUTE + 1, MINUTE)).as("one millisecond later it has left").isEqualTo(1);
        assertThat(history.count(t0, MINUTE)).as("a payment at t itself is not before t").isZero();
        assertThat(history.sumEuros(t0 + MINUTE, MINUTE)).isCloseTo(30, within(1e-9));
    }

    @Test
    void outOfOrderPaymentsCountInTheirEventTimeWindows() {
        history.add(at(10 * MINUTE, 5));
        history.add(at(2 * MINUTE, 7));
        history.add(at(5 * MINUTE, 9));

        assertThat(history.count(t0 + 6 * MINUTE, 5 * MINUTE)).isEqualTo(2);
        assertThat(history.count(t0 + 11 * MINUTE, HOUR)).isEqualTo(3);
        assertThat(history.millisSinceLast(t0 + 6 * MINUTE)).isEqualTo(MINUTE);
    }

    @Test
    void aRedeliveredPaymentIsNotCountedTwice() {
        Payment payment = at(0, 10);
        assertThat(history.holds(payment)).as("before it was added").isFalse();

        assertThat(history.add(payment)).isTrue();
        assertThat(history.holds(payment)).isTrue();
        assertThat(history.add(payment)).isFalse();
        assertThat(history.count(t0 + 1, HOUR)).isEqualTo(1);
        assertThat(history.holds(at(0, 10))).as("another payment at the same moment").isFalse();
    }

    /** Windows are found by binary search over the time-sorted list: ties, the middle of it, and its two ends. */
    @Test
    void paymentsAtTheSameMillisecondEachCountOnceAndRedeliveriesOfAnyOfThemChangeNothing() {
        Payment first = at(MINUTE, 10);
        Payment second = at(MINUTE, 1);
        Payment third = at(MINUTE, 2);
        history.add(at(0, 100));
        history.add(first);
        history.add(second);
        history.add(third);
        history.add(at(3 * MINUTE, 50));

        assertThat(List.of(first, second, third)).allMatch(history::holds);
        assertThat(history.add(second)).as("redelivered between two others at the same moment").isFalse();
        assertThat(history.add(third)).as("redelivered, the last one at that moment").isFalse();
        assertThat(history.add(first)).as("redelivered, the first one at that moment").isFalse();
        assertThat(history.add(at(MINUTE, 10))).as("another payment at the same moment").isTrue();

        assertThat(history.count(t0 + MINUTE, HOUR)).as("before the tied moment").isEqualTo(1);
        assertThat(history.count(t0 + MINUTE + 1, HOUR)).as("just after it").isEqualTo(5);
        assertThat(history.count(t0 + MINUTE + 1, 1)).as("only the tied moment").isEqualTo(4);
        assertThat(history.sumEuros(t0 + MINUTE + 1, 1)).isCloseTo(23, within(1e-9));
        assertThat(history.countBelow(t0 + MINUTE + 1, 1, 3)).isEqualTo(2);
        assertThat(history.count(t0 + 4 * MINUTE, HOUR)).as("the whole list").isEqualTo(6);
        assertThat(history.count(t0, HOUR)).as("before the first payment").isZero();
        assertThat(history.millisSinceLast(t0 + 2 * MINUTE)).isEqualTo(MINUTE);
        assertThat(history.millisSinceLast(t0)).isEqualTo(-1);
    }

    @Test
    void aPaymentOlderThanTheRetentionIsDroppedAsTooLate() {
        history.add(at(31 * DAY, 10));

        assertThat(history.add(at(0, 10))).isFalse();
        assertThat(history.count(t0 + 31 * DAY + 1, 30 * DAY)).isEqualTo(1);
    }

    @Test
    void longWindowsCountByDayBeyondTheLastTwentyFourHours() {
        history.add(at(0, 100));
        history.add(at(3 * DAY, 50));
        history.add(at(10 * DAY, 25));

        long now = t0 + 10 * DAY + HOUR;
        assertThat(history.count(now, 7 * DAY)).as("day 3 and day 10").isEqualTo(2);
        assertThat(history.count(now, 30 * DAY)).isEqualTo(3);
        assertThat(history.sumEuros(now, 30 * DAY)).isCloseTo(175, within(1e-9));
        assertThat(history.count(now, DAY)).isEqualTo(1);
    }

    @Test
    void knowsCountriesAndMerchantsOnlyFromBeforeAndWithinThirtyDays() {
        history.add(at(0, 10, "DE", "m-home"));

        assertThat(history.knowsCountryOf(at(1, 10, "DE", "m-other"))).isTrue();
        assertThat(history.knowsCountryOf(at(0, 10, "DE", "m-other"))).as("not before its own first use").isFalse();
        assertThat(history.knowsCountryOf(at(1, 10, "FR", "m-home"))).isFalse();
        assertThat(history.knowsMerchantOf(at(29 * DAY, 10, "FR", "m-home"))).isTrue();
        assertThat(history.knowsMerchantOf(at(31 * DAY, 10, "DE", "m-home"))).as("forgotten after 30 days").isFalse();
    }

    @Test
    void countsDistinctCountriesAndMerchantsInAWindow() {
        history.add(at(0, 10, "DE", "m-1"));
        history.add(at(MINUTE, 10, "FR", "m-2"));
        history.add(at(2 * MINUTE, 10, "DE", "m-1"));

        assertThat(history.distinctCountries(t0 + HOUR, DAY)).isEqualTo(2);
        assertThat(history.distinctMerchants(t0 + HOUR, HOUR)).isEqualTo(2);
        assertThat(history.distinctCountries(t0 + HOUR, 30 * DAY)).isEqualTo(2);
    }

    @Test
    void travelIsMeasuredFromTheLastCardPresentPaymentOnly() {
        history.add(Payments.located(0, 52.52, 13.40, "CARD_PRESENT"));
        history.add(Payments.located(5 * MINUTE, 40.71, -74.01, "ONLINE"));

        Payment inMadrid = Payments.located(35 * MINUTE, 40.42, -3.70, "CARD_PRESENT");
        AccountHistory.Travel travel = history.travelTo(inMadrid);
        assertThat(travel.km()).as("Berlin to Madrid, ignoring the online payment").isCloseTo(1870, within(20.0));
        assertThat(travel.speedKmh()).isCloseTo(1870 / 0.5833, within(50.0));
        assertThat(history.travelTo(Payments.located(40 * MINUTE, 1, 1, "ONLINE"))).isNull();
    }

    @Test
    void travelAskedAgainIsTheSameAnswerAndNeverAnotherPaymentsAtTheSameMoment() {
        history.add(Payments.located(0, 52.52, 13.40, "CARD_PRESENT"));

        Payment inMadrid = Payments.located(35 * MINUTE, 40.42, -3.70, "CARD_PRESENT");
        Payment inParis = Payments.located(35 * MINUTE, 48.86, 2.35, "CARD_PRESENT");
        Payment onlineInMadrid = Payments.located(35 * MINUTE, 40.42, -3.70, "ONLINE");
        assertThat(history.travelTo(inMadrid).km()).isCloseTo(1870, within(20.0));
        assertThat(history.travelTo(inMadrid)).as("asked again while judging the same payment")
                .isEqualTo(history.travelTo(Payments.located(35 * MINUTE, 40.42, -3.70, "CARD_PRESENT")));
        assertThat(history.travelTo(inParis).km()).as("same moment, another place").isCloseTo(878, within(20.0));
        assertThat(history.travelTo(onlineInMadrid)).as("same moment and place, but online").isNull();

        history.add(inParis);
        assertThat(history.travelTo(Payments.located(35 * MINUTE, 40.42, -3.70, "CARD_PRESENT")).km())
                .as("the history changed, so the answer is worked out again: from Berlin still, Paris is not before it")
                .isCloseTo(1870, within(20.0));
        assertThat(history.travelTo(Payments.located(95 * MINUTE, 40.42, -3.70, "CARD_PRESENT")).km())
                .as("an hour later, from Paris").isCloseTo(1053, within(20.0));
    }

    @Test
    void scoresAnUnusualAmountAgainstTheAccountsOwnProfile() {
        for (int i = 0; i < 20; i++) {
            history.add(at(i * HOUR, 30 + i % 5));
        }

        assertThat(history.amountZScore(32)).isBetween(-1.0, 1.0);
        assertThat(history.amountZScore(3000)).isGreaterThan(5);
        assertThat(new AccountHistory().amountZScore(3000)).as("no profile yet").isZero();
    }

    @Test
    void keepsTheExactListBoundedAndFallsBackToDailyCounts() {
        for (int i = 0; i < AccountHistory.MAX_RECENT + 50; i++) {
            history.add(at(i * 1000L, 1));
        }

        assertThat(history.count(t0 + HOUR, DAY)).as("day bucket still counts every payment")
                .isEqualTo(AccountHistory.MAX_RECENT + 50);
        assertThat(history.count(t0 + (AccountHistory.MAX_RECENT + 50) * 1000L, MINUTE)).isEqualTo(60);
    }

    /**
     * Window answers against a plain pass over every payment added, after each of 3,000 payments that arrive mostly in
     * order, sometimes up to an hour late, sometimes at the same millisecond as another, asked at the newest moment,
     * just before and after it and up to an hour back, several times per moment (where the window starts are
     * remembered) and again after the next payment (when they must be forgotten).
     */
    @Test
    void windowAnswersMatchAPassOverEveryPayment() {
        Random random = new Random(21);
        List<Payment> added = new ArrayList<>();
        long newest = 0;
        String[] countries = {"DE", "FR", "PL"};
        long[] lengths = {MINUTE, 15 * MINUTE, HOUR, DAY};
        for (int n = 0; n < 3_000; n++) {
            long time = random.nextInt(10) == 0 ? newest - random.nextInt((int) HOUR)
                    : random.nextInt(10) == 0 ? newest : newest + random.nextInt((int) (20 * MINUTE));
            Payment payment = at(time, random.nextInt(5) == 0 ? 1 + random.nextInt(3) : 5 + random.nextInt(200),
                    countries[random.nextInt(countries.length)], "m-" + random.nextInt(6));
            if (history.add(payment)) {
                added.add(payment);
            }
            newest = Math.max(newest, time);
            for (int ask = 0; ask < 4; ask++) {
                long t = t0 + newest + (ask == 0 ? 1 : ask == 1 ? 0 : -random.nextInt((int) HOUR));
                for (int again = 0; again < 2; again++) {
                    for (long length : lengths) {
                        List<Payment> inWindow = added.stream()
                                .filter(p -> p.time() >= t - length && p.time() < t).toList();
                        String at = "payment " + n + ", t - newest " + (t - t0 - newest) + ", window " + length;
                        assertThat(history.count(t, length)).as(at).isEqualTo(inWindow.size());
                        assertThat(history.sumEuros(t, length)).as(at)
                                .isCloseTo(inWindow.stream().mapToDouble(Payment::amount).sum(), within(1e-6));
                        assertThat(history.countBelow(t, length, 3.5)).as(at)
                                .isEqualTo((int) inWindow.stream().filter(p -> p.amount() < 3.5).count());
                        Set<String> seen = new HashSet<>();
                        inWindow.forEach(p -> seen.add(p.country()));
                        assertThat(history.distinctCountries(t, length)).as(at).isEqualTo(seen.size());
                        seen.clear();
                        inWindow.forEach(p -> seen.add(p.merchantId()));
                        assertThat(history.distinctMerchants(t, length)).as(at).isEqualTo(seen.size());
                    }
                    if (ask == 0) {
                        // Beyond 24 hours the answer comes from day buckets, which cannot tell before t from later
                        // the same day: exact only after every payment.
                        assertThat(history.hasHistoryBefore(t)).isEqualTo(!added.isEmpty());
                    }
                }
            }
        }
    }
}
