package dev.frauddetection.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the local stack listens and keeps its data. Every value has a default for a laptop and can be overridden by
 * an environment variable, so tests and a second stack on the same machine can pick free ports.
 *
 * @param home             repository root: strimzi/ and the service builds are found below it ({@code FRAUD_HOME})
 * @param dataDir          PostgreSQL cluster, Kafka log and Connect offsets ({@code FRAUD_DATA_DIR})
 * @param postgresPort     PostgreSQL ({@code FRAUD_PG_PORT})
 * @param kafkaPort        Kafka PLAINTEXT listener ({@code FRAUD_KAFKA_PORT})
 * @param controllerPort   Kafka KRaft controller listener ({@code FRAUD_KAFKA_CONTROLLER_PORT})
 * @param connectPort      Kafka Connect REST API ({@code FRAUD_CONNECT_PORT})
 * @param dbName           database holding the transactions table
 * @param dbUser           application and Debezium role ({@code FRAUD_PG_USER})
 * @param dbPassword       its password ({@code FRAUD_PG_PASSWORD}); a local-only default, documented in README
 */
public record StackSettings(Path home, Path dataDir, int postgresPort, int kafkaPort, int controllerPort,
                            int connectPort, String dbName, String dbUser, String dbPassword) {

    public static StackSettings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("FRAUD_HOME", ".")).toAbsolutePath().normalize();
        return new StackSettings(
                home,
                Path.of(env.getOrDefault("FRAUD_DATA_DIR", home.resolve("data").toString())).toAbsolutePath().normalize(),
                port(env, "FRAUD_PG_PORT", 5432),
                port(env, "FRAUD_KAFKA_PORT", 9092),
                port(env, "FRAUD_KAFKA_CONTROLLER_PORT", 9093),
                port(env, "FRAUD_CONNECT_PORT", 8083),
                "payments",
                env.getOrDefault("FRAUD_PG_USER", "payments"),
                env.getOrDefault("FRAUD_PG_PASSWORD", "payments-local"));
    }

    public String kafkaBootstrap() {
        return "127.0.0.1:" + kafkaPort;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + dbName;
    }

    public String reactiveUrl() {
        return "postgresql://127.0.0.1:" + postgresPort + "/" + dbName;
    }

    public String connectUrl() {
        return "http://127.0.0.1:" + connectPort;
    }

    public Path strimziDir() {
        return home.resolve("strimzi");
    }

    static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a TCP port between 1 and 65535, got '" + value + "'");
        }
    }
}
