-- Debezium reads transactions through a publication the owner makes here, so that its own role (fraud_cdc: LOGIN,
-- REPLICATION, SELECT on the captured table, nothing else) needs no ownership; the connector no longer creates it
-- (publication.autocreate.mode: disabled). An earlier version's connector may have made it already: same table.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_publication WHERE pubname = 'dbz_transactions') THEN
        CREATE PUBLICATION dbz_transactions FOR TABLE transactions;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_cdc') THEN
        GRANT SELECT ON transactions TO fraud_cdc;
    END IF;
END
$$;
