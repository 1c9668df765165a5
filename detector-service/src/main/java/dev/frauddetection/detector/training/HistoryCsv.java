package dev.frauddetection.detector.training;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.frauddetection.detector.events.Payment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The generic history formats of {@code train}, {@code backtest} and {@code evaluate}, CSV with a header row:
 * <ul>
 *   <li>transactions: transaction_id, timestamp, account_id, merchant_id, amount (0 or more: zero-amount card checks
 *       are payments); optional currency (default EUR), country, lat, lon, merchant_category, channel,
 *       card_fingerprint;</li>
 *   <li>labels: transaction_id, is_fraud (true/false or 1/0); optional known_at, when the bank learned of it.</li>
 * </ul>
 * A bank's export needs no rewriting: {@link Format#columns()} maps these names to its own columns, and a time is
 * ISO-8601 (with a zone, or without one as UTC, "T" or a space between date and time), epoch milliseconds, or in a
 * pattern of the user's ({@code --time-format}, UTC). A bad row is reported with its line and column and stops the
 * read, or with {@link Format#skipBadRows()} is counted and skipped, with a summary at the end; never skipped silently.
 */
public final class HistoryCsv {

    /** A ground-truth label; {@code knownAt} is null when the file does not say when it became known. */
    public record Label(boolean fraud, Long knownAt) {
    }

    /** How to read a user's files: column names, time pattern, and whether bad rows stop the read. */
    public record Format(Map<String, String> columns, DateTimeFormatter timeFormat, boolean skipBadRows) {

        public static final Format DEFAULT = new Format(Map.of(), null, false);

        /**
         * From the {@code --map name=column,...}, {@code --time-format PATTERN} and {@code --skip-bad-rows} options.
         */
        public static Format of(String map, String timeFormat, boolean skipBadRows) {
            Map<String, String> columns = new LinkedHashMap<>();
            if (map != null && !map.isBlank()) {
                for (String pair : map.split(",")) {
                    String[] parts = pair.split("=", 2);
                    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                        throw new IllegalArgumentException("--map takes name=column pairs separated by commas, got '"
                                + pair + "'");
                    }
                    if (!KNOWN_COLUMNS.contains(parts[0].trim())) {
                        throw new IllegalArgumentException("--map: '" + parts[0].trim() + "' is not a column of the"
                                + " history format; known: " + String.join(", ", KNOWN_COLUMNS));
                    }
                    columns.put(parts[0].trim(), parts[1].trim());
                }
            }
            DateTimeFormatter pattern = null;
            if (timeFormat != null) {
                try {
                    pattern = DateTimeFormatter.ofPattern(timeFormat, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--time-format: '" + timeFormat + "' is not a date-time pattern"
                            + " (e.g. 'dd/MM/yyyy HH:mm'): " + e.getMessage(), e);
                }
            }
            return new Format(Map.copyOf(columns), pattern, skipBadRows);
        }

        String column(String name) {
            return columns.getOrDefault(name, name);
        }
    }

    /** What a read returned, and the rows it skipped (with {@link Format#skipBadRows()}). */
    public record Read<T>(T rows, long skipped, List<String> firstProblems) {
        /** One line for the console, or nothing when no row was skipped. */
        public void report(String what, Consumer<String> out) {
            if (skipped > 0) {
                out.accept("Skipped " + skipped + " bad " + what + " rows; the first: " + String.join("; ", firstProblems));
            }
        }
    }

    static final List<String> KNOWN_COLUMNS = List.of("transaction_id", "timestamp", "account_id", "merchant_id",
            "amount", "currency", "country", "lat", "lon", "merchant_category", "channel", "card_fingerprint",
            "is_fraud", "known_at");
    private static final int PROBLEMS_SHOWN = 5;
    private static final CsvMapper CSV = new CsvMapper();
    private static final DateTimeFormatter LOCAL_WITH_SPACE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSS]",
            Locale.ROOT);

    private HistoryCsv() {
    }

    public static List<Payment> readPayments(Path file) {
        return readPayments(file, Format.DEFAULT).rows();
    }

    /** Payments in event-time order (stable for equal times, so replays are deterministic). */
    public static Read<List<Payment>> readPayments(Path file, Format format) {
        List<Payment> payments = new ArrayList<>();
        Read<Void> read = forEachRow(file, format, row -> payments.add(new Payment(
                row.required("transaction_id"), row.required("account_id"), row.optional("card_fingerprint"),
                row.required("merchant_id"), row.optional("merchant_category"), row.optional("channel"),
                row.amount("amount"), row.optional("currency") == null ? "EUR" : row.optional("currency"),
                row.optional("country"), row.optionalDouble("lat"), row.optionalDouble("lon"),
                row.time("timestamp"))));
        payments.sort(Comparator.comparingLong(Payment::time));
        return new Read<>(payments, read.skipped(), read.firstProblems());
    }

    public static Map<String, Label> readLabels(Path file) {
        return readLabels(file, Format.DEFAULT).rows();
    }

    public static Read<Map<String, Label>> readLabels(Path file, Format format) {
        Map<String, Label> labels = new HashMap<>();
        Read<Void> read = forEachRow(file, format, row -> {
            String fraud = row.required("is_fraud").toLowerCase(Locale.ROOT);
            if (!List.of("true", "false", "1", "0").contains(fraud)) {
                throw row.problem("is_fraud", "must be true, false, 1 or 0, got '" + fraud + "'");
            }
            String knownAt = row.optional("known_at");
            labels.put(row.required("transaction_id"), new Label(fraud.equals("true") || fraud.equals("1"),
                    knownAt == null ? null : row.time("known_at")));
        });
        return new Read<>(labels, read.skipped(), read.firstProblems());
    }

    /** One row being read: its values by the format's names, and problems that name line and column. */
    private static final class Row {
        private final Path file;
        private final Format format;
        private final long line;
        private final Map<String, String> values;

        Row(Path file, Format format, long line, Map<String, String> values) {
            this.file = file;
            this.format = format;
            this.line = line;
            this.values = values;
        }

        IllegalArgumentException problem(String name, String message) {
            String column = format.column(name);
            return new IllegalArgumentException(file + " line " + line + ", column " + column
                    + (column.equals(name) ? "" : " (" + name + ")") + ": " + message);
        }

        String optional(String name) {
            String value = values.get(format.column(name));
            return value == null || value.isBlank() ? null : value.trim();
        }

        String required(String name) {
            String value = optional(name);
            if (value == null) {
                throw problem(name, values.containsKey(format.column(name)) ? "is empty" : "is missing");
            }
            return value;
        }

        double amount(String name) {
            String text = required(name);
            try {
                double value = Double.parseDouble(text);
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw problem(name, "must be a number of 0 or more, got " + text);
                }
                return value;
            } catch (NumberFormatException e) {
                throw problem(name, "must be a number, got '" + text + "'");
            }
        }

        double optionalDouble(String name) {
            String value = optional(name);
            if (value == null) {
                return Double.NaN;
            }
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw problem(name, "must be a number, got '" + value + "'");
            }
        }

        long time(String name) {
            String value = required(name);
            try {
                if (format.timeFormat() != null) {
                    return LocalDateTime.parse(value, format.timeFormat()).toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                if (value.chars().allMatch(Character::isDigit)) {
                    return Long.parseLong(value);
                }
                if (value.length() > 10 && value.charAt(10) == ' ') {
                    return LocalDateTime.parse(value, LOCAL_WITH_SPACE).toInstant(ZoneOffset.UTC).toEpochMilli();
                }
                char last = value.charAt(value.length() - 1);
                boolean zoned = last == 'Z' || value.lastIndexOf('+') > 10 || value.lastIndexOf('-') > 10;
                return zoned ? Instant.parse(value).toEpochMilli()
                        : LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException | NumberFormatException e) {
                throw problem(name, format.timeFormat() != null ? "does not match --time-format, got '" + value + "'"
                        : "must be ISO-8601 (2026-11-20T10:15:30Z; without a zone: UTC), 2026-11-20 10:15:30 (UTC)"
                        + " or epoch milliseconds, got '" + value + "'; --time-format gives another pattern");
            }
        }
    }

    private static Read<Void> forEachRow(Path file, Format format, Consumer<Row> consumer) {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        long skipped = 0;
        List<String> problems = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows = CSV.readerForMapOf(String.class).with(schema)
                .readValues(file.toFile())) {
            long line = 1;
            while (nextRow(rows, file, line)) {
                line++;
                try {
                    consumer.accept(new Row(file, format, line, row(rows, file, line)));
                } catch (IllegalArgumentException e) {
                    if (!format.skipBadRows()) {
                        throw new IllegalArgumentException(e.getMessage() + " (--skip-bad-rows skips such rows)", e);
                    }
                    skipped++;
                    if (problems.size() < PROBLEMS_SHOWN) {
                        problems.add(e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Read<>(null, skipped, List.copyOf(problems));
    }

    /** The next row; one the CSV parser itself cannot read (an open quote) names its line. */
    private static Map<String, String> row(MappingIterator<Map<String, String>> rows, Path file, long line) {
        try {
            return rows.next();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof IOException cause) {
                throw new IllegalArgumentException(file + " line " + line + ": not valid CSV: "
                        + cause.getMessage().lines().findFirst().orElse(""), e);
            }
            throw e;
        }
    }

    /** Whether there is another row; a row the CSV parser itself cannot read (an open quote) names its line. */
    private static boolean nextRow(MappingIterator<Map<String, String>> rows, Path file, long line) {
        try {
            return rows.hasNextValue();
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " after line " + line + ": not valid CSV: " + e.getMessage(), e);
        }
    }
}
