// PostgresDbTransaction: every table's statements, built once from its rows:: descriptor (the same
// shapes as storage/sqlite/*_rows.cpp, in PostgreSQL's spelling), and the counters. Each method
// turns "no row changed" into the logic_error the interface promises.
#include "storage/postgres/db_transaction.hpp"

#include <stdexcept>
#include <string>

#include "storage/postgres/table_sql.hpp"
#include "storage/rows/approved_legal_address_row.hpp"
#include "storage/rows/authorization_details_row.hpp"
#include "storage/rows/callback_row.hpp"
#include "storage/rows/credit_note_row.hpp"
#include "storage/rows/invoice_row.hpp"
#include "storage/rows/merchant_row.hpp"
#include "storage/rows/payer_input_row.hpp"
#include "storage/rows/payer_token_row.hpp"
#include "storage/rows/payment_row.hpp"
#include "storage/rows/transaction_row.hpp"
#include "storage/sql_spelling.hpp"

namespace faktura::storage::postgres {
namespace {

struct MerchantSql {
    TableSql<decltype(rows::merchant_table)> table{rows::merchant_table};
    // A duplicate payee id or token hash is an expected outcome: no row inserted.
    std::string insert_unless_taken = table.insert + " ON CONFLICT DO NOTHING";
    std::string by_payee_id = table.select + "WHERE payee_id = $1";
    std::string by_token_hash = table.select + "WHERE token_sha256_hex = $1";
    std::string all = table.select + "ORDER BY created_at, payee_id";
};

struct PaymentSql {
    TableSql<decltype(rows::payment_table)> table{rows::payment_table};
    std::string by_id = table.select + "WHERE id = $1";
    std::string by_id_for_update = table.select + "WHERE id = $1 FOR UPDATE";
    std::string by_front_end_token = table.select + "WHERE front_end_token = $1";
};

struct TransactionSql {
    TableSql<decltype(rows::transaction_table)> table{rows::transaction_table};
    std::string of_payment = table.select + "WHERE payment_id = $1 ORDER BY number";
    // Completed captures and reversals of one payee's payments in [from, to), oldest first.
    std::string settled = table.select +
                          "WHERE payment_id IN (SELECT id FROM payments WHERE payee_id = $1) "
                          "AND type IN ('" +
                          std::string(to_sql(domain::TransactionType::capture)) + "', '" +
                          std::string(to_sql(domain::TransactionType::reversal)) +
                          "') AND state = '" +
                          std::string(to_sql(domain::TransactionState::completed)) +
                          "' AND created_at >= $2::bigint AND created_at < $3::bigint "
                          "ORDER BY created_at, number";
};

struct PayerSql {
    TableSql<decltype(rows::approved_legal_address_table)> addresses{
        rows::approved_legal_address_table};
    std::string address_by_payment_id = addresses.select + "WHERE payment_id = $1";
    TableSql<decltype(rows::authorization_details_table)> details{
        rows::authorization_details_table};
    std::string details_by_transaction_id = details.select + "WHERE transaction_id = $1";
    TableSql<decltype(rows::payer_token_table)> tokens{rows::payer_token_table};
    std::string token_by_token = tokens.select + "WHERE token = $1";
    TableSql<decltype(rows::payer_input_table)> inputs{rows::payer_input_table};
    std::string input_by_payment_id = inputs.select + "WHERE payment_id = $1";
};

struct InvoiceSql {
    TableSql<decltype(rows::invoice_table)> table{rows::invoice_table};
    std::string by_transaction_id = table.select + "WHERE transaction_id = $1";
    std::string of_payment = table.select + "WHERE payment_id = $1 ORDER BY invoice_number";
    TableSql<decltype(rows::credit_note_table)> notes{rows::credit_note_table};
    std::string note_by_transaction_id = notes.select + "WHERE transaction_id = $1";
    std::string notes_of_payment =
        notes.select + "WHERE payment_id = $1 ORDER BY credit_note_number";
};

struct CallbackSql {
    TableSql<decltype(rows::callback_delivery_table)> deliveries{rows::callback_delivery_table};
    std::string by_id = deliveries.select + "WHERE id = $1";
    std::string by_id_for_update = deliveries.select + "WHERE id = $1 FOR UPDATE";
    std::string by_payment = deliveries.select + "WHERE payment_id = $1 ORDER BY created_at, id";
    std::string filtered = deliveries.select +
                           "WHERE ($1::text = '' OR payee_id = $1::text) "
                           "AND ($2::text = '' OR state = $2::text) "
                           "ORDER BY created_at DESC, id LIMIT $3::bigint";
    // The partial index callback_deliveries_due serves both. SKIP LOCKED: two dispatchers (two
    // processes) claiming at once get different rows instead of waiting for each other.
    std::string claimable = deliveries.select +
                            "WHERE state = 'pending' AND next_attempt_at <= $1::bigint "
                            "AND (lease_until IS NULL OR lease_until <= $1::bigint) "
                            "ORDER BY next_attempt_at, id LIMIT $2::bigint FOR UPDATE SKIP LOCKED";
    std::string next_due =
        "SELECT min(greatest(next_attempt_at, coalesce(lease_until, 0))) FROM callback_deliveries "
        "WHERE state = 'pending'";
    TableSql<decltype(rows::callback_attempt_table)> attempts{rows::callback_attempt_table};
    std::string attempts_by_delivery = attempts.select + "WHERE delivery_id = $1 ORDER BY number";
};

// Built once, on first use: their addresses key every connection's statement cache.
const MerchantSql& merchant_sql() {
    static const MerchantSql sql;
    return sql;
}
const PaymentSql& payment_sql() {
    static const PaymentSql sql;
    return sql;
}
const TransactionSql& transaction_sql() {
    static const TransactionSql sql;
    return sql;
}
const PayerSql& payer_sql() {
    static const PayerSql sql;
    return sql;
}
const InvoiceSql& invoice_sql() {
    static const InvoiceSql sql;
    return sql;
}
const CallbackSql& callback_sql() {
    static const CallbackSql sql;
    return sql;
}

// The counters: no columns worth a row descriptor.
constexpr std::string_view reserve_payee_reference_sql =
    "INSERT INTO payee_references (payee_id, payee_reference) VALUES ($1, $2) "
    "ON CONFLICT DO NOTHING";

// A payee's first call inserts its row already advanced past 1; every later call advances it under
// the row's lock, held to the end of the write: a concurrent capture of the same payee (in this
// process or another) waits, then reads the advanced value. Both paths return the value before the
// advance, so the series is 1, 2, 3, …, and a rollback gives the value back.
constexpr std::string_view next_invoice_sequence_sql =
    "INSERT INTO invoice_sequences (payee_id, next_value) VALUES ($1, 2) "
    "ON CONFLICT (payee_id) DO UPDATE SET next_value = invoice_sequences.next_value + 1 "
    "RETURNING next_value - 1";

constexpr std::string_view find_setting_sql = "SELECT value FROM settings WHERE name = $1";

// The first value stays: a later insert under the same name changes nothing.
constexpr std::string_view insert_setting_if_absent_sql =
    "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT DO NOTHING";

}  // namespace

std::optional<domain::Merchant> PostgresDbTransaction::find_merchant(std::string_view payee_id) {
    const auto& sql = merchant_sql();
    return find_one(connection_, sql.table, sql.by_payee_id, payee_id);
}

std::optional<domain::Merchant> PostgresDbTransaction::find_merchant_by_token_hash(
    std::string_view token_sha256_hex) {
    const auto& sql = merchant_sql();
    return find_one(connection_, sql.table, sql.by_token_hash, token_sha256_hex);
}

std::vector<domain::Merchant> PostgresDbTransaction::list_merchants() {
    const auto& sql = merchant_sql();
    return find_all(connection_, sql.table, sql.all);
}

std::optional<domain::Payment> PostgresDbTransaction::find_payment(std::string_view payment_id) {
    const auto& sql = payment_sql();
    return find_one(connection_, sql.table, sql.by_id, payment_id);
}

std::optional<domain::Payment> PostgresDbTransaction::find_payment_by_front_end_token(
    std::string_view front_end_token) {
    const auto& sql = payment_sql();
    return find_one(connection_, sql.table, sql.by_front_end_token, front_end_token);
}

std::vector<domain::Transaction> PostgresDbTransaction::list_transactions(
    std::string_view payment_id) {
    const auto& sql = transaction_sql();
    return find_all(connection_, sql.table, sql.of_payment, payment_id);
}

std::optional<domain::ApprovedLegalAddress> PostgresDbTransaction::find_approved_legal_address(
    std::string_view payment_id) {
    const auto& sql = payer_sql();
    return find_one(connection_, sql.addresses, sql.address_by_payment_id, payment_id);
}

std::optional<domain::AuthorizationDetails> PostgresDbTransaction::find_authorization_details(
    std::string_view transaction_id) {
    const auto& sql = payer_sql();
    return find_one(connection_, sql.details, sql.details_by_transaction_id, transaction_id);
}

std::optional<domain::PayerToken> PostgresDbTransaction::find_payer_token(std::string_view token) {
    const auto& sql = payer_sql();
    return find_one(connection_, sql.tokens, sql.token_by_token, token);
}

std::optional<domain::Invoice> PostgresDbTransaction::find_invoice(
    std::string_view transaction_id) {
    const auto& sql = invoice_sql();
    return find_one(connection_, sql.table, sql.by_transaction_id, transaction_id);
}

std::vector<domain::Invoice> PostgresDbTransaction::list_invoices(std::string_view payment_id) {
    const auto& sql = invoice_sql();
    return find_all(connection_, sql.table, sql.of_payment, payment_id);
}

std::optional<domain::CreditNote> PostgresDbTransaction::find_credit_note(
    std::string_view transaction_id) {
    const auto& sql = invoice_sql();
    return find_one(connection_, sql.notes, sql.note_by_transaction_id, transaction_id);
}

std::vector<domain::CreditNote> PostgresDbTransaction::list_credit_notes(
    std::string_view payment_id) {
    const auto& sql = invoice_sql();
    return find_all(connection_, sql.notes, sql.notes_of_payment, payment_id);
}

std::vector<domain::Transaction> PostgresDbTransaction::list_settled_transactions(
    std::string_view payee_id, domain::Timestamp from, domain::Timestamp to) {
    const auto& sql = transaction_sql();
    Statement statement = connection_.statement(sql.settled);
    statement.bind_text(1, payee_id);
    statement.bind_int64(2, from.unix_100ns);
    statement.bind_int64(3, to.unix_100ns);
    std::vector<domain::Transaction> found;
    while (statement.step()) found.push_back(read_row(statement, sql.table));
    return found;
}

std::optional<domain::PayerInput> PostgresDbTransaction::find_payer_input(
    std::string_view payment_id) {
    const auto& sql = payer_sql();
    return find_one(connection_, sql.inputs, sql.input_by_payment_id, payment_id);
}

std::optional<std::string> PostgresDbTransaction::find_setting(std::string_view name) {
    Statement statement = connection_.statement(find_setting_sql);
    statement.bind_text(1, name);
    if (!statement.step()) return std::nullopt;
    return statement.text(0);
}

std::optional<domain::CallbackDelivery> PostgresDbTransaction::find_callback_delivery(
    std::string_view id) {
    const auto& sql = callback_sql();
    return find_one(connection_, sql.deliveries, sql.by_id, id);
}

std::vector<domain::CallbackDelivery> PostgresDbTransaction::list_callback_deliveries(
    std::string_view payment_id) {
    const auto& sql = callback_sql();
    return find_all(connection_, sql.deliveries, sql.by_payment, payment_id);
}

std::vector<domain::CallbackDelivery> PostgresDbTransaction::list_callback_deliveries_matching(
    const CallbackFilter& filter) {
    const auto& sql = callback_sql();
    const std::string payee = filter.payee_id.value_or("");
    Statement statement = connection_.statement(sql.filtered);
    statement.bind_text(1, payee);
    statement.bind_text(2, filter.state ? to_sql(*filter.state) : std::string_view{});
    statement.bind_int64(3, filter.limit);
    std::vector<domain::CallbackDelivery> found;
    while (statement.step()) found.push_back(read_row(statement, sql.deliveries));
    return found;
}

std::vector<domain::CallbackAttempt> PostgresDbTransaction::list_callback_attempts(
    std::string_view delivery_id) {
    const auto& sql = callback_sql();
    return find_all(connection_, sql.attempts, sql.attempts_by_delivery, delivery_id);
}

std::optional<domain::Timestamp> PostgresDbTransaction::next_callback_due() {
    Statement statement = connection_.statement(callback_sql().next_due);
    if (!statement.step() || statement.is_null(0)) return std::nullopt;
    return domain::Timestamp{statement.int64(0)};
}

void PostgresDbTransaction::insert_callback_delivery(const domain::CallbackDelivery& delivery) {
    const auto& sql = callback_sql();
    write_row(connection_, sql.deliveries, sql.deliveries.insert, delivery);
}

void PostgresDbTransaction::update_callback_delivery(const domain::CallbackDelivery& delivery) {
    const auto& sql = callback_sql();
    if (write_row(connection_, sql.deliveries, sql.deliveries.update, delivery) != 1) {
        throw std::logic_error("update_callback_delivery: no delivery " + delivery.id);
    }
}

std::vector<domain::CallbackDelivery> PostgresDbTransaction::list_claimable_callback_deliveries(
    domain::Timestamp now, std::int32_t limit) {
    const auto& sql = callback_sql();
    Statement statement = connection_.statement(sql.claimable);
    statement.bind_int64(1, now.unix_100ns);
    statement.bind_int64(2, limit);
    std::vector<domain::CallbackDelivery> found;
    while (statement.step()) found.push_back(read_row(statement, sql.deliveries));
    return found;
}

std::optional<domain::CallbackDelivery> PostgresDbTransaction::find_callback_delivery_for_update(
    std::string_view id) {
    const auto& sql = callback_sql();
    return find_one(connection_, sql.deliveries, sql.by_id_for_update, id);
}

void PostgresDbTransaction::insert_callback_attempt(const domain::CallbackAttempt& attempt) {
    const auto& sql = callback_sql();
    write_row(connection_, sql.attempts, sql.attempts.insert, attempt);
}

bool PostgresDbTransaction::insert_merchant(const domain::Merchant& merchant) {
    const auto& sql = merchant_sql();
    return write_row(connection_, sql.table, sql.insert_unless_taken, merchant) == 1;
}

void PostgresDbTransaction::update_merchant(const domain::Merchant& merchant) {
    const auto& sql = merchant_sql();
    if (write_row(connection_, sql.table, sql.table.update, merchant) != 1) {
        throw std::logic_error("update_merchant: no merchant with payee id " + merchant.payee_id);
    }
}

std::optional<domain::Payment> PostgresDbTransaction::find_payment_for_update(
    std::string_view payment_id) {
    const auto& sql = payment_sql();
    return find_one(connection_, sql.table, sql.by_id_for_update, payment_id);
}

void PostgresDbTransaction::insert_payment(const domain::Payment& payment) {
    const auto& sql = payment_sql();
    write_row(connection_, sql.table, sql.table.insert, payment);
}

void PostgresDbTransaction::update_payment(const domain::Payment& payment) {
    const auto& sql = payment_sql();
    if (write_row(connection_, sql.table, sql.table.update, payment) != 1) {
        throw std::logic_error("update_payment: no payment with id " + payment.id);
    }
}

void PostgresDbTransaction::insert_transaction(const domain::Transaction& transaction) {
    const auto& sql = transaction_sql();
    write_row(connection_, sql.table, sql.table.insert, transaction);
}

void PostgresDbTransaction::update_transaction(const domain::Transaction& transaction) {
    const auto& sql = transaction_sql();
    if (write_row(connection_, sql.table, sql.table.update, transaction) != 1) {
        throw std::logic_error("update_transaction: no transaction with id " + transaction.id);
    }
}

bool PostgresDbTransaction::reserve_payee_reference(std::string_view payee_id,
                                                    std::string_view payee_reference) {
    Statement statement = connection_.statement(reserve_payee_reference_sql);
    statement.bind_text(1, payee_id);
    statement.bind_text(2, payee_reference);
    statement.run();
    return statement.changes() == 1;
}

std::int64_t PostgresDbTransaction::next_number() {
    if (numbers_ == nullptr) throw std::logic_error("next_number: called outside a write");
    return numbers_->next();
}

void PostgresDbTransaction::save_approved_legal_address(
    const domain::ApprovedLegalAddress& address) {
    const auto& sql = payer_sql();
    write_row(connection_, sql.addresses, sql.addresses.upsert, address);
}

void PostgresDbTransaction::insert_authorization_details(
    const domain::AuthorizationDetails& details) {
    const auto& sql = payer_sql();
    write_row(connection_, sql.details, sql.details.insert, details);
}

void PostgresDbTransaction::insert_payer_token(const domain::PayerToken& token) {
    const auto& sql = payer_sql();
    write_row(connection_, sql.tokens, sql.tokens.insert, token);
}

void PostgresDbTransaction::update_payer_token(const domain::PayerToken& token) {
    const auto& sql = payer_sql();
    if (write_row(connection_, sql.tokens, sql.tokens.update, token) != 1) {
        throw std::logic_error("update_payer_token: no payer token " + token.token);
    }
}

void PostgresDbTransaction::insert_invoice(const domain::Invoice& invoice) {
    const auto& sql = invoice_sql();
    write_row(connection_, sql.table, sql.table.insert, invoice);
}

void PostgresDbTransaction::insert_credit_note(const domain::CreditNote& note) {
    const auto& sql = invoice_sql();
    write_row(connection_, sql.notes, sql.notes.insert, note);
}

std::int64_t PostgresDbTransaction::next_invoice_sequence(std::string_view payee_id) {
    Statement statement = connection_.statement(next_invoice_sequence_sql);
    statement.bind_text(1, payee_id);
    if (!statement.step()) statement.fail_on_content("the invoice sequence upsert returned no row");
    return statement.int64(0);
}

void PostgresDbTransaction::save_payer_input(const domain::PayerInput& input) {
    const auto& sql = payer_sql();
    write_row(connection_, sql.inputs, sql.inputs.upsert, input);
}

bool PostgresDbTransaction::insert_setting_if_absent(std::string_view name,
                                                     std::string_view value) {
    Statement statement = connection_.statement(insert_setting_if_absent_sql);
    statement.bind_text(1, name);
    statement.bind_text(2, value);
    statement.run();
    return statement.changes() == 1;
}

}  // namespace faktura::storage::postgres
