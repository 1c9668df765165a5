package dev.frauddetection.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every service installs the log-masking filter on its console handler (the only one they log to, locally and on
 * Kubernetes) and has the module that provides it, so no card number reaches a log line (issue 22, item 3).
 */
class LogMaskingWiredTest {

    @ParameterizedTest
    @ValueSource(strings = {"ingest-service", "detector-service", "alert-dashboard"})
    void theServiceMasksCardNumbersInItsLogs(String service) throws Exception {
        String properties = Files.readString(Project.ROOT.resolve(service).resolve("src/main/resources/application.properties"));
        assertThat(properties.lines()).contains("quarkus.log.console.filter=card-numbers");
        // a file handler, where one is on (ingest-service's tests), filters too
        if (properties.contains("quarkus.log.file.enable=true")) {
            assertThat(properties).contains("quarkus.log.file.filter=card-numbers");
        }
        assertThat(Files.readString(Project.ROOT.resolve(service).resolve("pom.xml"))).contains("<artifactId>log-masking</artifactId>");
        assertThat(Files.readString(Project.ROOT.resolve("log-masking/src/main/java/dev/frauddetection/logging/CardNumberLogFilter.java")))
                .contains("@LoggingFilter(name = \"card-numbers\")");
    }
}
