-- train --from-database (model-training) connects as fraud_trainer: it reads payments and their statuses (a
-- chargeback is an outcome) and writes nothing. The role is made by the local stack and the chart, like the others.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_trainer') THEN
        GRANT SELECT ON transactions TO fraud_trainer;
    END IF;
END
$$;
