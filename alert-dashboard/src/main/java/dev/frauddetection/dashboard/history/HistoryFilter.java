package dev.frauddetection.dashboard.history;

import java.time.Instant;

/** What the analyst asked for: every field optional; {@code from} inclusive, {@code to} exclusive (event time). */
public record HistoryFilter(String account, Instant from, Instant to, String decision, String rule) {
}
