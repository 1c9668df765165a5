-- The alerts-outbox connector reads outbox_event through a publication the owner makes here, as its own role
-- (fraud_cdc, see ingest-service's V6__cdc_publication.sql), which may read the table and nothing else.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'dbz_outbox') THEN
        CREATE PUBLICATION dbz_outbox FOR TABLE outbox_event;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_cdc') THEN
        GRANT SELECT ON outbox_event TO fraud_cdc;
    END IF;
END
$$;
