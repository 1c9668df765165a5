-- The audit trail of the model registry: every model version registered through the API, and every change of the
-- champion and challenger (who, when, why). An assignment change claims its sequence number, so two administrators
-- who both start from sequence N cannot both publish N + 1 (the second gets 412 and reloads).
CREATE TABLE model_change (
    id           bigserial     PRIMARY KEY,
    action       varchar(16)   NOT NULL CHECK (action IN ('REGISTER', 'CHALLENGE', 'WITHDRAW', 'PROMOTE', 'ROLLBACK')),
    sequence     bigint        UNIQUE CHECK (sequence > 0),
    version      varchar(100),
    champion     varchar(100),
    challenger   varchar(100),
    changed_by   varchar(200)  NOT NULL,
    changed_at   timestamptz   NOT NULL DEFAULT now(),
    reason       varchar(1000) NOT NULL CHECK (length(btrim(reason)) > 0),
    CHECK ((action = 'REGISTER') = (sequence IS NULL))
);

CREATE INDEX model_change_time ON model_change (changed_at DESC);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_detector') THEN
        GRANT SELECT, INSERT, DELETE ON model_change TO fraud_detector;
        GRANT USAGE ON SEQUENCE model_change_id_seq TO fraud_detector;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_dashboard') THEN
        GRANT SELECT ON model_change TO fraud_dashboard;
    END IF;
END
$$;
