package dev.frauddetection.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every environment variable the chart gives a service is one that service reads: a configuration key of its
 * application.properties or of a @ConfigMapping (by Quarkus' environment-variable naming), or a ${VARIABLE} its
 * application.properties refers to. A renamed key in a service fails here rather than silently on a cluster.
 */
class ServiceEnvironmentTest {

    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern MAPPING_METHOD = Pattern.compile("^\\s+\\w[\\w<>, ]*\\s+(\\w+)\\(\\);", Pattern.MULTILINE);
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");

    @ParameterizedTest
    @EnumSource(HelmChart.class)
    void everyVariableTheChartSetsIsReadByItsService(HelmChart values) {
        for (String service : List.of("ingest-service", "detector-service", "alert-dashboard")) {
            Set<String> readable = readableVariables(Project.ROOT.resolve(service));
            Set<String> given = new HashSet<>();
            values.find("ConfigMap", service).path("data").fieldNames().forEachRemaining(given::add);
            JsonNode container = values.find("Deployment", service).path("spec").path("template").path("spec")
                    .path("containers").get(0);
            container.path("env").forEach(e -> given.add(e.path("name").asText()));
            given.remove("QUARKUS_PROFILE");
            // Read by the java launcher, not the service: the JVM build's heap (HelmChartTest checks its value).
            given.remove("JDK_JAVA_OPTIONS");

            assertThat(readable).as(service + " reads every variable the chart sets").containsAll(given);
        }
    }

    private static Set<String> readableVariables(Path service) {
        Set<String> variables = new HashSet<>();
        try {
            String properties = Files.readString(service.resolve("src/main/resources/application.properties"));
            for (String line : properties.lines().toList()) {
                int eq = line.indexOf('=');
                if (!line.isBlank() && !line.startsWith("#") && eq > 0) {
                    variables.add(environmentName(line.substring(0, eq).replaceFirst("^%[\\w,]+\\.", "")));
                }
            }
            REFERENCE.matcher(properties).results().forEach(m -> variables.add(m.group(1)));
            try (Stream<Path> sources = Files.walk(service.resolve("src/main/java"))) {
                for (Path source : sources.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String java = Files.readString(source);
                    Matcher prefix = MAPPING_PREFIX.matcher(java);
                    if (prefix.find()) {
                        MAPPING_METHOD.matcher(java).results().forEach(m ->
                                variables.add(environmentName(prefix.group(1) + "." + kebab(m.group(1)))));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return variables;
    }

    /** Quarkus' rule: every character that is not a letter or digit becomes _, then upper case. */
    private static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
