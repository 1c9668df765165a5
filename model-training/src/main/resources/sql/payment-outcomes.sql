-- Every payment's outcome, with the moment it became known, for the payments of a window [from, to): a chargeback (the
-- payment's status became CHARGEBACK; known when the row last changed, CHARGEBACK being final) is fraud; an analyst's
-- triage on the dashboard is fraud (CONFIRMED_FRAUD) or not (FALSE_POSITIVE), known when it was decided. Later
-- evidence wins, as the dashboard orders it: a false positive decided after a chargeback makes the payment legitimate.
-- Read by train --from-database; needs SELECT on public.transactions and dashboard.alert_triage.
WITH evidence AS (
    SELECT id::text AS transaction_id, true AS fraud, updated_at AS known_at
    FROM transactions
    WHERE status = 'CHARGEBACK' AND created_at >= ? AND created_at < ?
    UNION ALL
    SELECT t.transaction_id, t.outcome = 'CONFIRMED_FRAUD', t.decided_at
    FROM dashboard.alert_triage t
    JOIN transactions p ON p.id::text = t.transaction_id
    WHERE p.created_at >= ? AND p.created_at < ?
)
SELECT DISTINCT ON (transaction_id) transaction_id, fraud, known_at
FROM evidence
ORDER BY transaction_id, known_at DESC
