-- Migration 1: merchants, payments, transactions, payee references and the number sequence.
-- Released migrations are never edited: a schema change is a new file after the last one.
--
-- Every table is STRICT, so a value bound to the wrong column type fails loudly instead of being
-- stored. Enum columns hold the spellings of src/storage/sql_spelling.hpp; there is deliberately
-- no CHECK listing them, because SQLite cannot change a CHECK without rebuilding the table, and
-- the reading code rejects an unknown spelling anyway. Timestamps are INTEGER ticks of 100 ns
-- since the Unix epoch; amounts are INTEGER minor units; booleans are 0 or 1.

CREATE TABLE merchants (
    payee_id                    TEXT    NOT NULL PRIMARY KEY,
    name                        TEXT    NOT NULL,
    token_sha256_hex            TEXT    NOT NULL UNIQUE,
    created_at                  INTEGER NOT NULL,
    invoice_due_days            INTEGER NOT NULL,
    kid_algorithm               TEXT    NOT NULL,
    settlement_option           TEXT    NOT NULL,
    authorization_attempts_max  INTEGER NOT NULL
) STRICT;

-- Lists and maps (host_urls, metadata) are JSON text: they are only ever read and written whole.
CREATE TABLE payments (
    id                            TEXT    NOT NULL PRIMARY KEY,
    payee_id                      TEXT    NOT NULL,
    number                        INTEGER NOT NULL UNIQUE,
    created_at                    INTEGER NOT NULL,
    updated_at                    INTEGER NOT NULL,
    operation                     TEXT    NOT NULL,
    state                         TEXT    NOT NULL,
    currency                      TEXT    NOT NULL,
    invoice_type                  TEXT    NOT NULL,
    price_amount                  INTEGER,
    price_vat_amount              INTEGER,
    description                   TEXT    NOT NULL,
    payer_reference               TEXT,
    initiating_system_user_agent  TEXT    NOT NULL,
    user_agent                    TEXT    NOT NULL,
    language                      TEXT    NOT NULL,
    host_urls                     TEXT    NOT NULL,
    complete_url                  TEXT,
    cancel_url                    TEXT,
    payment_url                   TEXT,
    callback_url                  TEXT,
    logo_url                      TEXT,
    terms_of_service_url          TEXT,
    payee_info_payee_id           TEXT    NOT NULL,
    payee_reference               TEXT    NOT NULL,
    payee_name                    TEXT,
    product_category              TEXT,
    order_reference               TEXT,
    subsite                       TEXT,
    metadata                      TEXT    NOT NULL,
    generate_payment_token        INTEGER NOT NULL CHECK (generate_payment_token IN (0, 1)),
    generate_recurrence_token     INTEGER NOT NULL CHECK (generate_recurrence_token IN (0, 1)),
    prefill_payment_token         TEXT,
    prefill_msisdn                TEXT,
    recurrence_token_used         TEXT,
    front_end_token               TEXT    NOT NULL UNIQUE,
    payment_token                 TEXT,
    recurrence_token              TEXT,
    authorization_completed       INTEGER NOT NULL CHECK (authorization_completed IN (0, 1)),
    authorized                    INTEGER NOT NULL,
    captured                      INTEGER NOT NULL,
    cancelled                     INTEGER NOT NULL,
    reversed                      INTEGER NOT NULL,
    failed_attempts               INTEGER NOT NULL,
    authorization_count           INTEGER NOT NULL,
    verification_count            INTEGER NOT NULL,
    capture_count                 INTEGER NOT NULL,
    cancellation_count            INTEGER NOT NULL,
    reversal_count                INTEGER NOT NULL,
    has_approved_legal_address    INTEGER NOT NULL CHECK (has_approved_legal_address IN (0, 1)),
    abort_reason                  TEXT,
    CHECK ((price_amount IS NULL) = (price_vat_amount IS NULL))
) STRICT;

CREATE INDEX payments_by_payee_id ON payments (payee_id);

-- A failure is present exactly when failure_reason is not NULL.
CREATE TABLE transactions (
    id                         TEXT    NOT NULL PRIMARY KEY,
    payment_id                 TEXT    NOT NULL REFERENCES payments (id),
    type                       TEXT    NOT NULL,
    state                      TEXT    NOT NULL,
    number                     INTEGER NOT NULL UNIQUE,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    amount                     INTEGER NOT NULL,
    vat_amount                 INTEGER NOT NULL,
    description                TEXT    NOT NULL,
    payee_reference            TEXT    NOT NULL,
    receipt_reference          TEXT,
    failure_reason             TEXT,
    failure_activity_name      TEXT,
    failure_error_code         TEXT,
    failure_error_description  TEXT,
    is_operational             INTEGER NOT NULL CHECK (is_operational IN (0, 1)),
    reconciliation_number      INTEGER,
    CHECK ((failure_reason IS NULL) = (failure_activity_name IS NULL))
) STRICT;

-- Serves list_transactions (by payment, oldest first) and the foreign key's lookups.
CREATE INDEX transactions_by_payment_id ON transactions (payment_id, number);

-- One row per payeeReference a payee has used, by a payment or a transaction (spec §25). The
-- primary key is what makes concurrent duplicates lose.
CREATE TABLE payee_references (
    payee_id         TEXT NOT NULL,
    payee_reference  TEXT NOT NULL,
    PRIMARY KEY (payee_id, payee_reference)
) STRICT, WITHOUT ROWID;

-- Named counters that must survive restarts and be shared by every server process. 'number' is the
-- one sequence of payment and transaction numbers; it starts at 11 digits like the real service.
CREATE TABLE sequences (
    name        TEXT    NOT NULL PRIMARY KEY,
    next_value  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO sequences (name, next_value) VALUES ('number', 41100000001);
