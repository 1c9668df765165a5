package dev.frauddetection.dashboard.security;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now.get());
        }
    };
    private final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), 1000, clock);

    @Test
    void fiveWrongPasswordsForOneUserFromOneAddressWaitOutTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.allowed("analyst", "10.0.0.1")).isTrue();
            throttle.failed("analyst", "10.0.0.1");
        }
        assertThat(throttle.allowed("analyst", "10.0.0.1")).isFalse();
        // nobody elsewhere can lock the analyst out, and other users from that address still try
        assertThat(throttle.allowed("analyst", "10.0.0.2")).isTrue();
        assertThat(throttle.allowed("viewer", "10.0.0.1")).isTrue();

        now.addAndGet(Duration.ofMinutes(14).toMillis());
        assertThat(throttle.allowed("analyst", "10.0.0.1")).isFalse();
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        assertThat(throttle.allowed("analyst", "10.0.0.1")).isTrue();
    }

    @Test
    void oneAddressTryingManyNamesIsThrottledAtFourTimesTheLimit() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user-" + i, "10.0.0.9");
        }
        assertThat(throttle.allowed("someone-new", "10.0.0.9")).isFalse();
        assertThat(throttle.allowed("someone-new", "10.0.0.10")).isTrue();
    }

    @Test
    void aRightPasswordClearsThatUsersFailuresAndTheMapNeverGrowsPastItsBound() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("analyst", "10.0.0.1");
        }
        throttle.succeeded("analyst", "10.0.0.1");
        throttle.failed("analyst", "10.0.0.1");
        assertThat(throttle.allowed("analyst", "10.0.0.1")).isTrue();

        for (int i = 0; i < 5000; i++) {
            throttle.failed("user", "192.168." + (i / 250) + "." + (i % 250));
        }
        assertThat(throttle.tracked()).isLessThanOrEqualTo(1001);
    }
}
