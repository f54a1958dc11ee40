// SqliteDbTransaction: each method hands its table's work to that table's *_rows.cpp (or to
// counters.cpp) and turns "no row changed" into the logic_error the interface promises.
#include "storage/sqlite/db_transaction.hpp"

#include <stdexcept>
#include <string>

#include "storage/sqlite/callback_rows.hpp"
#include "storage/sqlite/counters.hpp"
#include "storage/sqlite/invoice_rows.hpp"
#include "storage/sqlite/merchant_rows.hpp"
#include "storage/sqlite/payer_rows.hpp"
#include "storage/sqlite/payment_rows.hpp"
#include "storage/sqlite/transaction_rows.hpp"

namespace faktura::storage::sqlite {

std::optional<domain::Merchant> SqliteDbTransaction::find_merchant(std::string_view payee_id) {
    return merchant_rows::find_by_payee_id(connection_, payee_id);
}

std::optional<domain::Merchant> SqliteDbTransaction::find_merchant_by_token_hash(
    std::string_view token_sha256_hex) {
    return merchant_rows::find_by_token_hash(connection_, token_sha256_hex);
}

std::vector<domain::Merchant> SqliteDbTransaction::list_merchants() {
    return merchant_rows::list(connection_);
}

std::optional<domain::Payment> SqliteDbTransaction::find_payment(std::string_view payment_id) {
    return payment_rows::find_by_id(connection_, payment_id);
}

std::optional<domain::Payment> SqliteDbTransaction::find_payment_by_front_end_token(
    std::string_view front_end_token) {
    return payment_rows::find_by_front_end_token(connection_, front_end_token);
}

std::vector<domain::Transaction> SqliteDbTransaction::list_transactions(
    std::string_view payment_id) {
    return transaction_rows::list_of_payment(connection_, payment_id);
}

std::optional<domain::ApprovedLegalAddress> SqliteDbTransaction::find_approved_legal_address(
    std::string_view payment_id) {
    return payer_rows::find_approved_legal_address(connection_, payment_id);
}

std::optional<domain::AuthorizationDetails> SqliteDbTransaction::find_authorization_details(
    std::string_view transaction_id) {
    return payer_rows::find_authorization_details(connection_, transaction_id);
}

std::optional<domain::PayerToken> SqliteDbTransaction::find_payer_token(std::string_view token) {
    return payer_rows::find_payer_token(connection_, token);
}

std::optional<domain::Invoice> SqliteDbTransaction::find_invoice(std::string_view transaction_id) {
    return invoice_rows::find_by_transaction_id(connection_, transaction_id);
}

std::vector<domain::Invoice> SqliteDbTransaction::list_invoices(std::string_view payment_id) {
    return invoice_rows::list_of_payment(connection_, payment_id);
}

std::optional<domain::CreditNote> SqliteDbTransaction::find_credit_note(
    std::string_view transaction_id) {
    return invoice_rows::find_credit_note(connection_, transaction_id);
}

std::vector<domain::CreditNote> SqliteDbTransaction::list_credit_notes(
    std::string_view payment_id) {
    return invoice_rows::list_credit_notes_of_payment(connection_, payment_id);
}

std::vector<domain::Transaction> SqliteDbTransaction::list_settled_transactions(
    std::string_view payee_id, domain::Timestamp from, domain::Timestamp to) {
    return transaction_rows::list_settled(connection_, payee_id, from, to);
}

std::optional<domain::PayerInput> SqliteDbTransaction::find_payer_input(
    std::string_view payment_id) {
    return payer_rows::find_payer_input(connection_, payment_id);
}

std::optional<std::string> SqliteDbTransaction::find_setting(std::string_view name) {
    return counters::find_setting(connection_, name);
}

std::optional<domain::CallbackDelivery> SqliteDbTransaction::find_callback_delivery(
    std::string_view id) {
    return callback_rows::find_delivery(connection_, id);
}

std::vector<domain::CallbackDelivery> SqliteDbTransaction::list_callback_deliveries(
    std::string_view payment_id) {
    return callback_rows::list_deliveries_of_payment(connection_, payment_id);
}

std::vector<domain::CallbackDelivery> SqliteDbTransaction::list_callback_deliveries_matching(
    const CallbackFilter& filter) {
    return callback_rows::list_deliveries(connection_, filter);
}

std::vector<domain::CallbackAttempt> SqliteDbTransaction::list_callback_attempts(
    std::string_view delivery_id) {
    return callback_rows::list_attempts(connection_, delivery_id);
}

std::optional<domain::Timestamp> SqliteDbTransaction::next_callback_due() {
    return callback_rows::next_due(connection_);
}

void SqliteDbTransaction::insert_callback_delivery(const domain::CallbackDelivery& delivery) {
    callback_rows::insert_delivery(connection_, delivery);
}

void SqliteDbTransaction::update_callback_delivery(const domain::CallbackDelivery& delivery) {
    if (!callback_rows::update_delivery(connection_, delivery)) {
        throw std::logic_error("update_callback_delivery: no delivery " + delivery.id);
    }
}

std::vector<domain::CallbackDelivery> SqliteDbTransaction::list_claimable_callback_deliveries(
    domain::Timestamp now, std::int32_t limit) {
    return callback_rows::list_claimable(connection_, now, limit);
}

std::optional<domain::CallbackDelivery> SqliteDbTransaction::find_callback_delivery_for_update(
    std::string_view id) {
    return callback_rows::find_delivery(connection_, id);
}

void SqliteDbTransaction::insert_callback_attempt(const domain::CallbackAttempt& attempt) {
    callback_rows::insert_attempt(connection_, attempt);
}

bool SqliteDbTransaction::insert_merchant(const domain::Merchant& merchant) {
    return merchant_rows::insert_unless_taken(connection_, merchant);
}

void SqliteDbTransaction::update_merchant(const domain::Merchant& merchant) {
    if (!merchant_rows::update(connection_, merchant)) {
        throw std::logic_error("update_merchant: no merchant with payee id " + merchant.payee_id);
    }
}

std::optional<domain::Payment> SqliteDbTransaction::find_payment_for_update(
    std::string_view payment_id) {
    return find_payment(payment_id);
}

void SqliteDbTransaction::insert_payment(const domain::Payment& payment) {
    payment_rows::insert(connection_, payment);
}

void SqliteDbTransaction::update_payment(const domain::Payment& payment) {
    if (!payment_rows::update(connection_, payment)) {
        throw std::logic_error("update_payment: no payment with id " + payment.id);
    }
}

void SqliteDbTransaction::insert_transaction(const domain::Transaction& transaction) {
    transaction_rows::insert(connection_, transaction);
}

void SqliteDbTransaction::update_transaction(const domain::Transaction& transaction) {
    if (!transaction_rows::update(connection_, transaction)) {
        throw std::logic_error("update_transaction: no transaction with id " + transaction.id);
    }
}

bool SqliteDbTransaction::reserve_payee_reference(std::string_view payee_id,
                                                  std::string_view payee_reference) {
    return counters::reserve_payee_reference(connection_, payee_id, payee_reference);
}

std::int64_t SqliteDbTransaction::next_number() {
    if (numbers_ == nullptr) throw std::logic_error("next_number: called outside a write job");
    return numbers_->next(connection_);
}

void SqliteDbTransaction::save_approved_legal_address(const domain::ApprovedLegalAddress& address) {
    payer_rows::save_approved_legal_address(connection_, address);
}

void SqliteDbTransaction::insert_authorization_details(
    const domain::AuthorizationDetails& details) {
    payer_rows::insert_authorization_details(connection_, details);
}

void SqliteDbTransaction::insert_payer_token(const domain::PayerToken& token) {
    payer_rows::insert_payer_token(connection_, token);
}

void SqliteDbTransaction::update_payer_token(const domain::PayerToken& token) {
    if (!payer_rows::update_payer_token(connection_, token)) {
        throw std::logic_error("update_payer_token: no payer token " + token.token);
    }
}

void SqliteDbTransaction::insert_invoice(const domain::Invoice& invoice) {
    invoice_rows::insert(connection_, invoice);
}

void SqliteDbTransaction::insert_credit_note(const domain::CreditNote& note) {
    invoice_rows::insert_credit_note(connection_, note);
}

std::int64_t SqliteDbTransaction::next_invoice_sequence(std::string_view payee_id) {
    return counters::next_invoice_sequence(connection_, payee_id);
}

void SqliteDbTransaction::save_payer_input(const domain::PayerInput& input) {
    payer_rows::save_payer_input(connection_, input);
}

bool SqliteDbTransaction::insert_setting_if_absent(std::string_view name, std::string_view value) {
    return counters::insert_setting_if_absent(connection_, name, value);
}

}  // namespace faktura::storage::sqlite
