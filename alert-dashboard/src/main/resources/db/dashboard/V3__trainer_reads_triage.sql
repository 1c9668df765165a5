-- train --from-database (model-training, role fraud_trainer) learns from analysts' triage: a confirmed fraud or a false
-- positive, known when decided. It reads this table and nothing else of the schema.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_trainer') THEN
        GRANT USAGE ON SCHEMA dashboard TO fraud_trainer;
        GRANT SELECT ON dashboard.alert_triage TO fraud_trainer;
    END IF;
END
$$;
