package dev.frauddetection.detector.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the train and backtest commands, with clear errors for anything else. */
final class CommandLine {

    private final Map<String, String> options = new HashMap<>();
    private final String usage;

    CommandLine(String[] args, Set<String> known, String usage) {
        this.usage = usage;
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException((name == null || !known.contains(name)
                        ? "Unknown argument '" + args[i] + "'" : "--" + name + " needs a value") + "\n" + usage);
            }
            options.put(name, args[++i]);
        }
    }

    String required(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required\n" + usage);
        }
        return value;
    }

    String optional(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    Path existingFile(String name) {
        Path file = Path.of(required(name));
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--" + name + ": " + file + " is not a readable file");
        }
        return file;
    }

    boolean has(String name) {
        return options.containsKey(name);
    }

    static int run(String[] args, Command command) {
        try {
            command.run(args);
            return 0;
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    interface Command {
        void run(String[] args);
    }
}
