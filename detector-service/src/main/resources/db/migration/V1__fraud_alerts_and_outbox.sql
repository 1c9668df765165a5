-- Every alert the detector raised, once per transaction: the primary key makes a redelivered change event harmless.
CREATE TABLE fraud_alert (
    transaction_id    varchar(64)   PRIMARY KEY,
    account_id        varchar(64)   NOT NULL,
    merchant_id       varchar(64)   NOT NULL,
    amount            numeric(18,2) NOT NULL,
    currency          char(3)       NOT NULL,
    score             double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    decision          varchar(16)   NOT NULL CHECK (decision IN ('REVIEW', 'ALERT', 'BLOCK')),
    rules             text[]        NOT NULL,
    reasons           text[]        NOT NULL,
    model_version     varchar(100)  NOT NULL,
    rule_set_version  bigint        NOT NULL,
    event_time        timestamptz   NOT NULL,
    decided_at        timestamptz   NOT NULL,
    stored_at         timestamptz   NOT NULL DEFAULT now()
);

-- Analysts' history: by account and by time, newest first.
CREATE INDEX fraud_alert_account_time ON fraud_alert (account_id, event_time DESC);
CREATE INDEX fraud_alert_time ON fraud_alert (event_time DESC);

-- Debezium's outbox: a row per alert, written in the same transaction as the fraud_alert row and deleted right after
-- (the alerts-outbox connector reads the insert from the WAL; deletes are skipped). Column names are the Debezium
-- Quarkus outbox extension's defaults.
CREATE TABLE outbox_event (
    id             uuid          PRIMARY KEY,
    aggregatetype  varchar(255)  NOT NULL,
    aggregateid    varchar(255)  NOT NULL,
    type           varchar(255)  NOT NULL,
    timestamp      timestamptz   NOT NULL,
    payload        text          NOT NULL
);
