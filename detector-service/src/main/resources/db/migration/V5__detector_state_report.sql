-- What each detector instance holds, written by the instance every few seconds (StateReport) and read by the
-- dashboard's pipeline health: a memory budget that evicts account histories shows where operators look, not only in
-- Prometheus. One row per instance (pod name or host, and process id); a row not refreshed for a minute is a stopped
-- instance, and instances delete rows a day old.
CREATE TABLE detector_state_report (
    instance               text        PRIMARY KEY,
    accounts               integer     NOT NULL CHECK (accounts >= 0),
    account_budget         integer     NOT NULL CHECK (account_budget > 0),
    evicted_for_budget     bigint      NOT NULL CHECK (evicted_for_budget >= 0),
    -- How long before the newest payment the most recently active history evicted for the budget had last paid.
    budget_eviction_age_ms bigint      NOT NULL CHECK (budget_eviction_age_ms >= 0),
    merchants              integer     NOT NULL CHECK (merchants >= 0),
    merchant_budget        integer     NOT NULL CHECK (merchant_budget > 0),
    merchants_evicted_for_budget bigint NOT NULL CHECK (merchants_evicted_for_budget >= 0),
    started_at             timestamptz NOT NULL,
    reported_at            timestamptz NOT NULL
);

DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_detector') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON detector_state_report TO fraud_detector;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'fraud_dashboard') THEN
        GRANT SELECT ON detector_state_report TO fraud_dashboard;
    END IF;
END
$$;
