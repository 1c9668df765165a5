-- Ground truth of the simulator: which generated transactions are fraud, by which scenario, and when (if ever) the
-- bank learns of it through a chargeback. The detector never reads this table (Debezium captures only
-- public.transactions); it exists to measure detection quality and to train and backtest models.
CREATE TABLE fraud_labels (
    transaction_id  uuid         PRIMARY KEY REFERENCES transactions (id) ON DELETE CASCADE,
    scenario        varchar(32)  NOT NULL,
    labelled_at     timestamptz  NOT NULL,
    -- When the chargeback confirming it is due; null if this fraud is never reported, as many are not.
    chargeback_due  timestamptz,
    -- When the simulator's chargeback desk changed the payment's status to CHARGEBACK.
    charged_back_at timestamptz
);

CREATE INDEX fraud_labels_chargeback_pending ON fraud_labels (chargeback_due)
    WHERE chargeback_due IS NOT NULL AND charged_back_at IS NULL;

-- Makes POST retries safe for clients that cannot choose transaction ids: the first request with a key is executed
-- and its answer stored in the same database transaction as its rows; a retry with the same key gets that answer.
CREATE TABLE idempotency_keys (
    idempotency_key  varchar(200) PRIMARY KEY,
    request_hash     char(64)     NOT NULL,
    response_status  smallint     NOT NULL,
    response_body    text         NOT NULL,
    created_at       timestamptz  NOT NULL DEFAULT now()
);
