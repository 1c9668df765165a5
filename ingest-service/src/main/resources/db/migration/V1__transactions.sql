-- The source of truth for every payment. Debezium captures every insert, update and delete on this table,
-- whoever writes it, so constraints here are the last line of defence against bad rows from any writer.
CREATE TABLE transactions (
    id                uuid          PRIMARY KEY,
    account_id        varchar(64)   NOT NULL,
    -- Never a full card number: a fingerprint (keyed hash) to recognise the card, and the last 4 digits to show.
    card_fingerprint  varchar(128),
    card_last4        char(4)       CHECK (card_last4 ~ '^[0-9]{4}$'),
    bank_id           varchar(64)   NOT NULL,
    payment_system    varchar(32)   NOT NULL,
    channel           varchar(32)   NOT NULL,
    amount            numeric(18,2) NOT NULL CHECK (amount > 0),
    currency          char(3)       NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    merchant_id       varchar(64)   NOT NULL,
    merchant_name     varchar(200),
    merchant_category char(4)       CHECK (merchant_category ~ '^[0-9]{4}$'),
    country           char(2)       CHECK (country ~ '^[A-Z]{2}$'),
    lat               double precision CHECK (lat BETWEEN -90 AND 90),
    lon               double precision CHECK (lon BETWEEN -180 AND 180),
    -- Event time: when the payment happened. Every detector window is driven by it, not by arrival time.
    created_at        timestamptz   NOT NULL,
    status            varchar(16)   NOT NULL DEFAULT 'AUTHORIZED'
                      CHECK (status IN ('AUTHORIZED', 'SETTLED', 'REVERSED', 'CHARGEBACK')),
    updated_at        timestamptz   NOT NULL DEFAULT now()
);

-- Per-account and per-merchant history in event-time order: state rebuilds and analyst look-ups.
CREATE INDEX transactions_account_time ON transactions (account_id, created_at);
CREATE INDEX transactions_merchant_time ON transactions (merchant_id, created_at);

-- Debezium keys events by account_id, which is not the primary key: with the default identity an update or delete
-- event would carry only the id, so the key would be lost and the before-image empty. FULL logs the whole old row.
ALTER TABLE transactions REPLICA IDENTITY FULL;

-- Outside writers forget updated_at; the database keeps it honest.
CREATE FUNCTION transactions_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;

CREATE TRIGGER transactions_updated_at
    BEFORE UPDATE ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_touch_updated_at();
