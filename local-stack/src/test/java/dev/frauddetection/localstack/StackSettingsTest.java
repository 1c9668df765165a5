package dev.frauddetection.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackSettingsTest {

    @Test
    void defaultsToTheDocumentedLocalPorts() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of());

        assertThat(settings.postgresPort()).isEqualTo(5432);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.connectPort()).isEqualTo(8083);
        assertThat(settings.dbUser()).isEqualTo("payments");
        assertThat(settings.dbPassword()).isEqualTo("payments-local");
        assertThat(settings.dataDir()).isEqualTo(settings.home().resolve("data"));
    }

    @Test
    void takesPortsAndDataDirectoryFromTheEnvironment() {
        StackSettings settings = StackSettings.fromEnvironment(Map.of("FRAUD_PG_PORT", "15432",
                "FRAUD_KAFKA_PORT", " 19092 ", "FRAUD_DATA_DIR", "/tmp/fraud-data"));

        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(settings.dataDir()).hasToString("/tmp/fraud-data");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1", "kafka", "90 92"})
    void rejectsAPortThatIsNotOneNamingTheVariable(String value) {
        assertThatThrownBy(() -> StackSettings.fromEnvironment(Map.of("FRAUD_KAFKA_PORT", value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("FRAUD_KAFKA_PORT must be a TCP port between 1 and 65535, got '" + value + "'");
    }
}
