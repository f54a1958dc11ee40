-- Migration 5: the callback outbox (spec §22) and the merchants' callback signing secrets.
-- Released migrations are never edited.
--
-- A delivery row commits in the same database transaction as the transaction it announces, so a
-- 2xx answer and its callback are durable together; the dispatcher claims due rows with a lease
-- (claim, lease_until) and records every attempt.

ALTER TABLE merchants ADD COLUMN callback_secrets TEXT NOT NULL DEFAULT '[]';

CREATE TABLE callback_deliveries (
    id                  TEXT    NOT NULL PRIMARY KEY,
    transaction_id      TEXT    NOT NULL UNIQUE REFERENCES transactions (id),
    payment_id          TEXT    NOT NULL REFERENCES payments (id),
    payee_id            TEXT    NOT NULL,
    url                 TEXT    NOT NULL,
    endpoint            TEXT    NOT NULL,
    payment_path        TEXT    NOT NULL,
    payment_number      INTEGER NOT NULL,
    transaction_path    TEXT    NOT NULL,
    transaction_number  INTEGER NOT NULL,
    transaction_type    TEXT    NOT NULL,
    transaction_state   TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    state               TEXT    NOT NULL,
    attempts            INTEGER NOT NULL,
    next_slot           INTEGER NOT NULL,
    next_attempt_at     INTEGER NOT NULL,
    claim               TEXT,
    lease_until         INTEGER,
    delivered_at        INTEGER
) STRICT;

-- The dispatcher's query: pending deliveries by due time. Delivered and failed rows stay for the
-- merchant's history but leave this index.
CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at)
    WHERE state = 'pending';
CREATE INDEX callback_deliveries_by_payment ON callback_deliveries (payment_id, created_at);
CREATE INDEX callback_deliveries_by_payee ON callback_deliveries (payee_id, created_at);

CREATE TABLE callback_attempts (
    delivery_id       TEXT    NOT NULL REFERENCES callback_deliveries (id),
    number            INTEGER NOT NULL,
    started_at        INTEGER NOT NULL,
    duration_ms       INTEGER NOT NULL,
    outcome           TEXT    NOT NULL,
    status            INTEGER,
    error             TEXT    NOT NULL,
    response_excerpt  TEXT    NOT NULL,
    manual            INTEGER NOT NULL CHECK (manual IN (0, 1)),
    PRIMARY KEY (delivery_id, number)
) STRICT;
