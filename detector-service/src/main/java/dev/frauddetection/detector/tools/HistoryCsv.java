package dev.frauddetection.detector.tools;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.frauddetection.detector.features.Payment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The generic history formats of {@code train} and {@code backtest}, CSV with a header row:
 * <ul>
 *   <li>transactions: transaction_id, timestamp (ISO-8601 or epoch milliseconds), account_id, merchant_id, amount;
 *       optional currency (default EUR), country, lat, lon, merchant_category, channel, card_fingerprint;</li>
 *   <li>labels: transaction_id, is_fraud (true/false or 1/0); optional known_at, when the bank learned of it.</li>
 * </ul>
 * A bad row is reported with its line number and column, never skipped silently.
 */
public final class HistoryCsv {

    /** A ground-truth label; {@code knownAt} is null when the fraud was never reported. */
    public record Label(boolean fraud, Long knownAt) {
    }

    private static final CsvMapper CSV = new CsvMapper();

    private HistoryCsv() {
    }

    /** Payments in event-time order (stable for equal times, so replays are deterministic). */
    public static List<Payment> readPayments(Path file) {
        List<Payment> payments = new ArrayList<>();
        forEachRow(file, (line, row) -> payments.add(new Payment(
                required(row, "transaction_id"), required(row, "account_id"), row.get("card_fingerprint"),
                required(row, "merchant_id"), blankToNull(row.get("merchant_category")),
                blankToNull(row.get("channel")), positive(row, "amount"),
                row.getOrDefault("currency", "EUR").isBlank() ? "EUR" : row.get("currency"),
                blankToNull(row.get("country")), optionalDouble(row, "lat"), optionalDouble(row, "lon"),
                time(row, "timestamp"))));
        payments.sort(Comparator.comparingLong(Payment::time));
        return payments;
    }

    public static Map<String, Label> readLabels(Path file) {
        Map<String, Label> labels = new HashMap<>();
        forEachRow(file, (line, row) -> {
            String fraud = required(row, "is_fraud").toLowerCase();
            if (!List.of("true", "false", "1", "0").contains(fraud)) {
                throw new IllegalArgumentException(file + " line " + line + ": is_fraud must be true, false, 1 or 0");
            }
            String knownAt = row.get("known_at");
            labels.put(required(row, "transaction_id"), new Label(fraud.equals("true") || fraud.equals("1"),
                    knownAt == null || knownAt.isBlank() ? null : time(row, "known_at")));
        });
        return labels;
    }

    private interface RowConsumer {
        void accept(long line, Map<String, String> row);
    }

    private static void forEachRow(Path file, RowConsumer consumer) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema).readValues(file.toFile())) {
            long line = 1;
            while (rows.hasNext()) {
                line++;
                Map<String, String> row = rows.next();
                try {
                    consumer.accept(line, row);
                } catch (IllegalArgumentException e) {
                    throw e.getMessage().startsWith(file.toString()) ? e
                            : new IllegalArgumentException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(column + " is missing");
        }
        return value.trim();
    }

    private static double positive(Map<String, String> row, String column) {
        try {
            double value = Double.parseDouble(required(row, column));
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException(column + " must be a positive number, got " + row.get(column));
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number, got '" + row.get(column) + "'");
        }
    }

    private static double optionalDouble(Map<String, String> row, String column) {
        String value = row.get(column);
        if (value == null || value.isBlank()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be a number, got '" + value + "'");
        }
    }

    private static long time(Map<String, String> row, String column) {
        String value = required(row, column);
        try {
            return value.chars().allMatch(Character::isDigit) ? Long.parseLong(value) : Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(column + " must be ISO-8601 (2026-11-20T10:15:30Z) or epoch milliseconds, got '"
                    + value + "'");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
