-- The analysts' verdicts on alerts. The dashboard keeps its tables in its own schema, so the other services' Flyway
-- histories (in public) never see a table they do not know, whatever order the services start in.
CREATE TABLE alert_triage (
    -- The alert's transaction (fraud_alert.transaction_id, owned by the detector; no foreign key across owners).
    transaction_id   varchar(64)   PRIMARY KEY,
    outcome          varchar(20)   NOT NULL CHECK (outcome IN ('CONFIRMED_FRAUD', 'FALSE_POSITIVE')),
    analyst          varchar(100)  NOT NULL,
    note             varchar(500),
    decided_at       timestamptz   NOT NULL DEFAULT now(),
    -- What became of the feedback to the source of truth: a confirmed fraud is charged back through ingest-service.
    feedback         varchar(20)   NOT NULL
                     CHECK (feedback IN ('PENDING', 'CHARGEBACK_RECORDED', 'REJECTED', 'NOT_APPLICABLE')),
    feedback_detail  varchar(500),
    feedback_at      timestamptz
);

CREATE INDEX alert_triage_decided ON alert_triage (decided_at DESC);
