-- Least privilege (see ingest-service's V4__service_roles.sql): the dashboard's own role reads and writes triage.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_dashboard') THEN
        GRANT USAGE ON SCHEMA dashboard TO fraud_dashboard;
        GRANT SELECT, INSERT, UPDATE ON dashboard.alert_triage TO fraud_dashboard;
    END IF;
END
$$;
