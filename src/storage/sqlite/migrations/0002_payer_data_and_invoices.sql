-- Migration 2: approved legal addresses, authorization details, payer tokens, invoices and the
-- invoice number series. Released migrations are never edited.
--
-- Addresses spread over six columns in one order (addressee, co_address, street_address,
-- zip_code, city, country) and, where two appear in a row, carry a prefix. An optional address is
-- NULL in all six columns. Dates are ISO 'YYYY-MM-DD' text, so they sort and read as dates in any
-- SQL tool.

-- The latest approved legal address of a payment (spec §11.1): saving another replaces the row.
CREATE TABLE approved_legal_addresses (
    payment_id      TEXT    NOT NULL PRIMARY KEY REFERENCES payments (id),
    national_id     TEXT    NOT NULL,
    addressee       TEXT    NOT NULL,
    co_address      TEXT,
    street_address  TEXT    NOT NULL,
    zip_code        TEXT    NOT NULL,
    city            TEXT    NOT NULL,
    country         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL
) STRICT;

-- The consumer and addresses given with one authorization or verification. The billing address is
-- present exactly when billing_addressee is not NULL.
CREATE TABLE authorization_details (
    transaction_id          TEXT NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id              TEXT NOT NULL,
    national_id             TEXT NOT NULL,
    customer_number         TEXT,
    email                   TEXT,
    msisdn                  TEXT NOT NULL,
    ip                      TEXT NOT NULL,
    legal_addressee         TEXT NOT NULL,
    legal_co_address        TEXT,
    legal_street_address    TEXT NOT NULL,
    legal_zip_code          TEXT NOT NULL,
    legal_city              TEXT NOT NULL,
    legal_country           TEXT NOT NULL,
    billing_addressee       TEXT,
    billing_co_address      TEXT,
    billing_street_address  TEXT,
    billing_zip_code        TEXT,
    billing_city            TEXT,
    billing_country         TEXT,
    CHECK (billing_addressee IS NOT NULL OR billing_co_address IS NULL),
    CHECK ((billing_addressee IS NULL) = (billing_street_address IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_zip_code IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_city IS NULL)),
    CHECK ((billing_addressee IS NULL) = (billing_country IS NULL))
) STRICT;

CREATE INDEX authorization_details_by_payment_id ON authorization_details (payment_id);

-- Stored paymentToken and recurrenceToken values (spec §20). A deleted token keeps its row, with
-- is_deleted = 1.
CREATE TABLE payer_tokens (
    token           TEXT    NOT NULL PRIMARY KEY,
    kind            TEXT    NOT NULL,
    payee_id        TEXT    NOT NULL,
    payment_id      TEXT    NOT NULL,
    transaction_id  TEXT    NOT NULL,
    currency        TEXT    NOT NULL,
    invoice_type    TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    is_deleted      INTEGER NOT NULL CHECK (is_deleted IN (0, 1))
) STRICT;

CREATE INDEX payer_tokens_by_payee_id ON payer_tokens (payee_id);

-- The invoice a capture produced. Its lines and VAT summary are JSON arrays rather than child
-- tables: an invoice is written once and only ever read whole, nothing queries a single line, and
-- one row keeps insert_invoice and find_invoice to one statement each. Amounts in the JSON are
-- minor units and vat_percent is hundredths of a percent, as everywhere else in the schema.
CREATE TABLE invoices (
    transaction_id          TEXT    NOT NULL PRIMARY KEY REFERENCES transactions (id),
    payment_id              TEXT    NOT NULL,
    invoice_number          INTEGER NOT NULL,
    issue_date              TEXT    NOT NULL CHECK (issue_date GLOB
                                '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    due_date                TEXT    NOT NULL CHECK (due_date GLOB
                                '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    payment_reference_kind  TEXT    NOT NULL,
    payment_reference       TEXT    NOT NULL,
    rf_reference            TEXT,
    item_descriptions       TEXT    NOT NULL,
    vat_summary             TEXT    NOT NULL
) STRICT;

CREATE INDEX invoices_by_payment_id ON invoices (payment_id);

-- Each payee's own invoice number series, 1, 2, 3, …; a payee's row appears with its first invoice.
CREATE TABLE invoice_sequences (
    payee_id    TEXT    NOT NULL PRIMARY KEY,
    next_value  INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
