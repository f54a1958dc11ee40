-- Migration 3: payments.failed_lookups, payer inputs, settings. Released migrations are never
-- edited.
--
-- ALTER TABLE … ADD COLUMN works on a STRICT table and places the column before the table's
-- CHECK, so a migrated payments table reads the same as one created new; the DEFAULT fills
-- existing rows.

ALTER TABLE payments ADD COLUMN failed_lookups INTEGER NOT NULL DEFAULT 0;

-- What the payer typed in step 1 of the hosted page, kept until step 2: one row per payment,
-- saving another replaces it.
CREATE TABLE payer_inputs (
    payment_id   TEXT    NOT NULL PRIMARY KEY REFERENCES payments (id),
    national_id  TEXT    NOT NULL,
    email        TEXT,
    msisdn       TEXT    NOT NULL,
    zip_code     TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

-- Server-wide values every server process must agree on, such as the secret that signs the hosted
-- pages' CSRF tokens. The first value inserted under a name stays.
CREATE TABLE settings (
    name   TEXT NOT NULL PRIMARY KEY,
    value  TEXT NOT NULL
) STRICT, WITHOUT ROWID;
