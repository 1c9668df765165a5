package dev.frauddetection.ingest.request;

import dev.frauddetection.ingest.support.CallerTokens;
import dev.frauddetection.ingest.support.PaymentsDatabaseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log-masking module's filter is found and applied by Quarkus in a running service: a card number in a log
 * message, as a parameter, reaches the log file (the test profile's, filtered like the console) cut to its last 4.
 */
@QuarkusTest
@WithTestResource(PaymentsDatabaseResource.class)
@WithTestResource(CallerTokens.class)
class LogMaskingTest {

    private static final Logger LOG = Logger.getLogger(LogMaskingTest.class);

    @Test
    void aCardNumberInALogMessageIsWrittenAsItsLastFourDigits() throws Exception {
        String marker = "masking-check-" + UUID.randomUUID();
        LOG.warnf("%s: the value 4111-1111-1111-1111 was refused", marker);
        Path log = Path.of("target/ingest-test.log");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(Files.readString(log)).contains(marker + ": the value [card ****1111] was refused"));
        assertThat(Files.readString(log)).doesNotContain("4111-1111-1111-1111");
    }
}
