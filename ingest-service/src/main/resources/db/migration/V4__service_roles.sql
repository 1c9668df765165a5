-- Least privilege: each service connects as a role of its own (fraud_ingest, fraud_detector, fraud_dashboard), made
-- by the local stack and the chart before any service starts; the owner role (payments) runs the migrations and
-- Debezium. A role that does not exist (a test database with the owner only) is skipped, not an error.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_ingest') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON transactions, fraud_labels, idempotency_keys TO fraud_ingest;
    END IF;
    -- The dashboard shows payments and measures detection quality against the simulator's labels; it writes neither.
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_dashboard') THEN
        GRANT SELECT ON transactions, fraud_labels TO fraud_dashboard;
    END IF;
END
$$;
