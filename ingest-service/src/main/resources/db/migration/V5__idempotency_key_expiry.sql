-- Idempotency-Keys are remembered for fraud.ingest.idempotency-key-ttl (24 h by default), then purged in batches by
-- age (IdempotencyKeys.purgeExpired); this index keeps that purge from scanning the table.
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
