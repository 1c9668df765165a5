package dev.frauddetection.detector.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} options of the offline commands (backtest, train, evaluate), with clear errors for anything
 * else; {@code --help} prints the command's usage.
 */
public final class CommandLine {

    private final Map<String, String> options = new HashMap<>();
    private final String usage;

    public CommandLine(String[] args, Set<String> known, String usage) {
        this(args, known, Set.of(), usage);
    }

    /** {@code flags} are options without a value ({@code --skip-bad-rows}); {@link #has} tells whether one was given. */
    public CommandLine(String[] args, Set<String> known, Set<String> flags, String usage) {
        this.usage = usage;
        if (java.util.Arrays.asList(args).contains("--help")) {
            throw new HelpRequested(usage);
        }
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name != null && flags.contains(name)) {
                options.put(name, "true");
                continue;
            }
            if (name == null || !known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException((name == null || !known.contains(name)
                        ? "Unknown argument '" + args[i] + "'" : "--" + name + " needs a value") + "\n" + usage);
            }
            options.put(name, args[++i]);
        }
    }

    /** The options every history-reading command takes: {@code --map}, {@code --time-format}, {@code --skip-bad-rows}. */
    public static final Set<String> HISTORY_OPTIONS = Set.of("map", "time-format");
    public static final Set<String> HISTORY_FLAGS = Set.of("skip-bad-rows");

    /** {@code --label-delay-days} in milliseconds, or null when not given. */
    public Long labelDelayMillis() {
        String days = options.get("label-delay-days");
        if (days == null) {
            return null;
        }
        try {
            double value = Double.parseDouble(days);
            if (value >= 0 && value <= 365) {
                return (long) (value * 86_400_000L);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--label-delay-days must be a number of days from 0 to 365, not '" + days
                + "'");
    }

    /** The history format these options describe. */
    public HistoryCsv.Format historyFormat() {
        return HistoryCsv.Format.of(options.get("map"), options.get("time-format"), has("skip-bad-rows"));
    }

    public String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required\n" + usage);
        }
        return value;
    }

    /** An option that must be a whole number of at least 1. */
    public int positiveInt(String name) {
        String value = required(name);
        try {
            int number = Integer.parseInt(value);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " must be a whole number of at least 1, not '" + value + "'");
    }

    public String optional(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    public Path existingFile(String name) {
        Path file = Path.of(required(name));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--" + name + ": " + file + " is not a readable file");
        }
        return file;
    }

    public boolean has(String name) {
        return options.containsKey(name);
    }

    /** {@code --help} was given: the usage goes to the standard output and the command ends successfully. */
    static final class HelpRequested extends RuntimeException {
        HelpRequested(String usage) {
            super(usage, null, false, false);
        }
    }

    public static int run(String[] args, Command command) {
        try {
            command.run(args);
            return 0;
        } catch (HelpRequested e) {
            System.out.println(e.getMessage());
            return 0;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    public interface Command {
        void run(String[] args);
    }
}
