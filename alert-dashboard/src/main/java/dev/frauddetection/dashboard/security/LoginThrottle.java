package dev.frauddetection.dashboard.security;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing: after {@code maxFailures} wrong passwords for one user name from one address, or
 * {@code maxFailures * 4} from one address whatever the names, within {@code window}, further attempts from there are
 * refused without checking the password until the window has passed since the last failure. Keyed by address as
 * well as name, so that nobody can lock a known analyst out from elsewhere. Bounded: at most {@code maxKeys} keys are
 * tracked; beyond that the oldest are forgotten first.
 */
public final class LoginThrottle {

    private record Failures(int count, long lastMillis) {
    }

    private final int maxFailures;
    private final Duration window;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, Duration window, int maxKeys, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.maxKeys = maxKeys;
        this.clock = clock;
    }

    /** Whether an attempt for {@code user} from {@code address} may be checked at all. */
    public boolean allowed(String user, String address) {
        return below(userKey(user, address), maxFailures) && below(addressKey(address), maxFailures * 4);
    }

    public void failed(String user, String address) {
        long now = clock.millis();
        bump(userKey(user, address), now);
        bump(addressKey(address), now);
        if (failures.size() > maxKeys) {
            forgetOldest(now);
        }
    }

    /** A correct password clears that user's failures from that address (not the address's total). */
    public void succeeded(String user, String address) {
        failures.remove(userKey(user, address));
    }

    int tracked() {
        return failures.size();
    }

    private boolean below(String key, int limit) {
        Failures f = failures.get(key);
        if (f == null) {
            return true;
        }
        if (clock.millis() - f.lastMillis() >= window.toMillis()) {
            failures.remove(key, f);
            return true;
        }
        return f.count() < limit;
    }

    private void bump(String key, long now) {
        failures.compute(key, (k, f) -> f == null || now - f.lastMillis() >= window.toMillis()
                ? new Failures(1, now) : new Failures(f.count() + 1, now));
    }

    private void forgetOldest(long now) {
        for (Iterator<Map.Entry<String, Failures>> it = failures.entrySet().iterator(); it.hasNext(); ) {
            if (now - it.next().getValue().lastMillis() >= window.toMillis()) {
                it.remove();
            }
        }
        // Still too many within the window (an attack from many addresses): drop arbitrary ones, never grow.
        Iterator<String> keys = failures.keySet().iterator();
        while (failures.size() > maxKeys && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static String userKey(String user, String address) {
        return "u\u0000" + user + "\u0000" + address;
    }

    private static String addressKey(String address) {
        return "a\u0000" + address;
    }
}
