// The SQL schema, migration by migration, and the code that applies them at open. Every table is
// STRICT so a value bound to the wrong column type fails loudly instead of being stored.
#include "storage/sqlite/schema.hpp"

#include <array>
#include <string>

#include "storage/store.hpp"

namespace faktura::storage::sqlite {
namespace {

// Enum columns hold the spellings of sql_spelling.hpp; there is deliberately no CHECK listing them,
// because SQLite cannot change a CHECK without rebuilding the table, and the reading code rejects
// an unknown spelling anyway. Timestamps are INTEGER ticks of 100 ns since the Unix epoch; amounts
// are INTEGER minor units; booleans are 0 or 1.
constexpr std::string_view initial_schema_sql = R"sql(
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
)sql";

// Addresses spread over six columns in one order (addressee, co_address, street_address, zip_code,
// city, country) and, where two appear in a row, carry a prefix. An optional address is NULL in all
// six columns. Dates are ISO 'YYYY-MM-DD' text, so they sort and read as dates in any SQL tool.
constexpr std::string_view payer_data_and_invoices_sql = R"sql(
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
)sql";

// ALTER TABLE … ADD COLUMN works on a STRICT table and places the column before the table's CHECK,
// so a migrated payments table reads the same as one created new; the DEFAULT fills existing rows.
constexpr std::string_view hosted_page_state_sql = R"sql(
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
)sql";

// A deleted payer token keeps its row (a Recur with it must still be told it does not exist, and
// the deletion is part of the merchant's history): when and why it was deleted.
constexpr std::string_view payer_token_deletion_sql = R"sql(
ALTER TABLE payer_tokens ADD COLUMN deleted_at INTEGER;
ALTER TABLE payer_tokens ADD COLUMN deletion_comment TEXT;
)sql";

constexpr std::array<Migration, 4> all_migrations{{
    {1, "merchants, payments, transactions, payee references, sequences", initial_schema_sql},
    {2,
     "approved legal addresses, authorization details, payer tokens, invoices, invoice sequences",
     payer_data_and_invoices_sql},
    {3, "payments.failed_lookups, payer inputs, settings", hosted_page_state_sql},
    {4, "payer_tokens.deleted_at, payer_tokens.deletion_comment", payer_token_deletion_sql},
}};

}  // namespace

std::span<const Migration> migrations() { return all_migrations; }

std::int64_t latest_schema_version() { return all_migrations.back().version; }

namespace {

void refuse_newer(std::int64_t version) {
    if (version <= latest_schema_version()) return;
    throw StoreError("sqlite: the database schema is version " + std::to_string(version) +
                     ", newer than the latest this program knows (" +
                     std::to_string(latest_schema_version()) +
                     "); run a newer faktura, or open a database this version created");
}

}  // namespace

void migrate(Connection& connection) {
    // The common case, an up-to-date database, takes no write lock.
    const std::int64_t version_at_open = connection.query_int64("PRAGMA user_version");
    refuse_newer(version_at_open);
    if (version_at_open == latest_schema_version()) return;

    for (const Migration& migration : all_migrations) {
        // The version is read inside the write transaction, so of two processes opening the same
        // new file at once, the second sees the first one's work and skips it.
        connection.execute("BEGIN IMMEDIATE");
        try {
            const std::int64_t version = connection.query_int64("PRAGMA user_version");
            refuse_newer(version);
            if (version >= migration.version) {
                connection.execute("COMMIT");
                continue;
            }
            connection.execute(migration.sql);
            // PRAGMA takes no parameters; the number comes from the table above, not from input.
            connection.execute("PRAGMA user_version = " + std::to_string(migration.version));
            connection.execute("COMMIT");
        } catch (const StoreError&) {
            // The failure being reported matters more than a failed ROLLBACK, which SQLite
            // follows by rolling back itself when the connection closes.
            if (!connection.is_autocommit()) {
                try {
                    connection.execute("ROLLBACK");
                } catch (const StoreError&) {
                }
            }
            throw;
        }
    }
}

}  // namespace faktura::storage::sqlite
