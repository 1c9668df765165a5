-- Least privilege (see ingest-service's V4__service_roles.sql): the detector writes its alerts, their outbox rows and
-- the rule audit trail; the dashboard only reads alerts and rule changes. Nobody but the detector can write
-- outbox_event, whose rows the alerts-outbox connector publishes as alerts.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_detector') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON fraud_alert, outbox_event TO fraud_detector;
        GRANT SELECT, INSERT, DELETE ON rule_set_change TO fraud_detector;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_dashboard') THEN
        GRANT SELECT ON fraud_alert, rule_set_change TO fraud_dashboard;
    END IF;
END
$$;
