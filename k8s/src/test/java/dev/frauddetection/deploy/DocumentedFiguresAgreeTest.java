package dev.frauddetection.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A current figure quoted in two documents has one value (issue 24): the root README's table of current figures is
 * its home, and a module README or doc that quotes it again must say the same. Dated history (docs/benchmarks.md,
 * the dated evidence folders, the detector's performance log) keeps what was measured then and is not compared.
 *
 * <p>Each tracked figure is a pattern with one capture group matching how the figure is quoted in prose; a quote may
 * wrap over lines. Different measurements get different names and patterns (bytes per account with 10 payments each
 * in {@code ScoringBenchmark} is not bytes per account at the simulator's density in {@code StateSoakTest}).
 */
class DocumentedFiguresAgreeTest {

    record Figure(String name, Pattern quote) {
    }

    record Quote(String document, int line, String value) {
        @Override
        public String toString() {
            return document + ":" + line;
        }
    }

    static final List<Figure> FIGURES = List.of(
            figure("detector state per account, 10 payments each (ScoringBenchmark)",
                    "(\\d[\\d,]*)\\**\\s+bytes\\s+per\\s+account\\**\\s+\\(200,000\\s+accounts,?\\s+(?:with\\s+)?10\\s+payments\\s+each"),
            figure("detector state per account at the local simulator's density after three days (StateSoakTest)",
                    "(\\d[\\d,.]*\\s*(?:bytes|KB|B))\\s+(?:per\\s+account|each)\\s+after\\s+three\\s+days"),
            figure("local stack's detector account budget (StateBudget)",
                    "(\\d[\\d,]*)(?:\\s+accounts)?\\s+in\\s+the\\s+local\\s+stack's\\s+4\\s+GB"),
            figure("scoring hot path, one at a time over 100,000 accounts (ScoringBenchmark)",
                    "(\\d{3},\\d{3}\\s+and\\s+\\d{3},\\d{3})\\**\\s+payments/s"),
            figure("detector alone, change events to verdicts (DetectorThroughputBenchmark)",
                    "(\\d[\\d,]*,\\s+\\d[\\d,]*\\s+and\\s+\\d[\\d,]*)\\**\\s+events/s"),
            figure("capture alone, commit to change event (CaptureCeilingBenchmark)",
                    "(\\d[\\d,]*)\\s+change\\s+events/s"),
            figure("ingest batch writes with the card-number constraint (BatchWriteBenchmark)",
                    "(\\d[\\d,]*\\s+and\\s+\\d[\\d,]*)\\**\\s+transactions/s"),
            figure("end-to-end sustained rate (bin/bench)",
                    "(\\d[\\d,]*)(?:\\s+transactions)?/s\\s+sustained"),
            figure("detection quality, average precision on the handbook's simulator (bin/detection-quality)",
                    "(?:average\\s+precision|AP)\\s+(0\\.\\d+-0\\.\\d+)\\s+on\\s+the\\s+handbook"),
            figure("start-up of ./run-local.sh, everything ready (Launcher)",
                    "connectors\\s+running[^0-9\\n]{0,20}?(\\d+(?:\\.\\d+)?\\s+s)\\b"),
            figure("the whole test run from a fresh clone (.ci/run)",
                    "mvnw\\s+verify`?\\s+took\\s+(\\d+\\s+min(?:\\s+\\d+\\s+s)?)"),
            figure("SQL row to alert in a real browser (DashboardBrowserIT)",
                    "in\\s+a\\s+real\\s+browser[^\\n]*?(\\d[\\d,]*\\s+ms\\s+and\\s+\\d[\\d,]*\\s+ms)"),
            figure("dashboard aggregation, one thread (AggregationThroughputTest)",
                    "(\\d[\\d,]*\\s+and\\s+\\d[\\d,]*)\\s+messages/s"),
            figure("detector heap per replica, kind values (chart)",
                    "\\bkind(?:\\s+values)?(?::|\\s*\\|)[^\\n]{0,80}?\\b(?:heap|in)\\s+(\\d[\\d,]*\\s+MiB)"),
            figure("detector heap per replica, production values (chart)",
                    "\\bproduction(?:\\s+values)?(?::|\\s*\\|)[^\\n]{0,160}?\\b(?:heap|in)\\s+(\\d[\\d,]*\\s+MiB)"));

    @Test
    void everyFigureQuotedInTwoPlacesHasOneValue() {
        Map<String, String> documents = currentDocuments();
        List<String> disagreements = new ArrayList<>();
        for (Figure figure : FIGURES) {
            disagreement(figure, quotes(figure, documents)).ifPresent(disagreements::add);
        }
        assertThat(disagreements).as("figures quoted with different values").isEmpty();
    }

    @Test
    void everyTrackedFigureIsQuotedSomewhere() {
        Map<String, String> documents = currentDocuments();
        assertThat(FIGURES).allSatisfy(figure -> assertThat(quotes(figure, documents))
                .as("quotes of '%s' (a pattern that matches nothing guards nothing)", figure.name())
                .isNotEmpty());
    }

    @Test
    void aDisagreementIsReportedWithWhereEachValueIsQuoted() {
        Figure state = FIGURES.get(0);
        Map<String, String> documents = new LinkedHashMap<>();
        documents.put("README.md", "| detector state |\n2,124 bytes per account (200,000 accounts, 10 payments each) |");
        documents.put("detector-service/README.md", "Measured: **2,197 bytes per account** (200,000 accounts with\n10 payments each; command below).");

        assertThat(disagreement(state, quotes(state, documents))).hasValueSatisfying(message -> assertThat(message)
                .contains("2,124 at README.md:2", "2,197 at detector-service/README.md:1"));

        documents.put("detector-service/README.md", "Measured: **2,124 bytes per account** (200,000 accounts with\n10 payments each).");
        assertThat(disagreement(state, quotes(state, documents))).isEmpty();
    }

    private static Figure figure(String name, String regex) {
        return new Figure(name, Pattern.compile(regex));
    }

    static List<Quote> quotes(Figure figure, Map<String, String> documents) {
        List<Quote> quotes = new ArrayList<>();
        documents.forEach((document, text) -> {
            Matcher matcher = figure.quote().matcher(text);
            while (matcher.find()) {
                int line = 1 + (int) text.substring(0, matcher.start(1)).chars().filter(c -> c == '\n').count();
                quotes.add(new Quote(document, line, matcher.group(1).replaceAll("\\s+", " ")));
            }
        });
        return quotes;
    }

    static Optional<String> disagreement(Figure figure, List<Quote> quotes) {
        Map<String, List<Quote>> byValue = quotes.stream()
                .collect(Collectors.groupingBy(Quote::value, TreeMap::new, Collectors.toList()));
        if (byValue.size() < 2) {
            return Optional.empty();
        }
        return Optional.of(figure.name() + ": " + byValue.entrySet().stream()
                .map(value -> value.getKey() + " at " + value.getValue().stream().map(Quote::toString)
                        .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; ")));
    }

    /** Every Markdown file of the repository but dated history, build output and the local stack's data. */
    static Map<String, String> currentDocuments() {
        Map<String, String> documents = new TreeMap<>();
        try {
            Files.walkFileTree(Project.ROOT, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    boolean skipped = !dir.equals(Project.ROOT) && (name.startsWith(".") || name.equals("target")
                            || name.equals("node_modules") || dir.equals(Project.ROOT.resolve("data")));
                    return skipped ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    String relative = Project.ROOT.relativize(file).toString().replace('\\', '/');
                    if (relative.endsWith(".md") && !isDatedHistory(relative)) {
                        documents.put(relative, Files.readString(file));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(documents).as("Markdown files under %s", Project.ROOT).containsKey("README.md");
        return documents;
    }

    static boolean isDatedHistory(String relative) {
        return relative.equals("docs/benchmarks.md")
                || relative.startsWith("docs/detector-memory/")
                || relative.matches("docs/detection-quality/20[^/]*/.*")
                || relative.equals("detector-service/docs/performance-log.md");
    }
}
