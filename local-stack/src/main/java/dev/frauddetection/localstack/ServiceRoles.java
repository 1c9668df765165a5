package dev.frauddetection.localstack;

import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL role each service connects as (least privilege, docs/security.md): made here at every start, with
 * documented local passwords; the grants come with each service's migrations, which run as the owner role
 * ({@code FRAUD_PG_USER}). Debezium has a role of its own, {@link #CDC}.
 */
public final class ServiceRoles {

    record Role(String service, String name, String password) {
    }

    /** Debezium's: REPLICATION and SELECT on the captured tables (granted by the migrations), through their publications. */
    static final Role CDC = new Role("debezium", "fraud_cdc", "cdc-local");

    static final List<Role> ROLES = List.of(
            new Role("ingest-service", "fraud_ingest", "ingest-local"),
            new Role("detector-service", "fraud_detector", "detector-local"),
            new Role("alert-dashboard", "fraud_dashboard", "dashboard-local"),
            // train --from-database: reads payments and their outcomes, writes nothing.
            new Role("model-training", "fraud_trainer", "trainer-local"));

    private ServiceRoles() {
    }

    static Role of(String service) {
        return ROLES.stream().filter(r -> r.service().equals(service)).findFirst().orElseThrow();
    }

    /** The service's own connection, and the owner's for its Flyway migrations. */
    public static Map<String, String> connection(String service, StackSettings settings) {
        Role role = of(service);
        return Map.of("quarkus.datasource.username", role.name(),
                "quarkus.datasource.password", role.password(),
                "quarkus.flyway.username", settings.dbUser(),
                "quarkus.flyway.password", settings.dbPassword());
    }
}
