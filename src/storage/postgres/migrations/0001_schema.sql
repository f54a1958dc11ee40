-- Migration 1: the whole schema as SQLite's migrations 1–6 left it, in PostgreSQL types. Released
-- migrations are never edited: a schema change is a new file after the last one.
--
-- The same tables, columns and column order as the SQLite schema, so one row descriptor
-- (src/storage/rows/) maps both and a row compares one to one between them. Enum columns hold the
-- spellings of src/storage/sql_spelling.hpp (no CHECK lists them: the reading code rejects an
-- unknown spelling). Timestamps are bigint ticks of 100 ns since the Unix epoch, not timestamptz;
-- amounts are bigint minor units; flags are boolean; dates are 'YYYY-MM-DD' text. The JSON columns
-- are text, not jsonb: they are only read and written whole, and jsonb would refuse a \u0000 that
-- the API accepts inside a string.
--
-- schema_migrations and migration_lock are created by the migration code itself, before this file.

CREATE TABLE merchants (
    payee_id                    text    NOT NULL PRIMARY KEY,
    name                        text    NOT NULL,
    token_sha256_hex            text    NOT NULL UNIQUE,
    created_at                  bigint  NOT NULL,
    invoice_due_days            bigint  NOT NULL,
    kid_algorithm               text    NOT NULL,
    settlement_option           text    NOT NULL,
    authorization_attempts_max  bigint  NOT NULL,
    callback_secrets            text    NOT NULL DEFAULT '[]',
    document_details            text    NOT NULL DEFAULT '{}'
);

CREATE TABLE payments (
    id                            text    NOT NULL PRIMARY KEY,
    payee_id                      text    NOT NULL,
    number                        bigint  NOT NULL UNIQUE,
    created_at                    bigint  NOT NULL,
    updated_at                    bigint  NOT NULL,
    operation                     text    NOT NULL,
    state                         text    NOT NULL,
    currency                      text    NOT NULL,
    invoice_type                  text    NOT NULL,
    price_amount                  bigint,
    price_vat_amount              bigint,
    description                   text    NOT NULL,
    payer_reference               text,
    initiating_system_user_agent  text    NOT NULL,
    user_agent                    text    NOT NULL,
    language                      text    NOT NULL,
    host_urls                     text    NOT NULL,
    complete_url                  text,
    cancel_url                    text,
    payment_url                   text,
    callback_url                  text,
    logo_url                      text,
    terms_of_service_url          text,
    payee_info_payee_id           text    NOT NULL,
    payee_reference               text    NOT NULL,
    payee_name                    text,
    product_category              text,
    order_reference               text,
    subsite                       text,
    metadata                      text    NOT NULL,
    generate_payment_token        boolean NOT NULL,
    generate_recurrence_token     boolean NOT NULL,
    prefill_payment_token         text,
    prefill_msisdn                text,
    recurrence_token_used         text,
    front_end_token               text    NOT NULL UNIQUE,
    payment_token                 text,
    recurrence_token              text,
    authorization_completed       boolean NOT NULL,
    authorized                    bigint  NOT NULL,
    captured                      bigint  NOT NULL,
    cancelled                     bigint  NOT NULL,
    reversed                      bigint  NOT NULL,
    failed_attempts               bigint  NOT NULL,
    authorization_count           bigint  NOT NULL,
    verification_count            bigint  NOT NULL,
    capture_count                 bigint  NOT NULL,
    cancellation_count            bigint  NOT NULL,
    reversal_count                bigint  NOT NULL,
    has_approved_legal_address    boolean NOT NULL,
    abort_reason                  text,
    failed_lookups                bigint  NOT NULL DEFAULT 0,
    CHECK ((price_amount IS NULL) = (price_vat_amount IS NULL))
);

CREATE INDEX payments_by_payee_id ON payments (payee_id);

-- A failure is present exactly when failure_reason is not NULL.
CREATE TABLE transactions (
    id                         text    NOT NULL PRIMARY KEY,
    payment_id                 text    NOT NULL REFERENCES payments (id),
    type                       text    NOT NULL,
    state                      text    NOT NULL,
    number                     bigint  NOT NULL UNIQUE,
    created_at                 bigint  NOT NULL,
    updated_at                 bigint  NOT NULL,
    amount                     bigint  NOT NULL,
    vat_amount                 bigint  NOT NULL,
    description                text    NOT NULL,
    payee_reference            text    NOT NULL,
    receipt_reference          text,
    failure_reason             text,
    failure_activity_name      text,
    failure_error_code         text,
    failure_error_description  text,
    is_operational             boolean NOT NULL,
    reconciliation_number      bigint,
    CHECK ((failure_reason IS NULL) = (failure_activity_name IS NULL))
);

CREATE INDEX transactions_by_payment_id ON transactions (payment_id, number);
CREATE INDEX transactions_by_created_at ON transactions (created_at);

-- One row per payeeReference a payee has used (spec §25); the primary key makes concurrent
-- duplicates lose (INSERT … ON CONFLICT DO NOTHING inserts nothing).
CREATE TABLE payee_references (
    payee_id         text NOT NULL,
    payee_reference  text NOT NULL,
    PRIMARY KEY (payee_id, payee_reference)
);

-- 'number' is the one sequence of payment and transaction numbers, reserved from in blocks
-- (docs/decisions/0010-numbers.md); it starts at 11 digits like the real service.
CREATE TABLE sequences (
    name        text   NOT NULL PRIMARY KEY,
    next_value  bigint NOT NULL
);

INSERT INTO sequences (name, next_value) VALUES ('number', 41100000001);

CREATE TABLE approved_legal_addresses (
    payment_id      text   NOT NULL PRIMARY KEY REFERENCES payments (id),
    national_id     text   NOT NULL,
    addressee       text   NOT NULL,
    co_address      text,
    street_address  text   NOT NULL,
    zip_code        text   NOT NULL,
    city            text   NOT NULL,
    country         text   NOT NULL,
    created_at      bigint NOT NULL
);

-- The billing address is present exactly when billing_addressee is not NULL.
CREATE TABLE authorization_details (
    transaction_id          text NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id              text NOT NULL,
    national_id             text NOT NULL,
    customer_number         text,
    email                   text,
    msisdn                  text NOT NULL,
    ip                      text NOT NULL,
    legal_addressee         text NOT NULL,
    legal_co_address        text,
    legal_street_address    text NOT NULL,
    legal_zip_code          text NOT NULL,
    legal_city              text NOT NULL,
    legal_country           text NOT NULL,
    billing_addressee       text,
    billing_co_address      text,
    billing_street_address  text,
    billing_zip_code        text,
    billing_city            text,
    billing_country         text,
    CHECK (billing_addressee IS NOT NULL OR billing_co_address IS NULL),
    CHECK ((billing_addressee IS NULL) = (billing_street_address IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_zip_code IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_city IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_country IS NULL))
);

CREATE INDEX authorization_details_by_payment_id ON authorization_details (payment_id);

-- A deleted token keeps its row, with is_deleted, deleted_at and deletion_comment.
CREATE TABLE payer_tokens (
    token             text    NOT NULL PRIMARY KEY,
    kind              text    NOT NULL,
    payee_id          text    NOT NULL,
    payment_id        text    NOT NULL,
    transaction_id    text    NOT NULL,
    currency          text    NOT NULL,
    invoice_type      text    NOT NULL,
    created_at        bigint  NOT NULL,
    is_deleted        boolean NOT NULL,
    deleted_at        bigint,
    deletion_comment  text
);

CREATE INDEX payer_tokens_by_payee_id ON payer_tokens (payee_id);

CREATE TABLE invoices (
    transaction_id          text   NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id              text   NOT NULL,
    invoice_number          bigint NOT NULL,
    issue_date              text   NOT NULL CHECK (issue_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    due_date                text   NOT NULL CHECK (due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    payment_reference_kind  text   NOT NULL,
    payment_reference       text   NOT NULL,
    rf_reference            text,
    item_descriptions       text   NOT NULL,
    vat_summary             text   NOT NULL
);

CREATE INDEX invoices_by_payment_id ON invoices (payment_id);

-- Each payee's own invoice number series, 1, 2, 3, …: drawn with a row lock inside the capture's
-- transaction, so a rollback gives the value back and the series stays gapless.
CREATE TABLE invoice_sequences (
    payee_id    text   NOT NULL PRIMARY KEY,
    next_value  bigint NOT NULL
);

CREATE TABLE payer_inputs (
    payment_id   text   NOT NULL PRIMARY KEY REFERENCES payments (id),
    national_id  text   NOT NULL,
    email        text,
    msisdn       text   NOT NULL,
    zip_code     text   NOT NULL,
    created_at   bigint NOT NULL
);

-- Server-wide values every server process must agree on; the first value inserted stays.
CREATE TABLE settings (
    name   text NOT NULL PRIMARY KEY,
    value  text NOT NULL
);

CREATE TABLE callback_deliveries (
    id                  text   NOT NULL PRIMARY KEY,
    transaction_id      text   NOT NULL UNIQUE REFERENCES transactions (id),
    payment_id          text   NOT NULL REFERENCES payments (id),
    payee_id            text   NOT NULL,
    url                 text   NOT NULL,
    endpoint            text   NOT NULL,
    payment_path        text   NOT NULL,
    payment_number      bigint NOT NULL,
    transaction_path    text   NOT NULL,
    transaction_number  bigint NOT NULL,
    transaction_type    text   NOT NULL,
    transaction_state   text   NOT NULL,
    created_at          bigint NOT NULL,
    state               text   NOT NULL,
    attempts            bigint NOT NULL,
    next_slot           bigint NOT NULL,
    next_attempt_at     bigint NOT NULL,
    claim               text,
    lease_until         bigint,
    delivered_at        bigint
);

-- The dispatchers' query (FOR UPDATE SKIP LOCKED): pending deliveries by due time.
CREATE INDEX callback_deliveries_due ON callback_deliveries (next_attempt_at)
    WHERE state = 'pending';
CREATE INDEX callback_deliveries_by_payment ON callback_deliveries (payment_id, created_at);
CREATE INDEX callback_deliveries_by_payee ON callback_deliveries (payee_id, created_at);

CREATE TABLE callback_attempts (
    delivery_id       text    NOT NULL REFERENCES callback_deliveries (id),
    number            bigint  NOT NULL,
    started_at        bigint  NOT NULL,
    duration_ms       bigint  NOT NULL,
    outcome           text    NOT NULL,
    status            bigint,
    error             text    NOT NULL,
    response_excerpt  text    NOT NULL,
    manual            boolean NOT NULL,
    PRIMARY KEY (delivery_id, number)
);

CREATE TABLE credit_notes (
    transaction_id           text   NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id               text   NOT NULL,
    credit_note_number       bigint NOT NULL,
    issue_date               text   NOT NULL CHECK (issue_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    credited_transaction_id  text   NOT NULL REFERENCES transactions (id),
    credited_invoice_number  bigint NOT NULL,
    amount                   bigint NOT NULL,
    vat_percent              bigint NOT NULL,
    vat_amount               bigint NOT NULL
);

CREATE INDEX credit_notes_by_payment_id ON credit_notes (payment_id);
